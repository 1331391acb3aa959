// The pack's shared reading of a stack (policies/lib/) judged directly: which trust level a subject
// is held to, what it declares and references, the signing config checks, host and name matching,
// and how findings are worded. Everything is built inside each test (see guardrails.test.ts).
import { describe, expect, it } from "vitest";
import { allowedAtAll, judgedLevels, levelsText } from "../../policies/lib/allow";
import { workloadOf } from "../../policies/lib/context";
import { autographEntriesOf, declaredTexts, imagesOf, secretNamesOf, textsOf } from "../../policies/lib/declarations";
import { addDays, dueDateOf, environmentNamespaceOf, isIsoDate } from "../../policies/lib/environment";
import { environmentServiceRef, hostLines, matchesNamePattern, matchingPatterns, mentionedHosts, mentionsBucket, mentionsHost, normalizeHost } from "../../policies/lib/hosts";
import { workloadView } from "../../policies/lib/hygiene";
import { containersOf, isWorkloadKind, kubeKind, metaOf, objectLabel, podLabelsOf, podSpecOf } from "../../policies/lib/k8s";
import { buildModel, stackKindOfName, stackLevelOfName, stackNameOf } from "../../policies/lib/model";
import { configOf, docsUrl, isStackPolicy, stringList } from "../../policies/lib/policy";
import { because, findings } from "../../policies/lib/report";
import { autographServerOf, initWorkerProblems, passwordsProblems } from "../../policies/lib/signing";
import { claimsNonProd, claimsProd, isDevOnly, parseWorkerType, trustOf } from "../../policies/lib/trust";
import { configMap, container, deployment, kube, poolLabels, secret, type Res } from "./helpers";

const PROD = "https://prod.autograph.prod.webservices.mozgcp.net";
const STAGE = "https://stage.autograph.nonprod.webservices.mozgcp.net";

function subjectOf(resources: Res[], name?: string) {
  const model = buildModel(resources);
  const subject = model.subjects.find((s) => (name ? s.meta.name === name : s.isWorkload))!;
  return { model, subject, trust: trustOf(subject, model) };
}
const worker = (env: Record<string, string>, labels: Record<string, string> = {}, stack = "misc") =>
  deployment(stack, "w", "ns", labels, [container({ env: Object.entries(env).map(([name, value]) => ({ name, value })) })]);

