// Env-scoped dep pools (issue #15, point 2): worker types within Taskcluster's limits for any
// environment name, generated files naming the environment's own endpoints, dep-only trust, and the
// policy pack's verdict on a planned environment with pools.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENV_POOL_SCRIPTS, SCRIPTWORKER_PATHS, WORKER_TYPE } from "../../../catalog/envPools";
import { POOL_ANNOTATIONS } from "../../../catalog/pools";
import { MAX_ENV_NAME } from "../../../catalog/environment";
import { envPoolEgressHosts, envPoolObjects, envWorkerType } from "../../../components/pools/envPools";
import { mountedFileKey } from "../../../components/pools/mountedFiles";
import { envPoolArgs } from "../../../program/environmentStack";
import { parseStackConfig, type EnvironmentStack } from "../../../stacks/load";
import { envRaw, problemsOf, TODAY } from "../../helpers";
import { kubeObject, planOf } from "../../planHelpers";

const envName = fc.stringMatching(new RegExp(`^[a-z0-9]([-a-z0-9]{0,${MAX_ENV_NAME - 2}}[a-z0-9])?$`));
const ALL_SERVICES = { balrog: {}, archive: {}, bouncer: { images: { redirector: "r.example/gb:1", admin: "r.example/ba:1" } }, shipit: { imageTag: "production" } };
const config = (overrides: Record<string, unknown> = {}) =>
  parseStackConfig(envRaw({ services: ALL_SERVICES, pools: [...ENV_POOL_SCRIPTS], ingress: { domain: "envs.example.org" }, ...overrides }), { today: TODAY }) as EnvironmentStack;

describe("env pool worker types", () => {
  it("are valid Taskcluster worker types, unique per script and environment, for 200 environment names", () => {
    const names = fc.sample(fc.uniqueArray(envName, { minLength: 200, maxLength: 200 }), 1)[0];
    expect(new Set(names).size).toBe(200);
    const types = names.flatMap((n) => ENV_POOL_SCRIPTS.map((s) => envWorkerType(s, n)));
    for (const t of types) {
      expect(t.length, t).toBeLessThanOrEqual(WORKER_TYPE.max);
      expect(t, t).toMatch(WORKER_TYPE.pattern);
    }
    expect(new Set(types).size).toBe(types.length);
  });

  it("never equal a shared pool's worker type and read as level 1 of their script", () => {
    fc.assert(
      fc.property(envName, fc.constantFrom(...ENV_POOL_SCRIPTS), (name, script) => {
        const t = envWorkerType(script, name);
        expect(t).not.toBe(`gecko-1-${script}`);
        expect(t.startsWith(`gecko-1-${script}-`)).toBe(true);
      }),
    );
  });

  it("name the environment verbatim when it fits", () => {
    expect(envWorkerType("balrog", "jane-fx150")).toMatch(/^gecko-1-balrog-jane-fx150-[a-z0-9]{6}$/);
  });
});

const P = SCRIPTWORKER_PATHS;
const EXPECTED_PATHS: Record<string, string[]> = {
  balrog: [P.initWorker],
  shipit: [P.initWorker],
  bouncer: [P.initWorker, P.workerTemplate],
  beetmover: [P.initWorker, P.workerTemplate, P.awsConfig],
};

