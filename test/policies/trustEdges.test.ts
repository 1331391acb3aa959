// The pack's trust rules on the spellings and shapes the first tests did not feed them: an
// attacker's variant of each violation next to a compliant stack written unusually, each asserting
// both what is refused (and why) and what passes. Fast (hand-built or builder-built resources, no
// plan), so `npm run mutate` runs them for every mutant of policies/rules and policies/lib.
import { describe, expect, it } from "vitest";
import { gcpAccessAllowed } from "../../policies/rules/gcp-access-allowed";
import { storePushesProdOnly } from "../../policies/rules/store-pushes-prod-only";
import { autographStageDevOnly } from "../../policies/rules/autograph-stage-dev-only";
import { environmentNetworkIsolated } from "../../policies/rules/environment-network-isolated";
import { poolCredentialsAllowed } from "../../policies/rules/pool-credentials-allowed";
import { signingConfigAllowed } from "../../policies/rules/signing-config-allowed";
import { certScopeMatchesTrustLevel } from "../../policies/rules/cert-scope-matches-trust-level";
import { ciPoolsIndependentOfStaging } from "../../policies/rules/ci-pools-independent-of-staging";
import { environmentEgressReadOnly } from "../../policies/rules/environment-egress-read-only";
import { prodPoolPinnedImages } from "../../policies/rules/prod-pool-pinned-images";
import { poolPodsNoServiceAccountToken } from "../../policies/rules/pool-pods-no-service-account-token";
import { stackKindAndLevelConsistent } from "../../policies/rules/stack-kind-and-level-consistent";
import { environmentShipitChannel } from "../../policies/rules/environment-shipit-channel";
import type { KubeObject } from "../../components/k8s/declare";
import { autograph, builtEnvironmentStack, builtPoolsStack, configMap, container, deployment, DIGEST, envNamespace, kubeResource, pool, pool as poolOf, poolLabels, PROD_AUTOGRAPH, run, secret, type PoolSpec, type Res } from "./helpers";

// --- gcp-access-allowed ---------------------------------------------------------------------------

const gcp = (stack: string, type: string, props: Record<string, unknown>, name = "g"): Res => ({ type, name, urn: `urn:pulumi:${stack}::releng-envs::${type}::${name}`, props });
const BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";
const WI_MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";
const DEP_BUCKET = "moz-fx-productdelivery-no-7d6a-productdelivery";
const PROD_BUCKET = "moz-fx-productdelivery-pr-38b5-productdelivery";