describe("trustOf: every signal counts", () => {
  it("reads the level from the label, ENV, worker type, worker level and stack name, with evidence", () => {
    expect(subjectOf([worker({}, poolLabels("dep", "1", "signing", "gecko-1-signing"))]).trust).toMatchObject({
      isPool: true,
      levels: new Set(["dep"]),
      evidence: ["label trust-level=dep", "worker type gecko-1-signing"],
      workerLevel: "1",
      script: "signing",
      workerType: "gecko-1-signing",
    });
    const t = subjectOf([worker({ ENV: " Fake-Prod ", COT_PRODUCT: "firefox" })]).trust;
    expect([...t.levels]).toEqual(["dep"]);
    expect(t.evidence).toEqual(["ENV=fake-prod"]);
    expect(t.isPool).toBe(true);
    expect([...subjectOf([worker({ ENV: "prod", PROJECT_NAME: "signing" })]).trust.levels]).toEqual(["prod"]);
    expect([...subjectOf([worker({ ENV: "dev", TASKCLUSTER_ROOT_URL: "x" })]).trust.levels]).toEqual(["dev"]);
    expect(subjectOf([worker({ WORKER_TYPE: "gecko-3-signing" })]).trust.evidence).toEqual(["worker type gecko-3-signing", "worker level 3"]);
    expect([...subjectOf([worker({ WORKER_TYPE: "gecko-1-signing-dev" })]).trust.levels]).toEqual(["dev"]);
    expect(subjectOf([worker({}, { "releng.mozilla.org/worker-level": "3" })]).trust.evidence).toEqual(["worker level 3"]);
    expect(subjectOf([worker({}, {}, "pools-dev")]).trust).toMatchObject({ isPool: true, levels: new Set(["dev"]), evidence: ["stack pools-dev"] });
    expect(subjectOf([worker({}, { "releng.mozilla.org/trust-level": "PROD" })]).trust.evidence).toEqual(["label trust-level=prod"]);
    expect(subjectOf([worker({}, { "releng.mozilla.org/trust-level": "staging" })]).trust.levels.size).toBe(0);
    expect(subjectOf([worker({ ENV: "staging", COT_PRODUCT: "x" })]).trust).toMatchObject({ isPool: false, levels: new Set() });
  });

  it("takes the script from the label, the worker type or PROJECT_NAME, lower-cased", () => {
    expect(subjectOf([worker({}, { "releng.mozilla.org/script": "Beetmover" })]).trust.script).toBe("beetmover");
    expect(subjectOf([worker({ WORKER_TYPE: "gecko-1-balrog" })]).trust.script).toBe("balrog");
    expect(subjectOf([worker({ PROJECT_NAME: "Tree" })]).trust.script).toBe("tree");
  });

  it("calls a subject a pool or an environment by kind label, pool labels, scriptworker env, namespace or stack", () => {
    expect(subjectOf([worker({})]).trust).toMatchObject({ isPool: false, isEnvironment: false });
    expect(subjectOf([worker({}, { "releng.mozilla.org/stack-kind": "Pools" })]).trust.isPool).toBe(true);
    for (const k of ["trust-level", "worker-level", "worker-type", "script"]) expect(subjectOf([worker({}, { [`releng.mozilla.org/${k}`]: "x" })]).trust.isPool, k).toBe(true);
    expect(subjectOf([worker({ ENV: "prod" })]).trust.isPool).toBe(false); // ENV alone is not a scriptworker
    expect(subjectOf([worker({}, { "releng.mozilla.org/stack-kind": "Environment" })]).trust.isEnvironment).toBe(true);
    expect(subjectOf([worker({}, { "releng.mozilla.org/service": "balrog" })]).trust.isEnvironment).toBe(true);
    expect(subjectOf([deployment("misc", "w", "env-x", {}, [container()])]).trust.isEnvironment).toBe(true);
    expect(subjectOf([worker({}, {}, "env-x")]).trust.isEnvironment).toBe(true);
  });

  it("judges prod if anything says prod, non-prod if anything says dep/dev, dev only if everything says dev", () => {
    const view = (levels: string[], isPool = true, isEnvironment = false) => ({ isPool, isEnvironment, levels: new Set(levels) as never, evidence: [] });
    expect(claimsProd(view(["dep", "prod"]))).toBe(true);
    expect(claimsProd(view(["prod"], false))).toBe(false);
    expect(claimsNonProd(view(["prod", "dev"]))).toBe(true);
    expect(claimsNonProd(view(["prod"]))).toBe(false);
    expect(claimsNonProd(view([], false, true))).toBe(true);
    expect(claimsNonProd(view(["dep"], false))).toBe(false);
    expect(isDevOnly(view(["dev"]))).toBe(true);
    expect(isDevOnly(view(["dev", "dep"]))).toBe(false);
    expect(isDevOnly(view(["dev"], true, true))).toBe(false);
    expect(isDevOnly(view(["dev"], false))).toBe(false);
    expect(isDevOnly(view(["dep"]))).toBe(false);
  });

  it("parses worker types, with products of several words, and nothing else", () => {
    expect(parseWorkerType(" Mobile-1-Beetmover-Dev ")).toEqual({ level: "1", script: "beetmover", dev: true });
    expect(parseWorkerType("app-services-3-beetmover")).toEqual({ level: "3", script: "beetmover", dev: false });
    expect(parseWorkerType("gecko-2-signing")).toBeUndefined();
    expect(parseWorkerType("x-gecko-3-signing-devx")).toBeUndefined();
    expect(parseWorkerType("3-signing")).toBeUndefined();
  });
});

describe("allow-lists at several levels", () => {
  it("give only what every judged level allows, and nothing without a level", () => {
    const table = { prod: ["a", "b"], dep: ["b", "c"], dev: ["b", "c", "d"] } as const;
    expect(allowedAtAll(["prod"], table)).toEqual(["a", "b"]);
    expect(allowedAtAll(["dep", "prod"], table)).toEqual(["b"]);
    expect(allowedAtAll(["dev", "dep"], table)).toEqual(["b", "c"]);
    expect(allowedAtAll([], table)).toEqual([]);
    expect(levelsText([])).toBe("unknown-level");
    expect(levelsText(["dep", "prod"])).toBe("dep/prod");
    expect(judgedLevels({ levels: new Set(["prod", "dep"]) } as never)).toEqual(["dep", "prod"]);
  });
});