describe("env pool objects", () => {
  const c = config();
  const objects = Object.fromEntries(ENV_POOL_SCRIPTS.map((s) => [s, envPoolObjects(envPoolArgs(c, s, "envs.example.org"))]));
  const file = (s: string, path: string) => objects[s].files.configMap.data![mountedFileKey(path)];

  it("are dep pools in every signal the trust rules read: ENV=fake-prod, trust-level dep, worker level 1, no prod-only secret", () => {
    for (const s of ENV_POOL_SCRIPTS) {
      const d = objects[s].deployment;
      const env = Object.fromEntries(d.spec!.template.spec!.containers[0].env!.map((e) => [e.name, e.value ?? "(secret)"]));
      expect(env.ENV).toBe("fake-prod");
      expect(env.ED25519_PRIVKEY).toBeUndefined();
      expect(d.metadata!.labels!["releng.mozilla.org/trust-level"]).toBe("dep");
      expect(d.metadata!.labels!["releng.mozilla.org/worker-level"]).toBe("1");
      expect(d.metadata!.labels!["releng.mozilla.org/stack-kind"]).toBe("environment");
      expect(d.metadata!.namespace).toBe("env-jane-fx150");
      // Stock image of the dep level.
      expect(d.spec!.template.spec!.containers[0].image).toBe(`mozilla/releng-${s}script:production`);
    }
  });

  it("point each script at the environment's own service, inside the cluster, and set the derived worker type", () => {
    expect(file("balrog", SCRIPTWORKER_PATHS.initWorker)).toContain("export API_ROOT='http://balrog-admin.env-jane-fx150.svc.cluster.local'");
    expect(file("shipit", SCRIPTWORKER_PATHS.initWorker)).toContain("export API_ROOT_V2='http://shipit-admin.env-jane-fx150.svc.cluster.local'");
    expect(JSON.parse(file("bouncer", SCRIPTWORKER_PATHS.workerTemplate)).bouncer_config["project:releng:bouncer:server:staging"].api_root).toBe("http://bouncer-admin.env-jane-fx150.svc.cluster.local/api");
    expect(file("beetmover", SCRIPTWORKER_PATHS.awsConfig)).toContain("endpoint_url = http://archive-store.env-jane-fx150.svc.cluster.local");
    for (const s of ENV_POOL_SCRIPTS) {
      expect(file(s, SCRIPTWORKER_PATHS.initWorker)).toContain(`export WORKER_TYPE='${envWorkerType(s, "jane-fx150")}'`);
      // The image's own init_worker.sh still runs first where the pool keeps the image's templates.
      if (s !== "beetmover") expect(file(s, SCRIPTWORKER_PATHS.initWorker)).toContain(`source /app/${s}script/docker.d/init_worker.sh`);
    }
  });

  it("mount every generated file at the image's own path, read-only, and roll the pods when it changes", () => {
    for (const s of ENV_POOL_SCRIPTS) {
      const pod = objects[s].deployment.spec!.template;
      const mounts = pod.spec!.containers[0].volumeMounts!;
      expect(mounts.map((m) => m.mountPath)).toEqual(EXPECTED_PATHS[s]);
      for (const m of mounts) expect(m).toMatchObject({ readOnly: true, subPath: mountedFileKey(m.mountPath) });
      expect(pod.metadata!.annotations!["releng.mozilla.org/config-sha256"]).toMatch(/^[0-9a-f]{64}$/);
    }
    const other = envPoolObjects(envPoolArgs(c, "beetmover", "other.example.org"));
    expect(other.deployment.spec!.template.metadata!.annotations!["releng.mozilla.org/config-sha256"]).not.toBe(objects.beetmover.deployment.spec!.template.metadata!.annotations!["releng.mozilla.org/config-sha256"]);
  });

  it("reads bouncer-admin's and the archive store's generated credentials from the environment's Secrets, never from config", () => {
    const env = (s: string) => objects[s].deployment.spec!.template.spec!.containers[0].env!;
    expect(env("bouncer").find((e) => e.name === "BOUNCER_PASSWORD")!.valueFrom).toEqual({ secretKeyRef: { name: "bouncer-admin-auth", key: "BOUNCER_PASSWORD" } });
    expect(env("beetmover").find((e) => e.name === "DEP_KEY")!.valueFrom).toEqual({ secretKeyRef: { name: "archive-s3-credentials", key: "AWS_SECRET_ACCESS_KEY" } });
  });
});