describe("gcp-access-allowed: Workload Identity", () => {
  it("lets an environment bind only its own namespace, not another environment's", async () => {
    const wi = (stack: string, member: string) => run(gcpAccessAllowed, [gcp(stack, WI_MEMBER, { serviceAccountId: "a", role: "roles/iam.workloadIdentityUser", member })]);
    expect(await wi("env-jane", "serviceAccount:p.svc.id.goog[env-jane/releng-env]")).toEqual([]);
    // Bob's pods acting as Jane's GCP account: Jane's buckets written from Bob's environment.
    expect(await wi("env-jane", "serviceAccount:p.svc.id.goog[env-bob/releng-env]")).toEqual([
      `${WI_MEMBER} g [member serviceAccount:p.svc.id.goog[env-bob/releng-env]]: Workload Identity for serviceAccount:p.svc.id.goog[env-bob/releng-env] is not one of env-jane's own namespaces`,
    ]);
    expect(await wi("env-jane", "serviceAccount:p.svc.id.goog[env-jane-2/releng-env]")).toHaveLength(1);
    // A pools stack of no known level owns no namespace at all.
    expect(await wi("pools-staging", "serviceAccount:p.svc.id.goog[staging-beetmover/x]")).toHaveLength(1);
  });

  it("reads every binding form: IAMBinding members, IAMPolicy, and skips non-string members", async () => {
    const binding = gcp("pools-dev", "gcp:serviceaccount/iAMBinding:IAMBinding", { members: ["serviceAccount:p.svc.id.goog[dev-signing/x]", 7, null, "serviceAccount:p.svc.id.goog[prod-signing/x]"] });
    expect(await run(gcpAccessAllowed, [binding])).toEqual([expect.stringMatching(/Workload Identity for serviceAccount:p\.svc\.id\.goog\[prod-signing\/x\] is not one of pools-dev's/)]);
    const policy = gcp("pools-dev", "gcp:serviceaccount/iAMPolicy:IAMPolicy", { member: "serviceAccount:p.svc.id.goog[dep-signing/x]" });
    expect(await run(gcpAccessAllowed, [policy])).toHaveLength(1);
    // A grant on a service account's IAM with no member at all names nobody.
    expect(await run(gcpAccessAllowed, [gcp("pools-dev", WI_MEMBER, { role: "roles/iam.workloadIdentityUser" })])).toEqual([]);
    // Other service-account resources (the account itself, its keys) are not IAM grants.
    expect(await run(gcpAccessAllowed, [gcp("pools-dev", "gcp:serviceaccount/account:Account", { accountId: "x", member: "serviceAccount:p.svc.id.goog[prod-signing/x]" })])).toEqual([]);
  });
});

describe("gcp-access-allowed: buckets and wide grants", () => {
  it("names the bucket and the level's list, for pools and environments", async () => {
    expect(await run(gcpAccessAllowed, [gcp("pools-dev", BUCKET_MEMBER, { bucket: PROD_BUCKET })])).toEqual([
      expect.stringMatching(new RegExp(`^${BUCKET_MEMBER} g \\[bucket ${PROD_BUCKET}\\]: pools-dev may not be granted access to bucket ${PROD_BUCKET}: not one a dev pool may write \\(${DEP_BUCKET}(, [a-z0-9-]+)*\\) nor declared by the stack$`)),
    ]);
    expect(await run(gcpAccessAllowed, [gcp("env-jane", BUCKET_MEMBER, { bucket: DEP_BUCKET })])).toEqual([
      `${BUCKET_MEMBER} g [bucket ${DEP_BUCKET}]: env-jane may not be granted access to bucket ${DEP_BUCKET}: not one an environment may use nor declared by the stack`,
    ]);
    expect(await run(gcpAccessAllowed, [gcp("pools-nightly", BUCKET_MEMBER, { bucket: DEP_BUCKET })])).toEqual([
      `${BUCKET_MEMBER} g [bucket ${DEP_BUCKET}]: pools-nightly may not be granted access to bucket ${DEP_BUCKET}: not one a unknown-level pool may write () nor declared by the stack`,
    ]);
  });

  it("counts only buckets the stack declares with a name, compared canonically", async () => {
    const declared = (props: Record<string, unknown>) => [gcp("env-jane", "gcp:storage/bucket:Bucket", props, "b"), gcp("env-jane", BUCKET_MEMBER, { bucket: "gs://env-jane-archive/" })];
    expect(await run(gcpAccessAllowed, declared({ name: " ENV-JANE-ARCHIVE " }))).toEqual([]);
    expect(await run(gcpAccessAllowed, declared({}))).toHaveLength(1);
    // A bucket declared by another kind of resource is not a bucket the stack owns.
    const notABucket = [gcp("env-jane", "gcp:storage/bucketObject:BucketObject", { name: "env-jane-archive" }, "o"), gcp("env-jane", BUCKET_MEMBER, { bucket: "env-jane-archive" })];
    expect(await run(gcpAccessAllowed, notABucket)).toHaveLength(1);
  });

  it("refuses wide IAM of every resource type spelling, and only IAM", async () => {
    for (const type of ["gcp:projects/iAMPolicy:IAMPolicy", "gcp:organizations/iAMBinding:IAMBinding", "gcp:folders/iAMPolicy:IAMPolicy", "gcp:projects/iamCustomRole:IamCustomRole"]) {
      expect(await run(gcpAccessAllowed, [gcp("env-jane", type, { role: "roles/viewer" })]), type).toEqual([`${type} g: a environment stack may not hold project, folder or organization IAM (${type}); grant on the bucket instead`]);
    }
    for (const type of ["gcp:projects/service:Service", "gcp:organizations/getProject:getProject", "gcp:compute/iAMMember:IAMMember"]) {
      expect(await run(gcpAccessAllowed, [gcp("env-jane", type, { role: "roles/viewer" })]), type).toEqual([]);
    }
  });

  it("finds a public member anywhere in a gcp resource, and nowhere else", async () => {
    expect(await run(gcpAccessAllowed, [gcp("pools-prod", "gcp:storage/bucketIAMBinding:BucketIAMBinding", { bucket: PROD_BUCKET, members: ["serviceAccount:x@y", "allUsers"] })])).toEqual([
      `gcp:storage/bucketIAMBinding:BucketIAMBinding g: grants to a public member (allUsers/allAuthenticatedUsers)`,
    ]);
    // allUsersOfTheTeam is a group name, not the public member.
    expect(await run(gcpAccessAllowed, [gcp("pools-prod", BUCKET_MEMBER, { bucket: PROD_BUCKET, member: "group:allUsersOfTheTeam@mozilla.com" })])).toEqual([]);
    // A Kubernetes object mentioning allUsers is not a GCP grant.
    expect(await run(gcpAccessAllowed, [gcp("pools-prod", "kubernetes:core/v1:ConfigMap", { data: { note: "allUsers" } })])).toEqual([]);
    // Platform stacks and unknown stacks are not judged by this rule at all.
    expect(await run(gcpAccessAllowed, [gcp("sandbox", "gcp:pubsub/topicIAMMember:TopicIAMMember", { member: "allUsers" })])).toEqual([]);
  });
});

// --- store-pushes-prod-only -----------------------------------------------------------------------

describe("store-pushes-prod-only", () => {
  const store = (over: Partial<PoolSpec> = {}) => pool({ level: "dep", script: "pushflatpak", ...over });

  it("refuses ENV=prod on a non-prod store pool however it is written, naming the pool and the evidence", async () => {
    for (const value of ["prod", " Prod ", "PROD\n"]) {
      expect(await run(storePushesProdOnly, store({ envValue: value })), JSON.stringify(value)).toEqual([
        expect.stringMatching(/^Deployment pools-dep\/gecko-1-pushflatpak \[containers\[0\] \(worker\) env ENV\]: a dep\/dev pool runs store script pushflatpak with ENV=prod, which enables store pushes \(label trust-level=dep, .*stack pools-dep\)$/),
      ]);
    }
    // An environment's own store pool is named as such.
    const inEnv = pool({ level: "dep", script: "pushapk", stack: "env-jane", envValue: "prod" });
    expect((await run(storePushesProdOnly, inEnv)).join("\n")).toMatch(/an environment runs store script pushapk with ENV=prod/);
  });

  it("leaves alone what does not push: other scripts with ENV=prod here, other variables valued prod, ENV read from a Secret", async () => {
    // ENV=prod on a dep beetmover is another rule's finding (stack-kind-and-level-consistent), not a store push.
    expect(await run(storePushesProdOnly, store({ script: "beetmover", envValue: "prod" }))).toEqual([]);
    expect(await run(storePushesProdOnly, store({ env: [{ name: "DEPLOY_TARGET", value: "prod" }, { name: "APP_ENV", value: "prod" }] }))).toEqual([]);
    const fromSecret = store({ env: [{ name: "ENV", valueFrom: { secretKeyRef: { name: "x", key: "ENV" } } } as any] });
    expect(await run(storePushesProdOnly, fromSecret)).toEqual([]);
    // A prod store pool pushes by design.
    expect(await run(storePushesProdOnly, pool({ level: "prod", script: "pushapk", env: [{ name: "PUSH_TO_STORE", value: "true" }, { name: "DO_NOT_CONTACT_SERVER", value: "false" }] }))).toEqual([]);
  });

  it("refuses the push flags as env vars in any case and truthy spelling, and the contact flag turned off", async () => {
    for (const [name, value] of [["PUSH_TO_STORE", "true"], ["push_to_flathub", "1"], ["Push_To_Store", " YES "], ["PUSH_TO_FLATHUB", "on"]]) {
      expect(await run(storePushesProdOnly, store({ env: [{ name, value }] })), `${name}=${value}`).toEqual([
        `Deployment pools-dep/gecko-1-pushflatpak [containers[0] (worker) env ${name}]: a dep/dev pool enables store pushes (${name}=${value.trim()})`,
      ]);
    }
    for (const value of ["false", "0", "NO", " off"]) {
      expect(await run(storePushesProdOnly, store({ script: "pushapk", env: [{ name: "do_not_contact_server", value }] })), value).toEqual([
        `Deployment pools-dep/gecko-1-pushapk [containers[0] (worker) env do_not_contact_server]: a dep/dev pool lets pushapk contact the store (do_not_contact_server=${value.trim()})`,
      ]);
    }
  });

  it("accepts the flags at their safe values and look-alike names", async () => {
    const safe = [
      { name: "PUSH_TO_STORE", value: "false" },
      { name: "PUSH_TO_FLATHUB", value: "none" },
      { name: "PUSH_TO_STORE", value: "truely-not" },
      { name: "DO_NOT_CONTACT_SERVER", value: "true" },
      { name: "DO_NOT_CONTACT_SERVER", value: "offline-0" },
      { name: "NO_PUSH_TO_STORE", value: "true" },
      { name: "PUSH_TO_STORE_DRY_RUN", value: "true" },
      { name: "DO_NOT_CONTACT_SERVER_LOG", value: "false" },
    ];
    expect(await run(storePushesProdOnly, store({ env: safe }))).toEqual([]);
  });

  it("finds the flags in mounted config text however quoted or assigned, and names the ConfigMap", async () => {
    const labels = poolLabels("dep", "1", "pushmsix", "gecko-1-pushmsix");
    for (const text of ['{"push_to_store": true}', "push_to_flathub: 'yes'", "PUSH_TO_STORE=1", "settings:\n  push_to_store : On", '{"do_not_contact_server": "false"}', "do_not_contact_server=no"]) {
      const found = await run(storePushesProdOnly, [configMap("pools-dep", "worker-config", "pools-dep", { "worker.yml": text }, labels)]);
      expect(found, text).toEqual([expect.stringMatching(/^ConfigMap pools-dep\/worker-config \[ConfigMap worker-config data\.worker\.yml\]: a dep\/dev pool enables store pushes \((push_to_store|push_to_flathub|do_not_contact_server)/i)]);
    }
    for (const text of ['{"push_to_store": false}', "push_to_flathub: ENV == 'prod'", "do_not_contact_server: true", "mypush_to_store: true", "push_to_storefront: true"]) {
      expect(await run(storePushesProdOnly, [configMap("pools-dep", "worker-config", "pools-dep", { "worker.yml": text }, labels)]), text).toEqual([]);
    }
  });
});

// --- autograph-stage-dev-only ---------------------------------------------------------------------

const S = "secret-value";
const STAGE_HOST = "stage.autograph.nonprod.webservices.mozgcp.net";
const kindOf = (r: Res) => r.type.split(":").pop();
const builtDepSigning = () =>
  builtPoolsStack("dep", [{ script: "signing", product: "firefox", autograph: [{ server: "prod", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" }] }], {
    "gecko-t-signing": { AUTOGRAPH_GPG_USERNAME: S, AUTOGRAPH_GPG_PASSWORD: S, TASKCLUSTER_ACCESS_TOKEN: S },
  });
const builtDevSigning = () =>
  builtPoolsStack("dev", [{ script: "signing", product: "firefox", autograph: [{ server: "stage", formats: ["stage_autograph_gpg"], credentialsEnv: "AUTOGRAPH_STAGE_GPG" }] }], {
    "gecko-t-signing-dev": { AUTOGRAPH_STAGE_GPG_USERNAME: S, AUTOGRAPH_STAGE_GPG_PASSWORD: S, TASKCLUSTER_ACCESS_TOKEN: S },
  });
/** `stack` with its signing ConfigMap's passwords.yml rows replaced (one cert scope, as generated). */
function withRows(stack: Res[], rows: unknown[][]): Res[] {
  return stack.map((r) => {
    if (kindOf(r) !== "ConfigMap") return r;
    const copy = JSON.parse(JSON.stringify(r)) as Res;
    const doc = JSON.parse(copy.props.data["passwords.yml"]);
    const scope = Object.keys(doc)[0];
    copy.props.data["passwords.yml"] = JSON.stringify({ [scope]: rows });
    return copy;
  });
}
const cred = (prefix: string) => [{ $eval: `${prefix}_USERNAME` }, { $eval: `${prefix}_PASSWORD` }];
const withWorkerEnv = (stack: Res[], env: Record<string, unknown>) =>
  stack.map((r) => {
    if (kindOf(r) !== "Deployment") return r;
    const copy = JSON.parse(JSON.stringify(r)) as Res;
    copy.props.spec.template.spec.containers[0].env.push(env);
    return copy;
  });

describe("autograph-stage-dev-only on the mounted passwords.yml", () => {
  it("passes the built dev pool's stage entry and the built dep pool's production entry", async () => {
    expect(await run(autographStageDevOnly, builtDevSigning())).toEqual([]);
    expect(await run(autographStageDevOnly, builtDepSigning())).toEqual([]);
  });

  it("refuses a stage row in a dep pool once, naming its formats, the host and the evidence", async () => {
    const found = await run(autographStageDevOnly, withRows(builtDepSigning(), [[`https://${STAGE_HOST.toUpperCase()}./`, ...cred("AUTOGRAPH_GPG"), ["gcp_prod_autograph_gpg", "autograph_mar"]]]));
    expect(found).toEqual([
      expect.stringMatching(new RegExp(`^ConfigMap dep-signing/\\S+-signing-config \\[ConfigMap \\S+ passwords\\.yml\\["project:releng:signing:cert:dep-signing"\\]\\[0\\]\\]: a dep pool sends gcp_prod_autograph_gpg, autograph_mar to Autograph stage ${STAGE_HOST.replace(/\./g, "\\.")} \\(label trust-level=dep, .*stack pools-dep\\)$`)),
    ]);
    // A row that lists no formats is still a stage row.
    expect(await run(autographStageDevOnly, withRows(builtDepSigning(), [[`https://${STAGE_HOST}`, ...cred("AUTOGRAPH_GPG"), []]]))).toEqual([expect.stringMatching(/a dep pool sends formats to Autograph stage/)]);
  });

  it("limits a dev pool's stage rows to stage formats and names what is allowed", async () => {
    const found = await run(autographStageDevOnly, withRows(builtDevSigning(), [[`https://${STAGE_HOST}`, ...cred("AUTOGRAPH_STAGE_GPG"), ["stage_autograph_gpg", "gcp_prod_autograph_gpg"]]]));
    expect(found).toEqual([expect.stringMatching(/\]: a dev pool may use Autograph stage only for its stage formats \(stage_autograph_\w+, \w+, \w+, …\), not gcp_prod_autograph_gpg$/)]);
    expect(await run(autographStageDevOnly, withRows(builtDevSigning(), [[`https://${STAGE_HOST}`, ...cred("AUTOGRAPH_STAGE_GPG"), []]]))).toEqual([
      expect.stringMatching(/\]: an Autograph stage entry lists no formats; a dev pool may use stage only for stage formats$/),
    ]);
    // Production rows of a dev pool are not this rule's business.
    expect(await run(autographStageDevOnly, withRows(builtDevSigning(), [["https://prod.autograph.prod.webservices.mozgcp.net", ...cred("AUTOGRAPH_GPG"), ["anything"]]]))).toEqual([]);
  });

  it("refuses stage named anywhere else in the pool: for dev as unjudgeable, for dep as a reference", async () => {
    const devEnv = await run(autographStageDevOnly, withWorkerEnv(builtDevSigning(), { name: "AUTOGRAPH_URL", value: `https://${STAGE_HOST}:443` }));
    expect(devEnv).toEqual([expect.stringMatching(new RegExp(`env AUTOGRAPH_URL\\]: names Autograph stage ${STAGE_HOST.replace(/\./g, "\\.")} outside the pool's passwords\\.yml, so its formats cannot be checked`))]);
    const depArgs = builtDepSigning().map((r) => {
      if (kindOf(r) !== "Deployment") return r;
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      copy.props.spec.template.spec.containers[0].args = ["--autograph", `${STAGE_HOST}`];
      return copy;
    });
    expect(await run(autographStageDevOnly, depArgs)).toEqual([expect.stringMatching(/args\[1\]\]: a dep pool refers to Autograph stage stage\.autograph\.nonprod\.webservices\.mozgcp\.net \(label trust-level=dep/)]);
  });

  it("calls a pool that claims no level a non-dev pool, and judges it as one", async () => {
    const labels = { "releng.mozilla.org/stack-kind": "pools" };
    const nameless = pool({ level: "dev", stack: "sandbox", labels, envValue: "staging", autograph: [autograph(`https://${STAGE_HOST}`, ["stage_autograph_gpg"], "project:releng:signing:cert:dep-signing")] });
    expect(await run(autographStageDevOnly, nameless)).toEqual([expect.stringMatching(/: a non-dev pool sends stage_autograph_gpg to Autograph stage/)]);
    const viaEnv = pool({ level: "dev", stack: "sandbox", labels, envValue: "staging", env: [{ name: "X", value: `${STAGE_HOST}` }] });
    expect(await run(autographStageDevOnly, viaEnv)).toEqual([expect.stringMatching(/: a non-dev pool refers to Autograph stage/)]);
  });
});

// --- environment-network-isolated -----------------------------------------------------------------

const NS = "env-jane-fx150";
/** The built environment with `edit` applied to the spec of its NetworkPolicy `name`. */
const withPolicy = (name: string, edit: (spec: any) => void, stack: Res[] = builtEnvironmentStack()) =>
  stack.map((r) => {
    if (kindOf(r) !== "NetworkPolicy" || r.props.metadata.name !== name) return r;
    const copy = JSON.parse(JSON.stringify(r)) as Res;
    edit(copy.props.spec);
    return copy;
  });
const networkPolicy = (stack: string, namespace: string, name: string, spec: Record<string, unknown>): Res => kubeResource(stack, { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec } as unknown as KubeObject);
const seedPolicy = (cidr: string, ports: unknown[] = [{ protocol: "TCP", port: 443 }]) =>
  networkPolicy(NS, NS, "allow-seed-api", { podSelector: { matchLabels: { "releng.mozilla.org/role": "balrog-seed" } }, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr } }], ports }] });