describe("the stack model", () => {
  it("links a workload to the Secrets and ConfigMaps it reads by env, envFrom, volumes and projected volumes, in its namespace only", () => {
    const pod = deployment("pools-dep", "w", "ns", {}, [
      container({
        env: [
          { name: "A", valueFrom: { secretKeyRef: { name: "s-env", key: "A" } } },
          { name: "B", valueFrom: { configMapKeyRef: { name: "c-env", key: "B" } } },
          { name: 7 },
          null,
        ],
        envFrom: [{ secretRef: { name: "s-from" } }, { configMapRef: { name: "c-from" } }],
      }),
    ], { volumes: [{ name: "v1", secret: { secretName: "s-vol" } }, { name: "v2", configMap: { name: "c-vol" } }, { name: "v3", projected: { sources: [{ secret: { name: "s-proj" } }, { configMap: { name: "c-proj" } }] } }] });
    const resources = [
      pod,
      ...["s-env", "s-from", "s-vol", "s-proj", "s-other"].map((n) => secret("pools-dep", n, "ns", ["K"])),
      secret("pools-dep", "s-env", "elsewhere", ["X"]),
      ...["c-env", "c-from", "c-vol", "c-proj", "w-autograph"].map((n) => configMap("pools-dep", n, "ns", { k: "v" })),
    ];
    const model = buildModel(resources);
    expect(model).toMatchObject({ stack: "pools-dep", kind: "pools", level: "dep" });
    const w = model.subjects.find((s) => s.isWorkload)!;
    expect(w.secrets.map((s) => `${s.props.metadata.namespace}/${s.props.metadata.name}`).sort()).toEqual(["ns/s-env", "ns/s-from", "ns/s-proj", "ns/s-vol"]);
    expect(w.configMaps.map((s) => s.props.metadata.name).sort()).toEqual(["c-env", "c-from", "c-proj", "c-vol", "w-autograph"]);
    expect(w.env).toEqual([
      { name: "A", value: undefined, secretRef: { name: "s-env", key: "A" }, configMapRef: undefined, where: "containers[0] (app) env A" },
      { name: "B", value: undefined, secretRef: undefined, configMapRef: { name: "c-env", key: "B" }, where: "containers[0] (app) env B" },
    ]);
    // What no workload references stands alone.
    const loose = model.subjects.filter((s) => !s.isWorkload).map((s) => `${s.kind} ${s.meta.namespace}/${s.meta.name}`);
    expect(loose.sort()).toEqual(["Secret elsewhere/s-env", "Secret ns/s-other"]);
    const lone = model.subjects.find((s) => s.meta.name === "s-other")!;
    expect(lone.secrets).toEqual([lone.resource]);
    expect(lone.configMaps).toEqual([]);
  });

  it("keeps numbers and booleans of env values as text", () => {
    const { subject } = subjectOf([deployment("x", "w", "ns", {}, [container({ env: [{ name: "N", value: 3 }, { name: "B", value: true }, { name: "O", value: {} }] })])]);
    expect(subject.env.map((e) => e.value)).toEqual(["3", "true", undefined]);
  });

  it("reads stack names and kinds", () => {
    expect(stackNameOf("urn:pulumi:env-x::releng-envs::t::n")).toBe("env-x");
    expect(stackNameOf("not a urn")).toBe("");
    expect(stackKindOfName("env-x")).toBe("environment");
    expect(stackKindOfName("pools-dep")).toBe("pools");
    expect(stackKindOfName("platform-prod")).toBe("platform");
    expect(stackKindOfName("other")).toBeUndefined();
    expect(stackLevelOfName("pools-dev-gke")).toBe("dev");
    expect(stackLevelOfName("xpools-dev")).toBeUndefined();
  });
});