describe("env pools in config and plan", () => {
  it("refuses a pool whose service is not checked out, and a script that is not an env pool", () => {
    const e = problemsOf(envRaw({ services: { balrog: {} }, pools: ["beetmover", "signing"] }));
    expect(e.problems.map((p) => p.key).sort()).toEqual(["releng-envs:pools[0]", "releng-envs:pools[1]"].sort());
    expect(e.message).toMatch(/beetmover[\s\S]*archive[\s\S]*not checked out/);
  });

  it("plans the pools in the environment's namespace and lists their missing secrets as pending", async () => {
    const plan = await planOf(envRaw({ services: ALL_SERVICES, pools: ["balrog", "bouncer"], ingress: { domain: "envs.example.org" } }));
    expect(plan.schemaErrors).toEqual([]);
    expect(kubeObject(plan, "Deployment", "balrog-pool").metadata.namespace).toBe("env-jane-fx150");
    // No way out of its own: every outside host goes through a forwarder to the egress proxy, whose allow-list has it.
    expect(plan.kubeObjects.filter((k) => k.object.kind === "NetworkPolicy" && JSON.stringify(k.object).includes("bouncer-pool"))).toEqual([]);
    const pod = kubeObject(plan, "Deployment", "balrog-pool").spec.template.spec;
    const forwarded = pod.hostAliases.flatMap((a: { hostnames: string[] }) => a.hostnames).sort();
    expect(forwarded).toEqual(envPoolEgressHosts("balrog").sort());
    expect(forwarded).toContain("firefox-ci-tc.services.mozilla.com");
    expect(pod.containers.filter((c: { name: string }) => c.name.startsWith("tls-forwarder-"))).toHaveLength(forwarded.length);
    const allowHosts = String(kubeObject(plan, "ConfigMap", "egress-proxy-config").data["allow-hosts.txt"]).split("\n");
    for (const host of forwarded) expect(allowHosts).toContain(host);
    const pending = plan.outputs.pendingSecrets as Record<string, string[]>;
    const balrog = envWorkerType("balrog", "jane-fx150");
    expect(pending[balrog]).toEqual([`pools.${balrog}.TASKCLUSTER_ACCESS_TOKEN`, `pools.${balrog}.AUTH0_CLIENT_ID`, `pools.${balrog}.AUTH0_CLIENT_SECRET`]);
    expect((plan.outputs.pools as Record<string, { workerType: string }>).balrog.workerType).toBe(balrog);
  });

  /** The recorded options of the Deployment `name` (ignoreChanges, …). */
  const resourceOptions = (plan: Awaited<ReturnType<typeof planOf>>, name: string) =>
    plan.kubeObjects.find((k) => k.object.kind === "Deployment" && (k.object.metadata as { name: string }).name === name)!.resource.options;

  it("sleep with the environment: asleep, every pool runs no worker and lets the autoscaler start none; awake, one worker and up to two", async () => {
    const asleep = await planOf(envRaw({ services: ALL_SERVICES, pools: [...ENV_POOL_SCRIPTS], ingress: { domain: "envs.example.org" }, asleep: true }));
    const awake = await planOf(envRaw({ services: ALL_SERVICES, pools: [...ENV_POOL_SCRIPTS], ingress: { domain: "envs.example.org" } }));
    for (const script of ENV_POOL_SCRIPTS) {
      const slept = kubeObject(asleep, "Deployment", `${script}-pool`);
      expect(slept.spec.replicas, script).toBe(0);
      expect(slept.metadata.annotations[POOL_ANNOTATIONS.autoscaleMax], script).toBe("0");
      // Asleep the count is enforced (not left to the autoscaler), so sleeping a running environment stops its workers.
      expect(resourceOptions(asleep, `${script}-pool`).ignoreChanges ?? [], script).not.toContain("spec.replicas");
      const running = kubeObject(awake, "Deployment", `${script}-pool`);
      expect(running.spec.replicas, script).toBe(1);
      expect(running.metadata.annotations[POOL_ANNOTATIONS.autoscaleMax], script).toBe("2");
      expect(resourceOptions(awake, `${script}-pool`).ignoreChanges, script).toContain("spec.replicas");
    }
  });
});
