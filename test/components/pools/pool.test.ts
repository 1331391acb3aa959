import { describe, expect, it } from "vitest";
import { SCRIPT_CATALOG, type ScriptName } from "../../../catalog/scripts";
import { planPools } from "../../../program/poolsStack";
import { isConfigError } from "../../../stacks/errors";
import { parseStackConfig, type PoolsStack } from "../../../stacks/load";
import { rawConfigFromFile } from "../../../stacks/stackFile";
import { evaluateStack } from "../../../tools/plan/evaluate";
import { isSecretValue } from "../../../tools/plan/mocks";
import { TODAY } from "../../helpers";
import { kubeObject, kubeObjectsOfKind, planOf } from "../../planHelpers";
import { depSigning, poolsRaw } from "../../poolsHelpers";

const SAMPLE_STACKS = ["pools-prod", "pools-dep", "pools-dev"] as const;
const DIGEST_PINNED = /^[^@\s]+:[\w.-]+@sha256:[a-f0-9]{64}$/;

describe("sample pools stacks", () => {
  it.each(SAMPLE_STACKS)("%s plans offline, schema-valid, each Deployment with its script's grace period", async (stack) => {
    const plan = await planOf(rawConfigFromFile(stack));
    expect(plan.schemaErrors).toEqual([]);
    const deployments = kubeObjectsOfKind(plan, "Deployment");
    expect(deployments.length).toBe((plan.config as PoolsStack).pools.length);
    for (const d of deployments) {
      const script = d.metadata.labels["releng.mozilla.org/script"] as ScriptName;
      expect(d.spec.template.spec.terminationGracePeriodSeconds, d.metadata.name).toBe(SCRIPT_CATALOG[script].graceSeconds);
    }
    const workerTypes = deployments.map((d) => d.metadata.labels["releng.mozilla.org/worker-type"]);
    const wl = { "pools-prod": "3", "pools-dep": "1", "pools-dev": "1" }[stack];
    const sl = { "pools-prod": "3", "pools-dep": "t", "pools-dev": "t" }[stack];
    const sfx = stack === "pools-dev" ? "-dev" : "";
    // Only worker types k8s-autoscale serves: tree is comm's (gecko's moved to lando); no app-services signing at dev.
    const expected = [
      ...["beetmover", "balrog", "bouncer", "shipit", "pushapk"].map((s) => `gecko-${wl}-${s}${sfx}`),
      `comm-${wl}-tree${sfx}`,
      ...["gecko", "mobile", ...(stack === "pools-dev" ? [] : ["app-services"])].map((t) => `${t}-${sl}-signing${sfx}`),
    ];
    expect(workerTypes).toEqual(expect.arrayContaining(expected));
  });

  it.each(["pools-prod", "pools-dev-gke"])("%s: every object of a pool waits for its script's Namespace through the namespace it sits in", async (stack) => {
    const plan = await planOf(rawConfigFromFile(stack));
    const namespaces = new Map(plan.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => [(r.inputs.metadata as { name: string }).name, r.urn]));
    expect(namespaces.size).toBeGreaterThan(0);
    const pooled = plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== "kubernetes:core/v1:Namespace" && r.type !== "pulumi:providers:kubernetes");
    expect(pooled.length).toBeGreaterThan(namespaces.size);
    for (const r of pooled) {
      const ns = (r.inputs.metadata as { namespace: string }).namespace;
      expect(r.dependsOn, `${r.name} waits for namespace ${ns}`).toContain(namespaces.get(ns));
    }
  });

  it("gives every script its catalogue grace period (7200 bitrise, 3600 signing/tree/pushmsix, 1800 beetmover, 1200 others)", async () => {
    const pools = [
      { script: "bitrise", product: "mobile" },
      { script: "pushmsix", product: "firefox" },
      { script: "beetmover", product: "firefox" },
      { script: "addon", product: "firefox" },
      { script: "tree", product: "thunderbird" },
    ];
    const plan = await planOf(poolsRaw("dep", pools));
    const grace = Object.fromEntries(kubeObjectsOfKind(plan, "Deployment").map((d) => [d.metadata.labels["releng.mozilla.org/script"], d.spec.template.spec.terminationGracePeriodSeconds]));
    expect(grace).toEqual({ bitrise: 7200, pushmsix: 3600, beetmover: 1800, addon: 1200, tree: 3600 });
  });
});