describe("Kubernetes shapes", () => {
  it("finds pod specs, pod labels and containers wherever a kind keeps them", () => {
    const spec = { containers: [{ name: "a" }], initContainers: [{ name: "i" }], ephemeralContainers: [null] };
    expect(podSpecOf("Pod", { spec })).toBe(spec);
    expect(podSpecOf("CronJob", { spec: { jobTemplate: { spec: { template: { spec } } } } })).toBe(spec);
    for (const k of ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]) expect(podSpecOf(k, { spec: { template: { spec } } }), k).toBe(spec);
    expect(podSpecOf("Service", { spec })).toBeUndefined();
    expect(containersOf(spec).map((c) => [c.where, c.init])).toEqual([
      ["initContainers[0] (i)", true],
      ["containers[0] (a)", false],
      ["ephemeralContainers[0] (unnamed)", true],
    ]);
    expect(containersOf(undefined)).toEqual([]);
    expect(podLabelsOf("CronJob", { metadata: { labels: { a: "1", b: "1" } }, spec: { jobTemplate: { spec: { template: { metadata: { labels: { b: "2" } } } } } } })).toEqual({ a: "1", b: "2" });
    expect(podLabelsOf("Pod", { metadata: { labels: { a: 1 } } })).toEqual({ a: "1" });
    expect(podLabelsOf("Deployment", { metadata: { labels: { a: "1" } }, spec: { template: { metadata: { labels: { c: "3", d: null } } } } })).toEqual({ a: "1", c: "3" });
  });

  it("names kinds from type tokens and objects for findings", () => {
    expect(kubeKind("kubernetes:apps/v1:Deployment")).toBe("Deployment");
    expect(kubeKind("kubernetes:helm.sh/v3:Chart")).toBeUndefined();
    expect(kubeKind("kubernetes:yaml:ConfigFile")).toBeUndefined();
    expect(kubeKind("gcp:storage/bucket:Bucket")).toBeUndefined();
    expect(kubeKind("kubernetes:")).toBeUndefined();
    expect(isWorkloadKind("CronJob")).toBe(true);
    expect(isWorkloadKind("Service")).toBe(false);
    expect(isWorkloadKind(undefined)).toBe(false);
    expect(metaOf({ metadata: { name: 1, namespace: null } })).toEqual({ name: "", namespace: "", labels: {}, annotations: {} });
    expect(objectLabel({ type: "kubernetes:core/v1:Secret", urn: "u", name: "res", props: { metadata: { name: "s", namespace: "ns" } } })).toBe("Secret ns/s");
    expect(objectLabel({ type: "gcp:x/y:Z", urn: "u", name: "res", props: {} })).toBe("gcp:x/y:Z res");
  });
});

describe("what a subject declares", () => {
  it("lists credential names with where each is held", () => {
    const { subject } = subjectOf([
      deployment("x", "w", "ns", {}, [container({ env: [{ name: "TOKEN", valueFrom: { secretKeyRef: { name: "s", key: "T" } } }] })]),
      secret("x", "s", "ns", ["T"]),
      kube("x", "Secret", { metadata: { name: "s2", namespace: "ns" }, data: { D: "eA==" } }),
    ]);
    expect(secretNamesOf(subject).map((n) => `${n.name} @ ${n.where}`)).toEqual(["TOKEN @ containers[0] (app) env TOKEN", "T @ Secret s stringData.T"]);
  });

  it("lists texts (env values, commands, args, ConfigMap data) and images", () => {
    const { subject } = subjectOf([
      deployment("x", "w", "ns", {}, [container({ env: [{ name: "URL", value: "https://a.example" }, { name: "EMPTY", value: "" }], command: ["run", 5], args: ["--x"] })]),
      configMap("x", "w-autograph", "ns", { "autograph.json": JSON.stringify([{ url: STAGE, formats: ["f"], certScope: "c" }]), other: "text" }),
    ]);
    expect(textsOf(subject).map((t) => `${t.text} @ ${t.where}`)).toEqual([
      "https://a.example @ containers[0] (app) env URL",
      "run @ containers[0] (app) command[0]",
      "--x @ containers[0] (app) args[0]",
      `${JSON.stringify([{ url: STAGE, formats: ["f"], certScope: "c" }])} @ ConfigMap w-autograph data.autograph.json`,
      "text @ ConfigMap w-autograph data.other",
    ]);
    // The Autograph record is judged entry by entry, not as one text.
    expect(declaredTexts(subject).map((t) => t.where)).toEqual(["containers[0] (app) env URL", "containers[0] (app) command[0]", "containers[0] (app) args[0]", "ConfigMap w-autograph data.other", "ConfigMap w-autograph autograph.json[0]"]);
    expect(imagesOf(subject).map((i) => `${i.image} @ ${i.where}`)).toEqual(["mozilla/balrog:v3.80 @ containers[0] (app)"]);
  });

  it("reads Autograph entries from the mounted passwords.yml and the older autograph.json record", () => {
    const passwords = { "project:releng:signing:cert:dep-signing": [[PROD, { $eval: "A_USERNAME" }, { $eval: "A_PASSWORD" }, ["f1", 2]], "not-a-row", [STAGE, 0, 0, "no-list"]], other: "not rows" };
    const { subject } = subjectOf([
      deployment("x", "w", "ns", {}, [container()], { volumes: [{ name: "c", configMap: { name: "sig" } }] }),
      configMap("x", "sig", "ns", { "passwords.yml": JSON.stringify(passwords), "autograph.json": JSON.stringify([{ url: STAGE, formats: ["s"], certScope: 5 }, null, { formats: "x" }]) }),
    ]);
    expect(autographEntriesOf(subject).map(({ url, formats, certScope, where }) => ({ url, formats, certScope, where }))).toEqual([
      { url: PROD, formats: ["f1", "2"], certScope: "project:releng:signing:cert:dep-signing", where: 'ConfigMap sig passwords.yml["project:releng:signing:cert:dep-signing"][0]' },
      { url: STAGE, formats: [], certScope: "project:releng:signing:cert:dep-signing", where: 'ConfigMap sig passwords.yml["project:releng:signing:cert:dep-signing"][2]' },
      { url: STAGE, formats: ["s"], certScope: undefined, where: "ConfigMap sig autograph.json[0]" },
      { url: "", formats: [], certScope: undefined, where: "ConfigMap sig autograph.json[2]" },
    ]);
    const broken = subjectOf([deployment("x", "w", "ns", {}, [container()], { volumes: [{ name: "c", configMap: { name: "sig" } }] }), configMap("x", "sig", "ns", { "passwords.yml": "{ not yaml", "autograph.json": "[" })]).subject;
    expect(autographEntriesOf(broken)).toEqual([]);
  });
});

