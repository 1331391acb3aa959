// Every workload this project declares, judged against its image's upstream contract
// (catalog/upstream/, `npm run upstream`): required and referenced variables present, commands and
// mounted paths present in the image layout, ports and probes matching, templates rendered with
// json-e against the pod's environment. Sample stacks as planned, plus generated pools covering
// every script × level × product the catalogue allows.
import { beforeAll, describe, expect, it } from "vitest";
import { LABELS } from "../../catalog/environment";
import { WORKER_ENV } from "../../catalog/pools";
import { TRUST_LEVELS } from "../../catalog/trust";
import { SCRIPT_CATALOG, SCRIPTS } from "../../catalog/scripts";
import { upstreamData } from "../../catalog/upstreamContract";
import { poolObjects } from "../../components/pools/builders";
import { resolvePool } from "../../components/pools/resolve";
import { checkObjects, unservedWorkerTypes, type KubeObject, type Violation } from "../../tools/contract/check";
import { declaredStacks, type DeclaredStack } from "../../tools/contract/stacks";
import { TODAY } from "../helpers";

const data = upstreamData();

/**
 * Signing pools: the trust issue (#13) owns their generated configuration, mounted over the image's
 * passwords.yml / init_worker.sh. A signing pod that mounts a replacement is judged strictly (the
 * replacement instead of the image's file); one that does not yet is a known, reported gap: the stock
 * image demands Autograph stage credentials that a dep/prod pool must never hold.
 */
function awaitingSigningOverride(v: Violation, objects: KubeObject[]): boolean {
  if (!/signingscript$/.test(v.workload)) return false;
  const deployment = objects.find((o) => o.kind === "Deployment" && v.workload.startsWith(`Deployment/${o.metadata?.namespace}/${o.metadata?.name} `));
  const mounts = ((deployment?.spec as any)?.template?.spec?.containers?.[0]?.volumeMounts ?? []) as { mountPath: string }[];
  return !mounts.some((m) => m.mountPath.startsWith("/app/docker.d/"));
}

describe("sample stacks against the upstream contracts", () => {
  let stacks: DeclaredStack[];
  beforeAll(async () => {
    stacks = await declaredStacks(TODAY);
  }, 600_000);

  it("plans every stack file", () => {
    expect(stacks.length).toBeGreaterThan(0);
    expect(stacks.filter((s) => s.error).map((s) => `${s.stack}: ${s.error}`)).toEqual([]);
  });

  it("every workload satisfies its image's contract (signing: see awaitingSigningOverride)", async () => {
    const problems: string[] = [];
    const gaps: string[] = [];
    for (const s of stacks) {
      for (const v of await checkObjects(s.objects, data)) (awaitingSigningOverride(v, s.objects) ? gaps : problems).push(`${s.stack} ${v.workload}: ${v.problem}`);
    }
    expect(problems).toEqual([]);
    if (gaps.length) console.info(`known gaps (signing awaiting #13's override): ${gaps.length}`);
  }, 600_000);

  it("follows an environment pool's init_worker.sh into the image's own: a variable the stock script checks is still required", async () => {
    const env = stacks.find((s) => s.stack === "env-example")!;
    const pool = env.objects.find((o) => o.kind === "Deployment" && o.metadata?.name === "balrog-pool");
    expect(pool, "env-example runs its own balrog pool").toBeDefined();
    const without = env.objects.map((o) => {
      if (o !== pool) return o;
      const copy = JSON.parse(JSON.stringify(o));
      const c = copy.spec.template.spec.containers[0];
      c.env = c.env.filter((e: { name: string }) => e.name !== "AUTH0_CLIENT_ID");
      return copy;
    });
    expect((await checkObjects(env.objects, data)).filter((v) => v.workload.includes("balrog-pool"))).toEqual([]);
    const problems = (await checkObjects(without, data)).filter((v) => v.workload.includes("balrog-pool")).map((v) => v.problem);
    expect(problems.join("\n")).toMatch(/the mounted \/app\/docker\.d\/init_worker\.sh requires AUTH0_CLIENT_ID/);
  }, 600_000);

  // Pools stacks only: an environment's own pools get worker types registered by its generated
  // fxci-config.yaml (#15), never served by k8s-autoscale; their form is tested in the env pool tests.
  it("declares only worker types k8s-autoscale serves (pools stacks)", () => {
    const unserved = stacks.filter((s) => s.stack.startsWith("pools-")).flatMap((s) => unservedWorkerTypes(s.objects, data, LABELS.workerType).map((w) => `${s.stack}: ${w}`));
    expect(unserved).toEqual([]);
  });
});

describe("generated pools: every script × level × product the catalogue allows", () => {
  const combos = SCRIPTS.filter((s) => !SCRIPT_CATALOG[s].signing).flatMap((script) => TRUST_LEVELS.flatMap((level) => SCRIPT_CATALOG[script].products.map((product) => ({ script, level, product }))));

  it("upstream start-up completes for each allowed combination", () => {
    const refused = combos.filter(({ script, level, product }) => !data["scriptworker-scripts"].scripts[script]?.startup[WORKER_ENV[level]]?.[product]?.starts);
    expect(refused).toEqual([]);
  });

  it("each generated pool's pod passes init.sh, init_worker.sh and configloader", async () => {
    const problems: string[] = [];
    for (const { script, level, product } of combos) {
      const pool = resolvePool(level, { script, product, replicas: { min: 0, initial: 0 } } as never);
      const o = poolObjects(pool);
      const objects = [o.secret, o.deployment, o.disruptionBudget, ...o.configMaps] as KubeObject[];
      for (const v of await checkObjects(objects, data)) problems.push(`${script}/${level}/${product}: ${v.problem}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