const DENY_MISSING = "has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)";

describe("environment-network-isolated: the default deny", () => {
  it("accepts the empty selector in every spelling the API server reads as empty", async () => {
    for (const selector of [{ matchLabels: null }, { matchLabels: undefined }, { matchExpressions: [] }, { matchLabels: {}, matchExpressions: null }, null]) {
      expect(await run(environmentNetworkIsolated, withPolicy("default-deny-all", (s) => (s.podSelector = selector))), JSON.stringify(selector)).toEqual([]);
    }
  });

  it("refuses a deny whose selector is not empty or not a selector, anchored on the environment's Namespace", async () => {
    const expected = [`Namespace ${NS} [namespace ${NS}]: ${DENY_MISSING}`];
    for (const selector of ["", "all", { matchLabels: "" }, { matchLabels: {}, matchExpressions: [{ key: "app", operator: "Exists" }] }, { matchLabels: { app: "x" }, matchExpressions: [] }]) {
      expect(await run(environmentNetworkIsolated, withPolicy("default-deny-all", (s) => (s.podSelector = selector))), JSON.stringify(selector)).toEqual(expected);
    }
    // Without policyTypes the API server makes it an ingress-only policy: egress stays open.
    expect(await run(environmentNetworkIsolated, withPolicy("default-deny-all", (s) => delete s.policyTypes))).toEqual(expected);
  });

  it("judges each environment namespace on its own and anchors each finding on that namespace", async () => {
    const other = builtEnvironmentStack().map((r) => {
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      if (kindOf(r) === "Namespace") copy.props.metadata.name = "env-bob";
      else copy.props.metadata.namespace = "env-bob";
      return copy;
    });
    const bobWithoutDeny = other.filter((r) => r.props.metadata.name !== "default-deny-all");
    expect(await run(environmentNetworkIsolated, [...builtEnvironmentStack(), ...bobWithoutDeny])).toEqual([`Namespace env-bob [namespace env-bob]: ${DENY_MISSING}`]);
    // A namespace of an env-* stack is an environment's whatever its name, and so are its policies.
    const renamed = builtEnvironmentStack().map((r) => {
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      if (kindOf(r) === "Namespace") copy.props.metadata.name = "jane";
      else copy.props.metadata.namespace = "jane";
      return copy;
    });
    expect(await run(environmentNetworkIsolated, renamed)).toEqual([]);
    const renamedOpen = renamed.map((r) => (r.props.metadata.name === "allow-dns" ? { ...r, props: { ...r.props, spec: { ...r.props.spec, egress: [{}] } } } : r));
    expect(await run(environmentNetworkIsolated, renamedOpen)).toEqual([`NetworkPolicy jane/allow-dns [spec.egress[0]]: an egress rule without \`to\` allows every destination`]);
    expect(await run(environmentNetworkIsolated, renamed.filter((r) => r.props.metadata.name !== "default-deny-all"))).toEqual([`Namespace jane [namespace jane]: ${DENY_MISSING}`]);
    // A pools stack's namespaces and policies are not an environment's.
    const poolsNs = kubeResource("pools-dev", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev-signing" } } as KubeObject);
    expect(await run(environmentNetworkIsolated, [poolsNs, networkPolicy("pools-dev", "dev-signing", "open", { podSelector: {}, egress: [{}] })])).toEqual([]);
    // ... unless they are an environment's namespace by name.
    const strayEnv = kubeResource("pools-dev", { apiVersion: "v1", kind: "Namespace", metadata: { name: "env-stray" } } as KubeObject);
    expect(await run(environmentNetworkIsolated, [poolsNs, strayEnv])).toEqual([`Namespace env-stray [namespace env-stray]: ${DENY_MISSING}`]);
  });

  it("reads a NetworkPolicy with no properties as no deny, without failing", async () => {
    const bare = { ...networkPolicy(NS, NS, "x", {}), props: undefined as unknown as Record<string, any> };
    expect(await run(environmentNetworkIsolated, [bare])).toEqual([expect.stringMatching(/has no default-deny NetworkPolicy/)]);
  });
});

describe("environment-network-isolated: egress rules", () => {
  const only = async (stack: Res[]) => {
    const found = await run(environmentNetworkIsolated, stack);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it("refuses empty and null shapes that open everything", async () => {
    expect(await only(withPolicy("allow-same-namespace", (s) => (s.egress = [null])))).toBe(`NetworkPolicy ${NS}/allow-same-namespace [spec.egress[0]]: an egress rule without \`to\` allows every destination`);
    expect(await only(withPolicy("allow-same-namespace", (s) => (s.egress[0].to = [null])))).toBe(`NetworkPolicy ${NS}/allow-same-namespace [spec.egress[0]]: an egress peer without a selector allows every destination`);
    expect(await only(withPolicy("allow-same-namespace", (s) => (s.egress[0].to = [{ ipBlock: {} }])))).toBe(`NetworkPolicy ${NS}/allow-same-namespace [spec.egress[0]]: egress to  is not a known path of an environment`);
  });

  it("reads ports as the API server does: [] and null entries are every port, protocol defaults to TCP in any case", async () => {
    for (const ports of [[], [null], [{ protocol: "TCP" }], [{ port: "https" }]]) {
      expect(await only(withPolicy("allow-egress-proxy-https", (s) => (s.egress[0].ports = ports))), JSON.stringify(ports)).toMatch(/the egress proxy may reach the internet on 443\/TCP only$/);
    }
    for (const ports of [[{ port: 443 }], [{ protocol: "tcp", port: "443" }]]) {
      expect(await run(environmentNetworkIsolated, withPolicy("allow-egress-proxy-https", (s) => (s.egress[0].ports = ports))), JSON.stringify(ports)).toEqual([]);
    }
    for (const ports of [[{ port: 53 }], [{ protocol: "udp", port: 53 }, { protocol: "TCP", port: 53 }]]) {
      expect(await run(environmentNetworkIsolated, withPolicy("allow-dns", (s) => (s.egress[0].ports = ports))), JSON.stringify(ports)).toEqual([]);
    }
    for (const ports of [[{ protocol: "SCTP", port: 53 }], [], [{ protocol: "UDP", port: 5353 }]]) {
      expect(await only(withPolicy("allow-dns", (s) => (s.egress[0].ports = ports))), JSON.stringify(ports)).toMatch(/DNS egress must be port 53 only$/);
    }
  });

  it("takes a known path only exactly: the proxy's, DNS's and the metadata server's selectors, nothing narrower or wider", async () => {
    expect(await only(withPolicy("allow-egress-proxy-https", (s) => (s.podSelector.matchLabels.extra = "x")))).toMatch(/only the egress proxy may reach 0\.0\.0\.0\/0$/);
    expect(await only(withPolicy("allow-dns", (s) => (s.egress[0].to[0].podSelector.matchLabels.extra = "x")))).toMatch(/another namespace is not a known path/);
    expect(await only(withPolicy("allow-dns", (s) => (s.egress[0].to[0].namespaceSelector = { matchLabels: "kube-system" })))).toMatch(/another namespace is not a known path/);
    const gke = builtEnvironmentStack({ kubernetes: { target: "gke", platformStack: "mozilla/releng-envs/platform-nonprod" } });
    expect(await run(environmentNetworkIsolated, gke)).toEqual([]);
    const metadata = "only pods acting as the environment's GCP account may reach the metadata server, on 80, 988/TCP";
    expect(await only(withPolicy("allow-gke-metadata", (s) => (s.podSelector = { matchLabels: {} }), gke))).toBe(`NetworkPolicy ${NS}/allow-gke-metadata [spec.egress[0]]: ${metadata}`);
    expect(await only(withPolicy("allow-gke-metadata", (s) => (s.egress[0].ports = [{ protocol: "TCP", port: 8080 }]), gke))).toMatch(/metadata server, on 80, 988\/TCP$/);
  });

  it("lets the seed job reach the API server anywhere in the private ranges, written as a CIDR", async () => {
    for (const cidr of ["10.20.30.40/32", "10.0.0.0/8", "172.16.5.1/32", "192.168.100.200/32", "100.64.0.10/32"]) {
      expect(await run(environmentNetworkIsolated, [...builtEnvironmentStack(), seedPolicy(cidr)]), cidr).toEqual([]);
    }
    for (const cidr of ["10.2.0.1", "10.2.0.1/", "10.2.0.1/x32", "10.2.0.1/32x", "x10.2.0.1/32", "10.2.0/24", "8.8.8.8/32"]) {
      expect(await run(environmentNetworkIsolated, [...builtEnvironmentStack(), seedPolicy(cidr)]), cidr).toEqual([`NetworkPolicy ${NS}/allow-seed-api [spec.egress[0]]: egress to ${cidr} is not a known path of an environment`]);
    }
  });
});

// --- pool-credentials-allowed ---------------------------------------------------------------------

describe("pool-credentials-allowed: what a pool may hold", () => {
  /** The synthetic pool with TASKCLUSTER_CLIENT_ID as the plain value the program gives it (the helper reads it from the Secret). */
  const pool = (spec: PoolSpec) =>
    poolOf(spec).map((r) => {
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      if (kindOf(r) === "Secret") delete copy.props.stringData.TASKCLUSTER_CLIENT_ID;
      for (const e of copy.props.spec?.template?.spec?.containers?.[0]?.env ?? []) if (e.name === "TASKCLUSTER_CLIENT_ID" && e.valueFrom?.secretKeyRef) (delete e.valueFrom, (e.value = "releng-worker"));
      return copy;
    });
  it("gives a pool that claims two levels only what both allow", async () => {
    // Labelled prod, but ENV says fake-prod: prod's signing key is not dep's.
    const mixed = pool({ level: "prod", envValue: "fake-prod", secretKeys: ["ED25519_PRIVKEY"] });
    const found = await run(poolCredentialsAllowed, mixed);
    expect(found).toContain(`Deployment pools-prod/gecko-3-signing [containers[0] (worker) env ED25519_PRIVKEY]: a dep/prod signing pool may not hold ED25519_PRIVKEY (label trust-level=prod, ENV=fake-prod, worker type gecko-3-signing, worker level 3, stack pools-prod)`);
    expect(found.join("\n")).not.toMatch(/TASKCLUSTER_ACCESS_TOKEN/);
    expect(await run(poolCredentialsAllowed, pool({ level: "prod", secretKeys: ["ED25519_PRIVKEY"] }))).toEqual([]);
  });

  it("gives a pool of no known level or script nothing at all, and says so", async () => {
    const labels = { "releng.mozilla.org/stack-kind": "pools" };
    const noLevel = await run(poolCredentialsAllowed, pool({ level: "dev", stack: "sandbox", labels, envValue: "staging" }));
    expect(noLevel).toContain(`Deployment pools-dev/gecko-1-signing-dev [containers[0] (worker) env TASKCLUSTER_ACCESS_TOKEN]: a unknown-level signing pool may not hold TASKCLUSTER_ACCESS_TOKEN`);
    const noScript = pool({ level: "dep", labels: { ...labels, "releng.mozilla.org/trust-level": "dep" } }).map((r) => {
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      const spec = copy.props.spec?.template?.spec;
      if (spec) spec.containers[0].env = spec.containers[0].env.filter((e: any) => e.name !== "PROJECT_NAME");
      return copy;
    });
    expect((await run(poolCredentialsAllowed, noScript)).join("\n")).toMatch(/: a dep unknown-script pool may not hold TASKCLUSTER_ACCESS_TOKEN \(/);
  });

  it("reads plain variables as plain only when they are literal values, not from a ConfigMap", async () => {
    const fromConfigMap = pool({ level: "dep", env: [{ name: "TASKCLUSTER_CLIENT_ID", valueFrom: { configMapKeyRef: { name: "ids", key: "client" } } } as any] });
    expect(await run(poolCredentialsAllowed, fromConfigMap)).toEqual([expect.stringMatching(/env TASKCLUSTER_CLIENT_ID\]: a dep signing pool may not hold TASKCLUSTER_CLIENT_ID/)]);
  });

  it("reads odd pod shapes without failing: null entries, ConfigMap sources, Secrets without data", async () => {
    const odd = pool({ level: "dep", secretKeys: ["AUTOGRAPH_GPG_USERNAME"] }).map((r) => {
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      if (kindOf(r) === "Secret") copy.props.data = null;
      const spec = copy.props.spec?.template?.spec;
      if (spec) {
        spec.containers[0].envFrom = [null, { configMapRef: { name: "settings" } }];
        spec.volumes = [null, { name: "cfg", configMap: { name: "settings" } }, { name: "p", projected: { sources: [null, { configMap: { name: "settings" } }, { serviceAccountToken: { path: "t" } }] } }];
      }
      return copy;
    });
    expect(await run(poolCredentialsAllowed, odd)).toEqual([]);
  });
});

describe("pool-credentials-allowed: an environment's pool and its services' Secrets", () => {
  const STORE = "archive-s3-credentials";
  const labels = { ...poolLabels("dep", "1", "beetmover", "gecko-1-beetmover"), "releng.mozilla.org/stack-kind": "environment" };
  const ref = (name: string, secretName: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });
  const envPool = (stack: string, env: Record<string, unknown>[], podSpec: Record<string, unknown> = {}) => [
    deployment(stack, "beetmover", stack, labels, [container({ env: [{ name: "ENV", value: "fake-prod" }, ...env] })], podSpec),
    secret(stack, "beetmover-secrets", stack, ["TASKCLUSTER_ACCESS_TOKEN"]),
    secret(stack, STORE, stack, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ADMIN_KEY"]),
  ];
  const token = ref("TASKCLUSTER_ACCESS_TOKEN", "beetmover-secrets", "TASKCLUSTER_ACCESS_TOKEN");
  const storeRefs = [ref("DEP_ID", STORE, "AWS_ACCESS_KEY_ID"), ref("DEP_KEY", STORE, "AWS_SECRET_ACCESS_KEY")];
  const heldKeys = (stack: string, ...keys: string[]) =>
    keys.map((k) => `Secret ${stack}/${STORE} [Secret ${STORE} stringData.${k}]: a dep beetmover pool may not hold ${k} (label trust-level=dep, ENV=fake-prod, worker type gecko-1-beetmover${stack.startsWith("pools-") ? `, stack ${stack}` : ""})`);

  it("passes the catalogued references, also when they are the pool's only Secret", async () => {
    expect(await run(poolCredentialsAllowed, envPool("env-jane", [token, ...storeRefs]))).toEqual([]);
    expect(await run(poolCredentialsAllowed, envPool("env-jane", storeRefs).filter((r) => r.props.metadata.name !== "beetmover-secrets"))).toEqual([]);
  });

  it("judges the service's whole Secret once one reference to it is not catalogued", async () => {
    const admin = await run(poolCredentialsAllowed, envPool("env-jane", [token, storeRefs[0], ref("DEP_KEY", STORE, "ADMIN_KEY")]));
    expect(admin).toEqual([
      `Deployment env-jane/beetmover [containers[0] (app) env DEP_KEY]: a dep beetmover pool reads Secret key ADMIN_KEY, not a credential it may hold (label trust-level=dep, ENV=fake-prod, worker type gecko-1-beetmover)`,
      ...heldKeys("env-jane", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ADMIN_KEY"),
    ]);
    const renamed = await run(poolCredentialsAllowed, envPool("env-jane", [token, ref("AWS_ID", STORE, "AWS_ACCESS_KEY_ID"), storeRefs[1]]));
    expect(renamed).toEqual([
      `Deployment env-jane/beetmover [containers[0] (app) env AWS_ID]: a dep beetmover pool may not hold AWS_ID (label trust-level=dep, ENV=fake-prod, worker type gecko-1-beetmover)`,
      `Deployment env-jane/beetmover [containers[0] (app) env AWS_ID]: a dep beetmover pool reads Secret key AWS_ACCESS_KEY_ID, not a credential it may hold (label trust-level=dep, ENV=fake-prod, worker type gecko-1-beetmover)`,
      ...heldKeys("env-jane", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ADMIN_KEY"),
    ]);
    const mounted = await run(poolCredentialsAllowed, envPool("env-jane", [token, ...storeRefs], { volumes: [{ name: "s", secret: { secretName: STORE } }] }));
    expect(mounted).toEqual(heldKeys("env-jane", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ADMIN_KEY"));
  });

  it("gives the same references in a pools stack no allowance: the keys read and the whole Secret are judged", async () => {
    const inPools = envPool("pools-dep", [token, ...storeRefs]).map((r) => {
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      for (const l of [copy.props.metadata.labels, copy.props.spec?.template?.metadata?.labels]) if (l) l["releng.mozilla.org/stack-kind"] = "pools";
      return copy;
    });
    const found = await run(poolCredentialsAllowed, inPools);
    expect(found.filter((m) => m.startsWith("Secret "))).toEqual(heldKeys("pools-dep", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ADMIN_KEY"));
    expect(found.filter((m) => m.startsWith("Deployment ")).map((m) => m.replace(/ \(label.*$/, ""))).toEqual([
      "Deployment pools-dep/beetmover [containers[0] (app) env DEP_ID]: a dep beetmover pool reads Secret key AWS_ACCESS_KEY_ID, not a credential it may hold",
      "Deployment pools-dep/beetmover [containers[0] (app) env DEP_KEY]: a dep beetmover pool reads Secret key AWS_SECRET_ACCESS_KEY, not a credential it may hold",
    ]);
  });
});

// --- signing-config-allowed -----------------------------------------------------------------------

describe("signing-config-allowed: whose config and which product", () => {
  it("judges workloads only: a stray signing ConfigMap is no pool", async () => {
    const stray = builtDepSigning().filter((r) => kindOf(r) === "ConfigMap");
    expect(stray).toHaveLength(1);
    expect(await run(signingConfigAllowed, stray)).toEqual([]);
  });

  it("takes the product from the label first, then from COT_PRODUCT", async () => {
    const edit = (labelProduct: string | undefined, envProduct: string) =>
      builtDepSigning().map((r) => {
        if (kindOf(r) !== "Deployment") return r;
        const copy = JSON.parse(JSON.stringify(r)) as Res;
        for (const l of [copy.props.metadata.labels, copy.props.spec.template.metadata.labels]) {
          if (labelProduct === undefined) delete l["releng.mozilla.org/cot-product"];
          else l["releng.mozilla.org/cot-product"] = labelProduct;
        }
        copy.props.spec.template.spec.containers[0].env.find((e: any) => e.name === "COT_PRODUCT").value = envProduct;
        return copy;
      });
    expect(await run(signingConfigAllowed, edit(undefined, "firefox"))).toEqual([]);
    // A gecko cert scope on a pool whose ENV says thunderbird (comm) belongs to another product.
    expect(await run(signingConfigAllowed, edit(undefined, "thunderbird"))).toEqual([expect.stringMatching(/^ConfigMap dep-signing\/\S+ \[.*volumeMount \/app\/docker\.d\/passwords\.yml .*\]: cert scope project:releng:signing:cert:dep-signing does not belong to product thunderbird/)]);
    // The label wins over the variable.
    expect(await run(signingConfigAllowed, edit("firefox", "thunderbird"))).toEqual([]);
  });
});

// --- cert-scope-matches-trust-level ---------------------------------------------------------------

describe("cert-scope-matches-trust-level: what is a scope and what it may be", () => {
  it("names the scopes the level allows when it refuses one", async () => {
    const prod = await run(certScopeMatchesTrustLevel, pool({ level: "prod", autograph: [autograph(PROD_AUTOGRAPH, ["autograph_gpg"], "project:releng:signing:cert:dep-signing")] }));
    expect(prod).toEqual([expect.stringMatching(/: a prod pool uses cert scope project:releng:signing:cert:dep-signing; allowed: [a-z-]+-signing(, [a-z-]+-signing)+ \(label trust-level=prod/)]);
    const dep = await run(certScopeMatchesTrustLevel, pool({ level: "dep", env: [{ name: "SCOPES", value: "project:releng:signing:cert:release-signing" }] }), { nonProdCertScopes: ["dep-signing", "test-signing"] });
    expect(dep).toEqual([expect.stringMatching(/: a dep\/dev pool uses cert scope project:releng:signing:cert:release-signing; allowed: dep-signing, test-signing \(label trust-level=dep/)]);
  });

  it("passes a signing record entry that names no cert scope (nothing to judge)", async () => {
    const entry = { url: PROD_AUTOGRAPH, formats: ["autograph_gpg"] };
    expect(await run(certScopeMatchesTrustLevel, pool({ level: "prod", autograph: [entry] }))).toEqual([]);
  });
});

// --- ci-pools-independent-of-staging --------------------------------------------------------------

describe("ci-pools-independent-of-staging: which pools are CI-critical", () => {
  const stagingEnv = [{ name: "BALROG", value: "https://admin.stage.balrog.nonprod.webservices.mozgcp.net" }];

  it("judges only level-t pools of the CI-critical scripts", async () => {
    expect(await run(ciPoolsIndependentOfStaging, pool({ level: "dep", workerLevel: "1", script: "signing", env: stagingEnv }))).toEqual([]);
    expect(await run(ciPoolsIndependentOfStaging, pool({ level: "dep", workerLevel: "t", script: "balrog", env: stagingEnv }))).toEqual([]);
    expect(await run(ciPoolsIndependentOfStaging, pool({ level: "dep", workerLevel: "t", script: "signing", env: stagingEnv }))).toEqual([
      expect.stringMatching(/^Deployment pools-dep\/gecko-t-signing \[containers\[0\] \(worker\) env BALROG\]: CI-critical pool gecko-t-signing depends on staging service admin\.stage\.balrog\.nonprod\.webservices\.mozgcp\.net \(label trust-level=dep/),
    ]);
  });

  it("names a CI-critical pool without a worker type by script and level", async () => {
    const labels = { "releng.mozilla.org/stack-kind": "pools", "releng.mozilla.org/trust-level": "dep", "releng.mozilla.org/worker-level": "t", "releng.mozilla.org/script": "signing" };
    expect(await run(ciPoolsIndependentOfStaging, pool({ level: "dep", labels, env: stagingEnv }))).toEqual([expect.stringMatching(/: CI-critical pool signing level t depends on staging service/)]);
  });
});

// --- environment-egress-read-only -----------------------------------------------------------------

describe("environment-egress-read-only: reading squid.conf as squid does", () => {
  const proxyConfig = (data: Record<string, string>) => configMap("env-jane", "egress-proxy-config", "env-jane", data);
  const refused = (host: string, where = "squid.conf dstdomain") => expect.stringMatching(new RegExp(`^ConfigMap env-jane/egress-proxy-config \\[${where}\\]: ${host.replace(/\./g, "\\.")} is not a read-only production host \\(allowed: `));

  it("reads every host of every dstdomain acl however spaced or indented, each once", async () => {
    const conf = ["http_port 3128", "  acl  mine \t dstdomain   archive.mozilla.org\tone.example  ", "\tACL other DSTDOMAIN .Evil.Example hg.mozilla.org", "acl a dstdomain\t two.example evil.example"].join("\n");
    expect(await run(environmentEgressReadOnly, [proxyConfig({ "squid.conf": conf })])).toEqual([refused("one.example"), refused("evil.example"), refused("two.example")]);
  });

  it("names the list a host came from", async () => {
    expect(await run(environmentEgressReadOnly, [proxyConfig({ "allow-hosts.txt": "archive.mozilla.org\nevil.example\n" })])).toEqual([refused("evil.example", "allow-hosts\\.txt")]);
  });

  it("ignores other directives and comments that mention dstdomain", async () => {
    const conf = ["# acl x dstdomain evil.example", "http_access allow dstdomain_evil", "acl ports port 443", "acl x dstdomain archive.mozilla.org"].join("\n");
    expect(await run(environmentEgressReadOnly, [proxyConfig({ "squid.conf": conf })])).toEqual([]);
  });
});

// --- prod-pool-pinned-images ----------------------------------------------------------------------

describe("prod-pool-pinned-images: what a pin looks like", () => {
  it("accepts a digest with surrounding whitespace (a YAML block scalar) and refuses a container without an image", async () => {
    expect(await run(prodPoolPinnedImages, pool({ level: "prod", image: `mozilla/releng-signing:production${DIGEST}\n` }))).toEqual([]);
    const noImage = pool({ level: "prod" }).map((r) => {
      if (kindOf(r) !== "Deployment") return r;
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      delete copy.props.spec.template.spec.containers[0].image;
      return copy;
    });
    expect(await run(prodPoolPinnedImages, noImage)).toEqual([`Deployment pools-prod/gecko-3-signing [containers[0] (worker)]: a prod pool container declares no image`]);
  });
});

// --- pool-pods-no-service-account-token -----------------------------------------------------------

describe("pool-pods-no-service-account-token: what holding a credential means", () => {
  const withToken = (stack: Res[], edit: (spec: any) => void) =>
    stack.map((r) => {
      if (kindOf(r) !== "Deployment") return r;
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      delete copy.props.spec.template.spec.automountServiceAccountToken;
      edit(copy.props.spec.template.spec);
      return copy;
    });
  const FINDING = /^Deployment pools-dep\/gecko-1-signing \[spec\.template\.spec\.automountServiceAccountToken\]: a pool pod holding credentials mounts a service account token \(label trust-level=dep/;

  it("counts a Secret mounted as a volume, and a secret reference to a Secret the stack does not declare", async () => {
    const mounted = withToken(pool({ level: "dep" }), (spec) => {
      spec.containers[0].env = spec.containers[0].env.filter((e: any) => !e.valueFrom);
      spec.volumes = [{ name: "s", secret: { secretName: "gecko-1-signing-secrets" } }];
    });
    expect(await run(poolPodsNoServiceAccountToken, mounted)).toEqual([expect.stringMatching(FINDING)]);
    const undeclared = withToken(pool({ level: "dep" }).filter((r) => kindOf(r) !== "Secret"), () => {});
    expect(await run(poolPodsNoServiceAccountToken, undeclared)).toEqual([expect.stringMatching(FINDING)]);
  });
});

// --- stack-kind-and-level-consistent --------------------------------------------------------------

describe("stack-kind-and-level-consistent: stacks without a level, and what is not Kubernetes", () => {
  it("in a pools stack of no level: one claimed level is fine, two are not, none is named", async () => {
    const one = pool({ level: "dep", stack: "pools-sandbox" });
    expect(await run(stackKindAndLevelConsistent, one)).toEqual([]);
    const two = pool({ level: "dep", stack: "pools-sandbox", envValue: "prod" });
    expect(await run(stackKindAndLevelConsistent, two)).toEqual([expect.stringMatching(/^Deployment pools-dep\/gecko-1-signing: claims more than one trust level \(dep, prod\) \(label trust-level=dep, ENV=prod/)]);
    const none = pool({ level: "dev", labels: { "releng.mozilla.org/stack-kind": "pools" }, envValue: "staging" });
    expect(await run(stackKindAndLevelConsistent, none)).toEqual([`Deployment pools-dev/gecko-1-signing-dev: declares no trust level of its own (label releng.mozilla.org/trust-level, ENV or worker type)`]);
  });

  it("reads the stack-kind label on Kubernetes objects only", async () => {
    const bucket: Res = { type: "gcp:storage/bucket:Bucket", name: "b", urn: "urn:pulumi:env-jane::releng-envs::gcp:storage/bucket:Bucket::b", props: { metadata: { labels: { "releng.mozilla.org/stack-kind": "pools" } } } };
    expect(await run(stackKindAndLevelConsistent, [envNamespace("env-jane", "env-jane"), bucket])).toEqual([]);
  });
});

// --- environment-shipit-channel -------------------------------------------------------------------

describe("environment-shipit-channel: ConfigMaps without properties", () => {
  it("reads an environment ConfigMap with no properties as no channel", async () => {
    const bare: Res = { ...configMap("env-jane", "shipit-config", "env-jane", {}), props: undefined as unknown as Record<string, any> };
    expect(await run(environmentShipitChannel, [bare])).toEqual([]);
    expect(await run(environmentShipitChannel, [configMap("env-jane", "shipit-config", "env-jane", { APP_CHANNEL: " Production " })])).toEqual([`ConfigMap env-jane/shipit-config [ConfigMap shipit-config data.APP_CHANNEL]: an environment's Ship-it runs with APP_CHANNEL=Production`]);
  });
});

describe("signing-config-allowed: which file the worker really reads", () => {
  const PASSWORDS = "/app/docker.d/passwords.yml";
  const INIT = "/app/docker.d/init_worker.sh";
  /** The built dep pool with `edit` applied to its pod spec (volumes, the worker's mounts). */
  const withPod = (edit: (spec: any, configMapName: string) => void, stack: Res[] = builtDepSigning()) => {
    const cmName = stack.find((r) => kindOf(r) === "ConfigMap")!.props.metadata.name;
    return stack.map((r) => {
      if (kindOf(r) !== "Deployment") return r;
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      edit(copy.props.spec.template.spec, cmName);
      return copy;
    });
  };
  const missing = (path: string) => new RegExp(`^Deployment dep-signing/\\S+ \\[${path.replace(/\./g, "\\.")}\\]: the signing pool does not mount a declared replacement at ${path.replace(/\./g, "\\.")}, so the image's own file applies`);

  it("follows a volume's items from the mount's subPath to the key, and judges that key's content", async () => {
    const remapped = withPod((spec) => {
      spec.volumes[0].configMap.items[0].path = "pw";
      spec.containers[0].volumeMounts[0].subPath = "pw";
    });
    expect(await run(signingConfigAllowed, remapped)).toEqual([]);
    // The mount at passwords.yml served from the init_worker.sh key: not a passwords mapping at all.
    const swapped = withPod((spec) => (spec.volumes[0].configMap.items[0].key = "init_worker.sh"));
    expect((await run(signingConfigAllowed, swapped)).join("\n")).toMatch(/passwords\.yml (is not valid YAML|must be a mapping)/);
  });

  it("finds the mount however its path ends, and reads a Secret's stringData too", async () => {
    expect(await run(signingConfigAllowed, withPod((spec) => (spec.containers[0].volumeMounts[0].mountPath = `${PASSWORDS}//`)))).toEqual([]);
    const fromSecret = withPod((spec, cm) => {
      spec.volumes[0] = { name: spec.volumes[0].name, secret: { secretName: "signing-files", items: [{ key: "passwords.yml", path: "passwords.yml" }] } };
      void cm;
    });
    const cmText = builtDepSigning().find((r) => kindOf(r) === "ConfigMap")!.props.data["passwords.yml"];
    const ns = fromSecret.find((r) => kindOf(r) === "Deployment")!.props.metadata.namespace;
    expect(await run(signingConfigAllowed, [...fromSecret, secret("pools-dep", "signing-files", ns, [])].map((r) => (r.props.metadata.name === "signing-files" ? { ...r, props: { ...r.props, stringData: { "passwords.yml": cmText } } } : r)))).toEqual([]);
  });

  it("refuses a replacement that is not one: another namespace's ConfigMap, an emptyDir, a whole-directory mount, no key", async () => {
    const otherNamespace = builtDepSigning().map((r) => (kindOf(r) === "ConfigMap" ? { ...r, props: { ...r.props, metadata: { ...r.props.metadata, namespace: "dep-other" } } } : r));
    expect(await run(signingConfigAllowed, otherNamespace)).toEqual([expect.stringMatching(missing(PASSWORDS)), expect.stringMatching(missing(INIT))]);
    expect(await run(signingConfigAllowed, withPod((spec) => (spec.volumes[0] = { name: spec.volumes[0].name, emptyDir: {} })))).toEqual([expect.stringMatching(missing(PASSWORDS))]);
    expect(await run(signingConfigAllowed, withPod((spec) => delete spec.containers[0].volumeMounts[0].subPath))).toEqual([expect.stringMatching(missing(PASSWORDS))]);
    expect(await run(signingConfigAllowed, withPod((spec) => (spec.containers[0].volumeMounts[0].mountPath = 5)))).toEqual([expect.stringMatching(missing(PASSWORDS))]);
    expect(await run(signingConfigAllowed, withPod((spec) => (spec.volumes[0].configMap.items[0].key = "")))).toEqual([expect.stringMatching(missing(PASSWORDS))]);
    expect(await run(signingConfigAllowed, withPod((spec) => (spec.volumes[0].configMap.items[0].key = "absent.yml")))).toEqual([expect.stringMatching(missing(PASSWORDS))]);
  });

  it("anchors a problem of the mounted file on the ConfigMap that holds it", async () => {
    const stage = withRows(builtDepSigning(), [["https://stage.autograph.nonprod.webservices.mozgcp.net", ...cred("AUTOGRAPH_GPG"), ["gcp_prod_autograph_gpg"]]]);
    const found = await run(signingConfigAllowed, stage);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) expect(f).toMatch(/^ConfigMap dep-signing\/\S+-signing-config \[containers\[0\] \(\w+\) volumeMount \/app\/docker\.d\/passwords\.yml \(ConfigMap \S+ passwords\.yml\)\]: /);
  });
});

// --- second pass: survivors of the first measurement ----------------------------------------------

describe("messages that name several levels, formats or hosts", () => {
  it("autograph-stage-dev-only names every level a pool claims and every refused format", async () => {
    // Labelled prod but ENV=fake-prod: both levels are named.
    const mixed = pool({ level: "prod", envValue: "fake-prod", autograph: [autograph(`https://${STAGE_HOST}`, ["autograph_gpg"], "project:releng:signing:cert:release-signing")] });
    expect(await run(autographStageDevOnly, mixed)).toEqual([expect.stringMatching(/: a prod\/dep pool sends autograph_gpg to Autograph stage /)]);
    const mixedEnv = pool({ level: "prod", envValue: "fake-prod", env: [{ name: "AUTOGRAPH", value: STAGE_HOST }] });
    expect(await run(autographStageDevOnly, mixedEnv)).toEqual([expect.stringMatching(/: a prod\/dep pool refers to Autograph stage /)]);
    const dev = pool({ level: "dev", autograph: [autograph(`https://${STAGE_HOST}`, ["stage_autograph_gpg", "autograph_gpg", "autograph_mar"], "project:releng:signing:cert:dep-signing")] });
    expect(await run(autographStageDevOnly, dev)).toEqual([expect.stringMatching(/, not autograph_gpg, autograph_mar$/)]);
  });

  it("store-pushes-prod-only does not take a look-alike of the contact flag for it", async () => {
    const store = pool({ level: "dep", script: "pushapk", env: [{ name: "LEGACY_DO_NOT_CONTACT_SERVER", value: "false" }] });
    expect(await run(storePushesProdOnly, store)).toEqual([]);
  });

  it("signing-config-allowed judges a pool that names no product at all as of no product", async () => {
    const noProduct = builtDepSigning().map((r) => {
      if (kindOf(r) !== "Deployment") return r;
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      for (const l of [copy.props.metadata.labels, copy.props.spec.template.metadata.labels]) delete l["releng.mozilla.org/cot-product"];
      const c = copy.props.spec.template.spec.containers[0];
      c.env = c.env.filter((e: any) => e.name !== "COT_PRODUCT");
      return copy;
    });
    expect((await run(signingConfigAllowed, noProduct)).join("\n")).toMatch(/does not belong to product \(unknown\)/);
  });
});

describe("pool-credentials-allowed: second pass", () => {
  it("gives a prod-labelled pool running ENV=dev none of dev's stage credentials", async () => {
    const found = await run(poolCredentialsAllowed, pool({ level: "prod", envValue: "dev", secretKeys: ["AUTOGRAPH_STAGE_GPG_USERNAME"] }));
    expect(found.filter((m) => !m.includes("TASKCLUSTER_CLIENT_ID"))).toEqual([
      expect.stringMatching(/env AUTOGRAPH_STAGE_GPG_USERNAME\]: a dev\/prod signing pool may not hold AUTOGRAPH_STAGE_GPG_USERNAME/),
      expect.stringMatching(/env AUTOGRAPH_STAGE_GPG_USERNAME\]: a dev\/prod signing pool reads Secret key AUTOGRAPH_STAGE_GPG_USERNAME/),
      expect.stringMatching(/stringData\.AUTOGRAPH_STAGE_GPG_USERNAME\]: a dev\/prod signing pool may not hold AUTOGRAPH_STAGE_GPG_USERNAME/),
    ]);
  });

  const STORE = "archive-s3-credentials";
  const labels = { ...poolLabels("dep", "1", "beetmover", "gecko-1-beetmover"), "releng.mozilla.org/stack-kind": "environment" };
  const ref = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: STORE, key } } });
  const storeSecret = secret("env-jane", STORE, "env-jane", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ADMIN_KEY"]);

  it("passes an environment pool whose every variable is a catalogued reference", async () => {
    const onlyRefs = deployment("env-jane", "beetmover", "env-jane", labels, [container({ env: [ref("DEP_ID", "AWS_ACCESS_KEY_ID"), ref("DEP_KEY", "AWS_SECRET_ACCESS_KEY")] })]);
    expect(await run(poolCredentialsAllowed, [onlyRefs, storeSecret])).toEqual([]);
  });

  it("reads odd pod shapes of an environment pool without failing: null entries, ConfigMap sources, a Secret whose data is no map", async () => {
    const odd = deployment("env-jane", "beetmover", "env-jane", labels, [container({ env: [{ name: "ENV", value: "fake-prod" }, ref("DEP_ID", "AWS_ACCESS_KEY_ID"), ref("DEP_KEY", "AWS_SECRET_ACCESS_KEY")], envFrom: [null, { configMapRef: { name: "settings" } }] })], {
      volumes: [null, { name: "cfg", configMap: { name: "settings" } }, { name: "p", projected: { sources: [null, { configMap: { name: "settings" } }, { serviceAccountToken: { path: "t" } }] } }],
    });
    expect(await run(poolCredentialsAllowed, [odd, storeSecret])).toEqual([]);
    const notAMap = { ...storeSecret, props: { ...storeSecret.props, stringData: "AWS_ACCESS_KEY_ID=x" } };
    const envFromIt = deployment("env-jane", "beetmover", "env-jane", labels, [container({ env: [{ name: "ENV", value: "fake-prod" }], envFrom: [{ secretRef: { name: STORE } }] })]);
    expect(await run(poolCredentialsAllowed, [envFromIt, notAMap])).toEqual([]);
  });
});

describe("environment-network-isolated: second pass", () => {
  it("judges an environment namespace's policies in any stack, and only Namespaces as namespaces", async () => {
    const open = networkPolicy("pools-dev", "env-jane", "open", { podSelector: {}, egress: [{}] });
    const deny = networkPolicy("pools-dev", "env-jane", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(await run(environmentNetworkIsolated, [deny, open])).toEqual([`NetworkPolicy env-jane/open [spec.egress[0]]: an egress rule without \`to\` allows every destination`]);
    const settings = kubeResource("pools-dev", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "env-settings", namespace: "dev-signing" } } as KubeObject);
    expect(await run(environmentNetworkIsolated, [settings])).toEqual([]);
  });

  it("flags an env-* stack's namespace with no NetworkPolicy at all, whatever its name", async () => {
    const bare = kubeResource("env-jane", { apiVersion: "v1", kind: "Namespace", metadata: { name: "jane" } } as KubeObject);
    expect(await run(environmentNetworkIsolated, [bare])).toEqual([`Namespace jane [namespace jane]: ${DENY_MISSING}`]);
  });

  it("anchors on the Namespace even when another object carries its name", async () => {
    const lookalike = kubeResource(NS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: NS, namespace: NS } } as KubeObject);
    const stack = [lookalike, ...builtEnvironmentStack().filter((r) => r.props.metadata.name !== "default-deny-all")];
    expect(await run(environmentNetworkIsolated, stack)).toEqual([`Namespace ${NS} [namespace ${NS}]: ${DENY_MISSING}`]);
  });
});

describe("gcp-access-allowed: resources without properties", () => {
  it("reads grants and buckets with no properties as naming nothing, without failing", async () => {
    const bare = (type: string, stack = "pools-dev") => ({ ...gcp(stack, type, {}), props: undefined as unknown as Record<string, unknown> });
    expect(await run(gcpAccessAllowed, [bare("gcp:storage/bucket:Bucket"), bare(WI_MEMBER)])).toEqual([]);
    expect(await run(gcpAccessAllowed, [bare(BUCKET_MEMBER)])).toEqual([expect.stringMatching(new RegExp(`^${BUCKET_MEMBER} g \\[bucket \\]: pools-dev may not be granted access to bucket \\(unknown\\): not one a dev pool may write \\(${DEP_BUCKET}[^)]*\\) nor declared by the stack$`))]);
  });
});