describe("the mounted signing config", () => {
  const entry = (url: unknown = PROD, user: unknown = { $eval: "AUTOGRAPH_GPG_USERNAME" }, password: unknown = { $eval: "AUTOGRAPH_GPG_PASSWORD" }, formats: unknown = ["gcp_prod_autograph_gpg"], ...rest: unknown[]) => [url, user, password, formats, ...rest];
  const doc = (rows: unknown, scope = "project:releng:signing:cert:dep-signing") => JSON.stringify({ [scope]: rows });
  const dep = (text: string, product: string | undefined = "firefox") => passwordsProblems(text, ["dep"], product);

  it("accepts what the program generates for each level", () => {
    expect(dep(doc([entry()]))).toEqual([]);
    expect(dep(doc([entry(PROD, undefined, undefined, undefined, "key-1")]))).toEqual([]);
    expect(passwordsProblems(doc([entry(STAGE, { $eval: "AUTOGRAPH_STAGE_GPG_USERNAME" }, { $eval: "AUTOGRAPH_STAGE_GPG_PASSWORD" }, ["stage_autograph_gpg"])]), ["dev"], "firefox")).toEqual([]);
    expect(passwordsProblems(doc([entry(PROD, { $eval: "AUTOGRAPH_MAR_RELEASE_USERNAME" }, { $eval: "AUTOGRAPH_MAR_RELEASE_PASSWORD" })], "project:releng:signing:cert:release-signing"), ["prod"], "firefox")).toEqual([]);
  });

  it("refuses what it cannot read as plain rows", () => {
    expect(dep("{ not: yaml: [")).toEqual(["passwords.yml is not valid YAML"]);
    expect(dep("[1, 2]")).toEqual(["passwords.yml must be a mapping of cert scope to Autograph entries"]);
    expect(dep("{}")).toEqual(["passwords.yml lists no Autograph server"]);
    expect(dep(JSON.stringify({ $if: "x" }))).toEqual(["passwords.yml uses json-e operator $if; only a plain mapping of cert scopes is accepted", "$if: entries must be a list of [url, {$eval: …_USERNAME}, {$eval: …_PASSWORD}, [formats], keyId?]"]);
    const scope = "project:releng:signing:cert:dep-signing";
    expect(dep(doc("x"))).toEqual([`${scope}: entries must be a list of [url, {$eval: …_USERNAME}, {$eval: …_PASSWORD}, [formats], keyId?]`]);
    for (const row of ["x", [PROD, 1, 2], [...entry(), "k", "extra"]]) expect(dep(doc([row])), JSON.stringify(row)).toEqual([`${scope}[0]: not an entry [url, user, password, [formats], keyId?]`]);
    expect(dep(doc([entry({ $eval: "URL" })]))).toEqual([`${scope}[0]: the server URL is not a literal string`]);
    expect(dep(doc([entry(PROD, undefined, undefined, undefined, 5)]))).toEqual([`${scope}[0]: keyId must be a string`]);
    for (const formats of [[], "gcp_prod_autograph_gpg", [1]]) expect(dep(doc([entry(PROD, undefined, undefined, formats)])), JSON.stringify(formats)).toEqual([`${scope}[0]: formats must be a non-empty list of names`]);
  });

  it("refuses servers, formats, scopes and credentials off the level's lists", () => {
    const scope = "project:releng:signing:cert:dep-signing";
    expect(dep(doc([entry(STAGE)]))).toEqual([
      `${scope}[0]: stage.autograph.nonprod.webservices.mozgcp.net is not an Autograph server a dep pool may use (prod.autograph.prod.webservices.mozgcp.net, autograph-external.prod.autograph.services.mozaws.net)`,
      `${scope}[0]: gcp_prod_autograph_gpg is not a format of Autograph stage`,
    ]);
    expect(dep(doc([entry("not a url")]))[0]).toBe(`${scope}[0]: not a url is not an Autograph server a dep pool may use (prod.autograph.prod.webservices.mozgcp.net, autograph-external.prod.autograph.services.mozaws.net)`);
    expect(passwordsProblems(doc([entry("https://autograph.example")]), [], "firefox")).toContain(`${scope}[0]: autograph.example is not an Autograph server a unknown-level pool may use (none)`);
    expect(dep(doc([entry(PROD, undefined, undefined, ["stage_autograph_gpg", "x"])]))).toEqual([`${scope}[0]: stage_autograph_gpg, x are not formats of Autograph prod`]);
    expect(dep(doc([entry(PROD, { $eval: "AUTOGRAPH_MAR_RELEASE_USERNAME" }, { $eval: "AUTOGRAPH_MAR_RELEASE_PASSWORD" })]))).toEqual([`${scope}[0]: credential AUTOGRAPH_MAR_RELEASE is not one a dep pool may use with Autograph prod`]);
    expect(dep(doc([entry("https://autograph.example", { $eval: "AUTOGRAPH_MAR_RELEASE_USERNAME" }, { $eval: "AUTOGRAPH_MAR_RELEASE_PASSWORD" })]))).toContain(`${scope}[0]: credential AUTOGRAPH_MAR_RELEASE is not one a dep pool may use`);
    // A dev pool may use stage credentials only with the stage server.
    expect(passwordsProblems(doc([entry(PROD, { $eval: "AUTOGRAPH_STAGE_GPG_USERNAME" }, { $eval: "AUTOGRAPH_STAGE_GPG_PASSWORD" })]), ["dev"], "firefox")).toEqual([`${scope}[0]: credential AUTOGRAPH_STAGE_GPG is not one a dev pool may use with Autograph prod`]);
    // …and a pool some signal calls dep gets no stage allowance at all.
    expect(passwordsProblems(doc([entry(STAGE, { $eval: "AUTOGRAPH_STAGE_GPG_USERNAME" }, { $eval: "AUTOGRAPH_STAGE_GPG_PASSWORD" }, ["stage_autograph_gpg"])]), ["dep", "dev"], "firefox").length).toBeGreaterThan(0);
    for (const [user, password] of [
      [{ $eval: "AUTOGRAPH_GPG_USERNAME" }, { $eval: "AUTOGRAPH_XPI_PASSWORD" }],
      [{ $eval: "AUTOGRAPH_GPG_PASSWORD" }, { $eval: "AUTOGRAPH_GPG_PASSWORD" }],
      ["AUTOGRAPH_GPG_USERNAME", { $eval: "AUTOGRAPH_GPG_PASSWORD" }],
      [{ $eval: "AUTOGRAPH_GPG_USERNAME", x: 1 }, { $eval: "AUTOGRAPH_GPG_PASSWORD" }],
      [{ $eval: 5 }, { $eval: "AUTOGRAPH_GPG_PASSWORD" }],
      [{ $eval: "lower_USERNAME" }, { $eval: "lower_PASSWORD" }],
    ]) {
      expect(dep(doc([entry(PROD, user, password)])), JSON.stringify([user, password])).toEqual([`${scope}[0]: credentials must be {$eval: <PREFIX>_USERNAME} and {$eval: <PREFIX>_PASSWORD} of one prefix`]);
    }
    expect(dep(doc([entry()], "project:releng:signing:cert:release-signing"))).toEqual(["cert scope project:releng:signing:cert:release-signing is not one a dep pool may hold (…cert:{dep-signing})"]);
    expect(dep(doc([entry()], "dep-signing"))).toEqual(["cert scope dep-signing is not one a dep pool may hold (…cert:{dep-signing})"]);
    expect(dep(doc([entry()], "project:comm:thunderbird:releng:signing:cert:dep-signing"))).toEqual(["cert scope project:comm:thunderbird:releng:signing:cert:dep-signing does not belong to product firefox (project:releng:signing:cert:…)"]);
    expect(passwordsProblems(doc([entry()]), ["dep"], undefined)).toEqual(["cert scope project:releng:signing:cert:dep-signing does not belong to product (unknown) (no known prefixcert:…)"]);
  });

  it("knows Autograph servers by any spelling of their hosts", () => {
    expect(autographServerOf("https://AUTOGRAPH-EXTERNAL.prod.autograph.services.mozaws.net.:443/x")).toBe("prod");
    expect(autographServerOf(STAGE)).toBe("stage");
    expect(autographServerOf("https://autograph.example")).toBeUndefined();
    expect(autographServerOf("https://u:p@prod.autograph.prod.webservices.mozgcp.net")).toBeUndefined();
  });

  it("refuses an init_worker.sh that demands stage credentials below dev", () => {
    const script = "test_var_set AUTOGRAPH_STAGE_GPG_USERNAME\ntest_var_set AUTOGRAPH_STAGE_GPG_USERNAME\ntest_var_set AUTOGRAPH_STAGE_XPI_PASSWORD\n";
    expect(initWorkerProblems(script, ["dep"])).toEqual(["init_worker.sh demands Autograph stage credentials (AUTOGRAPH_STAGE_GPG_USERNAME, AUTOGRAPH_STAGE_XPI_PASSWORD); a dep pool must start without them"]);
    expect(initWorkerProblems(script, ["dev", "prod"])).toHaveLength(1);
    expect(initWorkerProblems(script, ["dev"])).toEqual([]);
    expect(initWorkerProblems("test_var_set AUTOGRAPH_GPG_USERNAME\n", ["dep"])).toEqual([]);
  });
});