describe("releng:pools:ScriptworkerPool under mocks", () => {
  it("sets the initial replica count and leaves later changes to the autoscaler", async () => {
    const plan = await planOf(poolsRaw("dep", [{ script: "tree", product: "thunderbird", replicas: { initial: 2, max: 3 } }]));
    const d = kubeObject(plan, "Deployment", "tree-dep-relengworker-firefoxci-comm-1-1");
    expect(d.spec.replicas).toBe(2);
    expect(d.metadata.annotations["releng.mozilla.org/autoscale-max-replicas"]).toBe("3");
    const resource = plan.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
    expect(resource.options.ignoreChanges).toEqual(["spec.replicas"]);
    const others = plan.resources.filter((r) => r.custom && r.type !== "kubernetes:apps/v1:Deployment");
    for (const r of others) expect(r.options.ignoreChanges, r.name).toEqual([]);
  });

  it("pins prod images to the digest the registry returns for the configured tag", async () => {
    const digest = "ab".repeat(32);
    const seen: string[] = [];
    const plan = await evaluateStack(poolsRaw("prod", [{ script: "shipit", product: "firefox" }, { script: "tree", product: "thunderbird", image: "mozilla/releng-treescript:production-20250101" }]), {
      today: TODAY,
      calls: [
        (args) => {
          if (args.token !== "docker:index/getRegistryImage:getRegistryImage") return undefined;
          seen.push(String(args.inputs.name));
          return { name: args.inputs.name, sha256Digest: `sha256:${digest}` };
        },
      ],
    });
    expect(plan.programError).toBeUndefined();
    expect(seen.sort()).toEqual(["mozilla/releng-shipitscript:production", "mozilla/releng-treescript:production-20250101"]);
    const shipit = kubeObject(plan, "Deployment", "shipit-prod-relengworker-firefoxci-gecko-3-1");
    expect(shipit.spec.template.spec.containers[0].image).toBe(`mozilla/releng-shipitscript:production@sha256:${digest}`);
    expect(shipit.metadata.annotations["releng.mozilla.org/image-tag"]).toBe("mozilla/releng-shipitscript:production");
    const tree = kubeObject(plan, "Deployment", "tree-prod-relengworker-firefoxci-comm-3-1");
    expect(tree.spec.template.spec.containers[0].image).toBe(`mozilla/releng-treescript:production-20250101@sha256:${digest}`);
  });

  it("keeps an image already pinned by digest without asking the registry", async () => {
    const pinned = `mozilla/releng-shipitscript@sha256:${"cd".repeat(32)}`;
    let calls = 0;
    const plan = await evaluateStack(poolsRaw("prod", [{ script: "shipit", product: "firefox", image: pinned }]), { today: TODAY, calls: [() => (calls++, undefined)] });
    expect(calls).toBe(0);
    expect(kubeObject(plan, "Deployment", "shipit-prod-relengworker-firefoxci-gecko-3-1").spec.template.spec.containers[0].image).toBe(pinned);
  });

  it.each(SAMPLE_STACKS)("%s: prod images are digest-pinned, dep/dev images run their tag", async (stack) => {
    const plan = await planOf(rawConfigFromFile(stack));
    for (const d of kubeObjectsOfKind(plan, "Deployment")) {
      const image = d.spec.template.spec.containers[0].image as string;
      if (stack === "pools-prod") expect(image, d.metadata.name).toMatch(DIGEST_PINNED);
      else expect(image, d.metadata.name).toMatch(stack === "pools-dev" ? /:dev$/ : /:production$/);
    }
  });

  it("gives the worker the DESIGN env vars, credentials only by reference, ED25519_PRIVKEY only at prod", async () => {
    const pools = [{ script: "balrog", product: "firefox" }];
    for (const level of ["prod", "dep", "dev"] as const) {
      const plan = await planOf(poolsRaw(level, pools));
      const d = kubeObjectsOfKind(plan, "Deployment")[0];
      const env = d.spec.template.spec.containers[0].env as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }>;
      const plain = Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
      expect(plain).toEqual({
        PROJECT_NAME: "balrog",
        ENV: { prod: "prod", dep: "fake-prod", dev: "dev" }[level],
        COT_PRODUCT: "firefox",
        TASKCLUSTER_ROOT_URL: "https://firefox-ci-tc.services.mozilla.com",
        TASKCLUSTER_CLIENT_ID: `project/releng/scriptworker/v2/balrog/${level === "dev" ? "dev" : "prod"}/firefoxci-gecko-${level === "prod" ? 3 : 1}`,
      });
      const refs = env.filter((e) => e.valueFrom).map((e) => e.name);
      expect(refs).toEqual(level === "prod" ? ["AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "ED25519_PRIVKEY", "TASKCLUSTER_ACCESS_TOKEN"] : ["AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "TASKCLUSTER_ACCESS_TOKEN"]);
      for (const e of env.filter((x) => x.valueFrom)) expect(e.valueFrom!.secretKeyRef).toEqual({ name: `${d.metadata.name}-secrets`, key: e.name });
    }
  });

  it("puts supplied secrets in the pool's Secret as Pulumi secrets, keyed by env var name", async () => {
    const raw = poolsRaw("dep", [depSigning], { secrets: { "gecko-t-signing": { AUTOGRAPH_GPG_USERNAME: "user-x", AUTOGRAPH_GPG_PASSWORD: "pass-y" } } });
    const plan = await planOf(raw);
    const secret = plan.resources.find((r) => r.type === "kubernetes:core/v1:Secret")!;
    // The engine receives stringData marked secret (the whole map, since its values are secret Outputs).
    const stringData = secret.inputs.stringData;
    expect(isSecretValue(stringData)).toBe(true);
    const data = (stringData as { value: Record<string, unknown> }).value;
    expect(Object.keys(data).sort()).toEqual(["AUTOGRAPH_GPG_PASSWORD", "AUTOGRAPH_GPG_USERNAME"]);
    expect(data.AUTOGRAPH_GPG_PASSWORD).toBe("pass-y");
    expect(JSON.stringify(plan.outputs)).not.toContain("pass-y");
    expect(plan.outputs.pendingSecrets).toEqual({ "gecko-t-signing": ["TASKCLUSTER_ACCESS_TOKEN", "WIDEVINE_CERT"] });
  });

  it("declares the generated passwords.yml and init_worker.sh and mounts them over the image's copies", async () => {
    const pool = {
      script: "signing",
      product: "mobile",
      autograph: [
        { server: "prod", formats: ["gcp_prod_autograph_apk"], credentialsEnv: "AUTOGRAPH_REFERENCE_BROWSER" },
        { server: "stage", formats: ["stage_autograph_apk"], keyId: "dummyapp_android", credentialsEnv: "AUTOGRAPH_STAGE_REFERENCE_BROWSER" },
      ],
    };
    const plan = await planOf(poolsRaw("dev", [pool]));
    const cm = kubeObject(plan, "ConfigMap", "signing-dev-relengworker-firefoxci-mobile-t-1-signing-config");
    expect(JSON.parse(cm.data["passwords.yml"])).toEqual({
      "project:mobile:reference-browser:releng:signing:cert:dep-signing": [
        ["https://prod.autograph.prod.webservices.mozgcp.net", { $eval: "AUTOGRAPH_REFERENCE_BROWSER_USERNAME" }, { $eval: "AUTOGRAPH_REFERENCE_BROWSER_PASSWORD" }, ["gcp_prod_autograph_apk"]],
        ["https://stage.autograph.nonprod.webservices.mozgcp.net", { $eval: "AUTOGRAPH_STAGE_REFERENCE_BROWSER_USERNAME" }, { $eval: "AUTOGRAPH_STAGE_REFERENCE_BROWSER_PASSWORD" }, ["stage_autograph_apk"], "dummyapp_android"],
      ],
    });
    const pod = kubeObject(plan, "Deployment", "signing-dev-relengworker-firefoxci-mobile-t-1").spec.template.spec;
    expect(pod.containers[0].volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(["/app/docker.d/passwords.yml", "/app/docker.d/init_worker.sh"]);
    expect(pod.volumes.map((v: { configMap: { name: string } }) => v.configMap.name)).toEqual([cm.metadata.name, cm.metadata.name]);
    // Non-signing pools replace nothing.
    const other = await planOf(poolsRaw("dev", [{ script: "tree", product: "thunderbird" }]));
    expect(kubeObjectsOfKind(other, "ConfigMap")).toHaveLength(0);
  });

  it("runs as uid 10001 non-root with the health check, preStop hook, resources and contract labels", async () => {
    const plan = await planOf(poolsRaw("dep", [depSigning]));
    const d = kubeObject(plan, "Deployment", "signing-dep-relengworker-firefoxci-gecko-t-1");
    const pod = d.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(c.livenessProbe.exec.command).toEqual(["/bin/healthcheck"]);
    expect(c.lifecycle.preStop.exec.command).toEqual(["/app/docker.d/pre-stop.sh"]);
    expect(c.resources).toEqual({ requests: SCRIPT_CATALOG.signing.resources.requests, limits: SCRIPT_CATALOG.signing.resources.limits });
    expect(d.spec.template.metadata.labels).toMatchObject({
      "releng.mozilla.org/stack-kind": "pools",
      "releng.mozilla.org/trust-level": "dep",
      "releng.mozilla.org/worker-level": "t",
      "releng.mozilla.org/script": "signing",
      "releng.mozilla.org/cot-product": "firefox",
      "releng.mozilla.org/worker-type": "gecko-t-signing",
    });
    expect(kubeObject(plan, "Namespace", "dep-signing").metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("overrides resources per pool", async () => {
    const plan = await planOf(poolsRaw("dep", [{ script: "tree", product: "thunderbird", resources: { limits: { memory: "8Gi" } } }]));
    const c = kubeObjectsOfKind(plan, "Deployment")[0].spec.template.spec.containers[0];
    expect(c.resources.limits).toEqual({ cpu: SCRIPT_CATALOG.tree.resources.limits.cpu, memory: "8Gi" });
  });

  it("blocks voluntary eviction of healthy workers with a PodDisruptionBudget over the pool's pods", async () => {
    const plan = await planOf(poolsRaw("dep", [{ script: "beetmover", product: "firefox" }]));
    const d = kubeObjectsOfKind(plan, "Deployment")[0];
    const pdb = kubeObject(plan, "PodDisruptionBudget", d.metadata.name);
    expect(pdb.spec.maxUnavailable).toBe(0);
    expect(pdb.metadata.namespace).toBe(d.metadata.namespace);
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) expect(d.spec.template.metadata.labels[k]).toBe(v);
    expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it("sends every Kubernetes resource through the one explicit provider", async () => {
    const plan = await planOf(poolsRaw("dev", [{ script: "tree", product: "thunderbird" }, { script: "shipit", product: "mobile" }]));
    const providers = plan.resources.filter((r) => r.type === "pulumi:providers:kubernetes");
    expect(providers).toHaveLength(1);
    const kube = plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(kube.length).toBe(2 * 3 + 2); // per pool: Secret, Deployment, PDB; plus two namespaces
    for (const r of kube) expect(r.provider, r.name).toBe(`${providers[0].urn}::kubernetes-id`);
    const component = plan.resources.find((r) => r.type === "releng:pools:ScriptworkerPool" && r.name === "comm-1-tree-dev")!;
    expect(plan.resources.filter((r) => r.parent === component.urn).map((r) => r.type).sort()).toEqual([
      "kubernetes:apps/v1:Deployment",
      "kubernetes:core/v1:Secret",
      "kubernetes:policy/v1:PodDisruptionBudget",
    ]);
  });
});

describe("required secrets on a real pulumi up", () => {
  // Rendering inside this work tree allowed: secrets are the subject here (program/renderTarget.ts has its own tests).
  const values = { kubernetes: { target: "render", allowRenderInWorkTree: true } };
  const raw = poolsRaw("dep", [{ script: "balrog", product: "firefox" }], { secrets: { "gecko-1-balrog": { AUTH0_CLIENT_ID: "x", AUTH0_CLIENT_SECRET: "y" } }, values });

  it("refuses a pool with required secrets missing, naming each with the command that sets it", () => {
    const config = parseStackConfig(raw, { today: TODAY }) as PoolsStack;
    try {
      planPools(config, { deploying: true });
      throw new Error("expected a ConfigError");
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
      if (!isConfigError(e)) return;
      expect(e.problems.map((p) => p.key)).toEqual(["releng-envs:secrets.pools.gecko-1-balrog.TASKCLUSTER_ACCESS_TOKEN"]);
      expect(e.problems[0].fix).toBe("pulumi config set --secret --path 'releng-envs:secrets.pools.gecko-1-balrog.TASKCLUSTER_ACCESS_TOKEN' VALUE -s pools-dep");
    }
  });

  it("accepts the pool once every required secret is set", () => {
    const complete = poolsRaw("dep", [{ script: "balrog", product: "firefox" }], { secrets: { "gecko-1-balrog": { AUTH0_CLIENT_ID: "x", AUTH0_CLIENT_SECRET: "y", TASKCLUSTER_ACCESS_TOKEN: "z" } }, values });
    expect(() => planPools(parseStackConfig(complete, { today: TODAY }) as PoolsStack, { deploying: true })).not.toThrow();
    // A preview only reports them.
    expect(planPools(parseStackConfig(raw, { today: TODAY }) as PoolsStack, { deploying: false }).pendingSecrets).toEqual({ "gecko-1-balrog": ["TASKCLUSTER_ACCESS_TOKEN"] });
  });
});