describe("host, bucket and name matching", () => {
  it("normalizes hosts out of URLs and host:port", () => {
    expect(normalizeHost(" HTTPS://user:pw@Host.Example.:8443/p?q#f ")).toBe("host.example");
    expect(normalizeHost("host.example:")).toBe("host.example");
    expect(normalizeHost("gs://bucket.example/x")).toBe("bucket.example");
    expect(normalizeHost("//host.example")).toBe("host.example");
    expect(normalizeHost("a@b@c.example")).toBe("b@c.example");
    expect(normalizeHost("1http://x.example")).toBe("1http"); // not a scheme: a host with a port-less colon
  });

  it("finds hosts as words, with a trailing dot, and lists which of several appear", () => {
    expect(mentionsHost("x aus4-admin.mozilla.org. y", "aus4-admin.mozilla.org")).toBe(true);
    expect(mentionsHost("aus4-admin.mozilla.org", "https://AUS4-admin.mozilla.org/")).toBe(true);
    expect(mentionsHost("xaus4-admin.mozilla.org", "aus4-admin.mozilla.org")).toBe(false);
    expect(mentionsHost("aus4-admin.mozilla.org-x", "aus4-admin.mozilla.org")).toBe(false);
    expect(mentionsHost("aus4-admin.mozilla.org.evil", "aus4-admin.mozilla.org")).toBe(false);
    expect(mentionsHost("aus4-admin-mozilla.org", "aus4-admin.mozilla.org")).toBe(false); // the dot is literal
    expect(mentionsHost("anything", "")).toBe(false);
    expect(mentionedHosts("a.example and c.example", ["a.example", "b.example", "c.example"])).toEqual(["a.example", "c.example"]);
  });

  it("finds buckets as whole names", () => {
    expect(mentionsBucket("s3://b-1", " B-1 ")).toBe(true);
    expect(mentionsBucket("b-1", "b-1")).toBe(true);
    expect(mentionsBucket("xb-1", "b-1")).toBe(false);
    expect(mentionsBucket("a.b-1", "b-1")).toBe(false);
    expect(mentionsBucket("b-1.copy", "b-1")).toBe(false);
    expect(mentionsBucket("b_1", "b.1")).toBe(false);
    expect(mentionsBucket("anything", " ")).toBe(false);
  });

  it("matches names to exact and prefix patterns, case- and space-insensitively", () => {
    expect(matchesNamePattern(" repo_token_beta ", "REPO_TOKEN_*")).toBe(true);
    expect(matchesNamePattern("REPO_TOKEN", "REPO_TOKEN_*")).toBe(false);
    expect(matchesNamePattern("client_id", " CLIENT_ID ")).toBe(true);
    expect(matchesNamePattern("CLIENT_ID_X", "CLIENT_ID")).toBe(false);
    expect(matchingPatterns("GCS_RELEASE_CREDS", ["GCS_*", "GCS_RELEASE_CREDS", "X"])).toEqual(["GCS_*", "GCS_RELEASE_CREDS"]);
  });

  it("finds an environment's in-cluster address in text", () => {
    expect(environmentServiceRef("url=http://balrog-admin.env-jane.svc.cluster.local:8080/")).toBe("balrog-admin.env-jane.svc.cluster.local");
    expect(environmentServiceRef("balrog.env-jane.svc")).toBe("balrog.env-jane.svc");
    expect(environmentServiceRef("balrog.prod.svc.cluster.local")).toBeUndefined();
    expect(environmentServiceRef("balrog.env-jane.svcx")).toBeUndefined();
  });

  it("reads host lists line by line, comma-separated, without comments", () => {
    expect(hostLines("a.example # note\r\n#all comment\nB.example:443,, c.example")).toEqual(["a.example", "b.example", "c.example"]);
  });
});

describe("environments, findings and policy helpers", () => {
  it("recognises environment namespaces and their due dates", () => {
    const ns = (props: Record<string, unknown>, stack = "x") => environmentNamespaceOf("kubernetes:core/v1:Namespace", `urn:pulumi:${stack}::p::t::n`, props);
    expect(ns({ metadata: { name: "env-a" } })).toEqual({ name: "env-a", labels: {}, annotations: {} });
    expect(ns({ metadata: { name: "a", labels: { "releng.mozilla.org/stack-kind": "environment" } } })?.name).toBe("a");
    expect(ns({ metadata: { name: "a" } }, "env-a")?.name).toBe("a");
    expect(ns({ metadata: { name: "a" } })).toBeUndefined();
    expect(environmentNamespaceOf("kubernetes:core/v1:Secret", "urn:pulumi:env-a::p::t::n", { metadata: { name: "env-a" } })).toBeUndefined();
    const due = (annotations: Record<string, string>, labels: Record<string, string> = {}) => dueDateOf({ name: "env-a", labels, annotations });
    expect(due({ "releng.mozilla.org/due": "2026-12-01" }, { "releng.mozilla.org/due": "2026-11-01" })).toBe("2026-12-01");
    expect(due({}, { "releng.mozilla.org/due": "2026-11-01" })).toBe("2026-11-01");
    expect(due({ "releng.mozilla.org/due": "2026-02-30" })).toBeUndefined();
    expect(isIsoDate("2026-1-01")).toBe(false);
    expect(isIsoDate("x2026-01-01")).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
  });

  it("reports each finding once, naming the object and where", () => {
    const seen: [string, string | undefined][] = [];
    const found = findings((m, urn) => void seen.push([m, urn]));
    const r: Res = kube("pools-dep", "Secret", { metadata: { name: "s", namespace: "ns" } });
    found(r, "stringData.X", "bad");
    found(r, "stringData.X", "bad");
    found(r, "", "also bad");
    expect(seen).toEqual([
      ["Secret ns/s [stringData.X]: bad", r.urn],
      ["Secret ns/s: also bad", r.urn],
    ]);
    expect(because(["a", "b"])).toBe(" (a, b)");
    expect(because([])).toBe("");
  });

  it("fills a policy's config over its defaults, ignoring unset keys", () => {
    const getConfig = (c: unknown) => ({ getConfig: () => c }) as never;
    expect(configOf({ a: [1], b: "x" }, getConfig({ a: [2], b: null, c: undefined }))).toEqual({ a: [2], b: "x" });
    expect(configOf({ a: 1 }, getConfig(undefined))).toEqual({ a: 1 });
    expect(stringList("d", ["x"])).toEqual({ type: "array", items: { type: "string" }, description: "d", default: ["x"] });
    expect(docsUrl("p")).toBe("docs/policies.md#p");
    expect(isStackPolicy({ validateStack: () => undefined } as never)).toBe(true);
    expect(isStackPolicy({ validateResource: () => undefined } as never)).toBe(false);
  });

  it("views one resource as a workload for resource-level rules", () => {
    const d = deployment("pools-dep", "w", "ns", poolLabels("dep", "1", "signing", "gecko-1-signing"), [container()]);
    const args = { ...d, opts: {} } as never;
    const w = workloadOf(args)!;
    expect(w.subject.meta.name).toBe("w");
    expect([...w.trust.levels]).toEqual(["dep"]);
    expect(workloadOf({ ...kube("x", "Secret", { metadata: { name: "s" } }) } as never)).toBeUndefined();
    expect(workloadView(args)).toMatchObject({ kind: "Deployment", label: "Deployment ns/w" });
    expect(workloadView({ type: "kubernetes:core/v1:Pod", name: "res", urn: "u", props: { spec: { containers: [] } } } as never)?.label).toBe("Pod res");
    expect(workloadView({ type: "kubernetes:core/v1:Service", name: "s", urn: "u", props: {} } as never)).toBeUndefined();
  });
});
