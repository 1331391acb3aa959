// Pools stacks on the gke target, planned under mocks with the platform stacks' own offline outputs
// served through the mocked StackReference (as tools/plan/evaluate.ts does for `npm run plan`).
import { describe, expect, it } from "vitest";
import { SCRIPT_CATALOG, SCRIPTS } from "../../catalog/scripts";
import { TRUST_LEVELS } from "../../catalog/trust";
import { resolvePool } from "../../components/pools/resolve";
import { SERVICE_ACCOUNT_ID, poolServiceAccountId } from "../../domain/names";
import { canSchedule, type Taint } from "../../components/platform/scheduling";
import { PLATFORM_SECRET_OUTPUTS, PlatformReference } from "../../program/platformReference";
import { configErrorOf } from "../../stacks/errors";
import { POOLS_WORKLOAD } from "../../program/poolsStack";
import { parseStackConfig } from "../../stacks/load";
import { rawConfigFromFile } from "../../stacks/stackFile";
import { readProgramConfig } from "../../program/config";
import { declareStack } from "../../program/declareStack";
import { engineConfig, evaluateStack, type StackPlan } from "../../tools/plan/evaluate";
import { installRecordingMocks, isSecretValue, settle, type MockStackOutputs } from "../../tools/plan/mocks";
import { TODAY } from "../helpers";
import { kubeObject, kubeObjectsOfKind } from "../planHelpers";
import { depSigning, poolsRaw } from "../poolsHelpers";

type Platform = "platform-prod" | "platform-nonprod";
const gke = (platform: Platform) => ({ target: "gke", platformStack: `mozilla/releng-envs/${platform}` });
/** A made-up bucket for tests only: the program grants on whatever the stack lists. */
const TEST_BUCKET = "moz-fx-productdelivery-no-7d6a-productdelivery";

const platforms = new Map<Platform, StackPlan>();
/** A platform's outputs as its own offline plan computes them (cached: both platforms are static). */
async function platformPlan(platform: Platform): Promise<StackPlan> {
  if (!platforms.has(platform)) {
    const plan = await evaluateStack(rawConfigFromFile(platform), { today: TODAY });
    if (plan.configError || plan.programError) throw new Error(plan.configError?.message ?? plan.programError);
    platforms.set(platform, plan);
  }
  return platforms.get(platform)!;
}

async function stackOutputs(platform: Platform): Promise<Record<string, MockStackOutputs>> {
  const plan = await platformPlan(platform);
  return { [platform]: { outputs: plan.outputs, secretOutputNames: PLATFORM_SECRET_OUTPUTS } };
}

/** Plans a pools stack at `level` on `platform`; returns the plan even when it reports a config error. */
async function poolsOnGke(level: string, platform: Platform, pools: unknown[]): Promise<StackPlan> {
  const raw = poolsRaw(level, pools, { values: { kubernetes: gke(platform) } });
  const plan = await evaluateStack(raw, { today: TODAY, stackOutputs: await stackOutputs(platform) });
  if (plan.programError) throw new Error(plan.programError);
  return plan;
}

async function okPlan(level: string, platform: Platform, pools: unknown[]): Promise<StackPlan> {
  const plan = await poolsOnGke(level, platform, pools);
  if (plan.configError) throw new Error(plan.configError.message);
  return plan;
}

const ofType = (plan: StackPlan, type: string) => plan.resources.filter((r) => r.type === type);
const beetmover = (extra: Record<string, unknown> = {}) => ({ script: "beetmover", product: "firefox", ...extra });
const devSigning = { script: "signing", product: "firefox", autograph: [{ server: "prod", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" }] };

/** The platform's node pools as declared (labels and taints in Kubernetes' spelling). */
function nodePools(platform: StackPlan): { name: string; labels: Record<string, string>; taints: Taint[] }[] {
  const effect: Record<string, Taint["effect"]> = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" };
  return ofType(platform, "gcp:container/nodePool:NodePool").map((np) => {
    const cfg = np.inputs.nodeConfig as { labels: Record<string, string>; taints?: { key: string; value: string; effect: string }[] };
    return { name: String(np.inputs.name), labels: cfg.labels ?? {}, taints: (cfg.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: effect[t.effect] })) };
  });
}

describe("the pools-dev-gke sample stack", () => {
  it("is a sample: a real pulumi up refuses it (pools-dev, not a sample, gets as far as its secrets check)", async () => {
    const upOf = (stack: string) => {
      const { config, secretKeys } = engineConfig(rawConfigFromFile(stack));
      installRecordingMocks(stack, config, secretKeys); // preview = false: an update
      try {
        // What index.ts runs: the config, then the plan that refuses missing secrets on a real up.
        declareStack(readProgramConfig(TODAY), { deploying: true });
        return "accepted";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(upOf("pools-dev-gke")).toMatch(/^stacks\/Pulumi\.pools-dev-gke\.yaml is a sample stack/);
    expect(upOf("pools-dev")).toMatch(/is required by .* but is not set/);
    await settle();
  });

  it("plans offline with a mocked StackReference: provider from the platform's secret kubeconfig, no schema errors", async () => {
    const platform = await platformPlan("platform-nonprod");
    const plan = await evaluateStack(rawConfigFromFile("pools-dev-gke"), { today: TODAY }); // the plan finds platform-nonprod in stacks/
    expect(plan.configError?.message).toBeUndefined();
    expect(plan.programError).toBeUndefined();
    expect(plan.schemaErrors).toEqual([]);
    const [ref] = ofType(plan, "pulumi:pulumi:StackReference");
    expect(ref.inputs.name).toBe("organization/releng-envs/platform-nonprod");
    const [provider] = ofType(plan, "pulumi:providers:kubernetes");
    expect(isSecretValue(provider.inputs.kubeconfig)).toBe(true);
    expect((provider.inputs.kubeconfig as { value: string }).value).toBe(platform.outputs.kubeconfig);
    expect(provider.inputs.renderYamlToDirectory).toBeUndefined();
    // Every Kubernetes object goes through that provider.
    const providerRef = `${provider.urn}::`;
    for (const k of plan.kubeObjects) expect(k.resource.provider.startsWith(providerRef), k.resource.name).toBe(true);
    expect(plan.outputs.kubernetesTarget).toBe("gke");
  });
});

describe("pools on the gke target", () => {
  it("pull every image through the platform's registry mirror", async () => {
    const platform = await platformPlan("platform-nonprod");
    const plan = await okPlan("dev", "platform-nonprod", [devSigning, beetmover()]);
    const mirror = String(platform.outputs.registryMirror);
    expect(mirror).toBe("us-central1-docker.pkg.dev/releng-envs-nonprod-example/dockerhub");
    const images = kubeObjectsOfKind(plan, "Deployment").flatMap((d) => d.spec.template.spec.containers.map((c: { image: string }) => c.image));
    expect(images.sort()).toEqual([`${mirror}/mozilla/releng-beetmoverscript:dev`, `${mirror}/mozilla/releng-signingscript:dev`]);
  });

  it("keep prod pools pinned by digest behind the mirror", async () => {
    const platform = await platformPlan("platform-prod");
    const plan = await okPlan("prod", "platform-prod", [beetmover()]);
    const [image] = kubeObjectsOfKind(plan, "Deployment")[0].spec.template.spec.containers.map((c: { image: string }) => c.image);
    expect(image).toMatch(new RegExp(`^${String(platform.outputs.registryMirror)}/mozilla/releng-beetmoverscript:production@sha256:[a-f0-9]{64}$`));
  });

  for (const [level, platformName] of [
    ["prod", "platform-prod"],
    ["dep", "platform-prod"],
    ["dev", "platform-nonprod"],
  ] as const) {
    it(`place ${level} pods on the ${level}-pools node pool of ${platformName}, and on no other`, async () => {
      const platform = await platformPlan(platformName);
      const plan = await okPlan(level, platformName, level === "dep" ? [depSigning, beetmover()] : level === "dev" ? [devSigning] : [beetmover()]);
      const pools = nodePools(platform);
      expect(pools.map((p) => p.name)).toContain(`${level}-pools`);
      for (const deployment of kubeObjectsOfKind(plan, "Deployment")) {
        const pod = deployment.spec.template.spec;
        expect(pod.nodeSelector).toEqual({ "releng.mozilla.org/workload": POOLS_WORKLOAD[level] });
        for (const np of pools) expect(canSchedule(pod, np), `${deployment.metadata.name} on ${np.name}`).toBe(np.name === `${level}-pools`);
      }
    });
  }

  it("leave images and placement alone on the render target", async () => {
    const plan = await evaluateStack(poolsRaw("dev", [beetmover()]), { today: TODAY });
    const pod = kubeObjectsOfKind(plan, "Deployment")[0].spec.template.spec;
    expect(pod.containers[0].image).toBe("mozilla/releng-beetmoverscript:dev");
    expect(pod.tolerations).toBeUndefined();
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.serviceAccountName).toBeUndefined();
    expect(kubeObjectsOfKind(plan, "ServiceAccount")).toEqual([]);
    expect(plan.resources.filter((r) => r.type.startsWith("gcp:") || r.type === "pulumi:pulumi:StackReference")).toEqual([]);
  });
});

describe("a platform that does not host the pools' level", () => {
  for (const [level, platform, pools] of [
    ["prod", "platform-nonprod", [beetmover()]],
    ["dep", "platform-nonprod", [depSigning]],
    ["dev", "platform-prod", [devSigning, beetmover()]],
  ] as const) {
    it(`refuses ${level} pools on ${platform} as a config error naming the key and the fix, declaring nothing there`, async () => {
      const plan = await poolsOnGke(level, platform, [...pools]);
      expect(plan.programError).toBeUndefined();
      expect(plan.configError?.problems).toEqual([
        expect.objectContaining({
          key: "releng-envs:kubernetes.platformStack",
          problem: expect.stringMatching(new RegExp(`^platform stack mozilla/releng-envs/${platform} hosts .*, not ${level}-pools$`)),
          fix: expect.stringContaining(`platform-${level === "dev" ? "nonprod" : "prod"}`),
        }),
      ]);
      expect(plan.configError?.message).toContain(`stacks/Pulumi.pools-${level}.yaml`);
      // Neither Kubernetes objects in the wrong cluster nor GCP resources in the wrong project.
      expect(plan.kubeObjects).toEqual([]);
      expect(plan.resources.filter((r) => r.type.startsWith("gcp:") && r.type !== "pulumi:providers:gcp")).toEqual([]);
    });
  }
});

describe("a platform reference that expects a workload", () => {
  /** Reads `key` through a reference to platform-prod expecting `workload`, under the recording mocks. */
  async function read(workload: "dev-pools" | "dep-pools", key: "project" | "kubeconfig" | "registryMirror"): Promise<unknown> {
    installRecordingMocks("pools-x", {}, [], [], await stackOutputs("platform-prod"));
    // A failed check also rejects the Output's internal promises nobody awaits here; the engine (and
    // evaluateStack) report that once. Keep them from vitest's handler while reading.
    const listeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", () => undefined);
    try {
      const ref = new PlatformReference("mozilla/releng-envs/platform-prod", { workload, stack: "pools-x", file: "stacks/Pulumi.pools-x.yaml" });
      return await (ref.output(key) as unknown as { promise(): Promise<unknown> }).promise().catch((e: unknown) => e);
    } finally {
      await settle();
      await new Promise((r) => setTimeout(r, 50));
      process.removeAllListeners("unhandledRejection");
      for (const l of listeners) process.on("unhandledRejection", l);
    }
  }

  it("serves every output only when the platform hosts the workload, so nothing reaches a wrong project or cluster", async () => {
    expect(await read("dep-pools", "project")).toBe("releng-envs-prod-example");
    for (const key of ["project", "kubeconfig", "registryMirror"] as const) {
      const refused = configErrorOf(await read("dev-pools", key));
      expect(refused?.problems.map((p) => p.key), key).toEqual(["releng-envs:kubernetes.platformStack"]);
      expect(refused?.message).toContain("stacks/Pulumi.pools-x.yaml");
    }
  });
});

describe("GCP identities of pools", () => {
  it("gives a beetmover pool its own account, usable only by the pool's Kubernetes ServiceAccount, which its pods run as", async () => {
    const plan = await okPlan("dev", "platform-nonprod", [devSigning, beetmover()]);
    const id = poolServiceAccountId("gecko-1-beetmover-dev");
    const accounts = ofType(plan, "gcp:serviceaccount/account:Account");
    expect(accounts.map((a) => a.inputs)).toEqual([expect.objectContaining({ accountId: id, project: "releng-envs-nonprod-example" })]);
    const [binding] = ofType(plan, "gcp:serviceaccount/iAMMember:IAMMember");
    expect(binding.inputs).toMatchObject({
      role: "roles/iam.workloadIdentityUser",
      member: "serviceAccount:releng-envs-nonprod-example.svc.id.goog[dev-beetmover/gecko-1-beetmover-dev]",
    });
    const ksa = kubeObject(plan, "ServiceAccount", "gecko-1-beetmover-dev");
    expect(ksa.metadata.namespace).toBe("dev-beetmover");
    expect(ksa.metadata.annotations["iam.gke.io/gcp-service-account"]).toBe(`${id}@releng-envs-nonprod-example.iam.gserviceaccount.com`);
    expect(ksa.metadata.labels["releng.mozilla.org/worker-type"]).toBe("gecko-1-beetmover-dev");
    const pod = kubeObject(plan, "Deployment", "beetmover-dev-relengworker-firefoxci-gecko-1-1").spec.template;
    expect(pod.spec.serviceAccountName).toBe("gecko-1-beetmover-dev");
    expect(pod.metadata.labels["releng.mozilla.org/gcp-access"]).toBe("true");
    // The signing pool does not use GCP: no account, no ServiceAccount, the namespace's default.
    const signing = kubeObject(plan, "Deployment", "signing-dev-relengworker-firefoxci-gecko-t-1").spec.template;
    expect(signing.spec.serviceAccountName).toBeUndefined();
    expect(kubeObjectsOfKind(plan, "ServiceAccount")).toHaveLength(1);
    expect((plan.outputs.pools as any)["gecko-1-beetmover-dev"].gcp).toEqual({
      serviceAccount: `${id}@releng-envs-nonprod-example.iam.gserviceaccount.com`,
      kubernetesServiceAccount: "gecko-1-beetmover-dev",
      buckets: [],
    });
  });

  it("grants the account the script's roles on the listed buckets only, never a project role", async () => {
    const plan = await okPlan("dev", "platform-nonprod", [beetmover({ gcp: { buckets: [TEST_BUCKET] } })]);
    const email = `${poolServiceAccountId("gecko-1-beetmover-dev")}@releng-envs-nonprod-example.iam.gserviceaccount.com`;
    const grants = ofType(plan, "gcp:storage/bucketIAMMember:BucketIAMMember").map((g) => g.inputs);
    expect(grants).toEqual(SCRIPT_CATALOG.beetmover.gcp!.bucketRoles.map((role) => ({ bucket: TEST_BUCKET, role, member: `serviceAccount:${email}` })));
    expect(plan.resources.filter((r) => /^gcp:(projects|organizations|folder)\//.test(r.type))).toEqual([]);
    const iamTypes = new Set(plan.resources.filter((r) => /IAM|iAM/.test(r.type)).map((r) => r.type));
    expect(iamTypes).toEqual(new Set(["gcp:storage/bucketIAMMember:BucketIAMMember", "gcp:serviceaccount/iAMMember:IAMMember"]));
    expect(plan.schemaErrors).toEqual([]);
  });

  it("declares no GCP resources or provider for pools that do not use GCP", async () => {
    const plan = await okPlan("dev", "platform-nonprod", [devSigning]);
    expect(plan.resources.filter((r) => r.type.startsWith("gcp:") || r.type === "pulumi:providers:gcp")).toEqual([]);
  });

  it("derives account ids within GCP's limits, one per worker type", () => {
    const ids = new Set<string>();
    for (const level of TRUST_LEVELS) {
      for (const script of SCRIPTS.filter((s) => SCRIPT_CATALOG[s].gcp)) {
        for (const product of SCRIPT_CATALOG[script].products) {
          const pool = resolvePool(level, { script, product, replicas: { min: 0, initial: 0 } }, [], { gke: true });
          const id = pool.gcp!.accountId;
          expect(id.length, id).toBeGreaterThanOrEqual(SERVICE_ACCOUNT_ID.min);
          expect(id.length, id).toBeLessThanOrEqual(SERVICE_ACCOUNT_ID.max);
          expect(id).toMatch(SERVICE_ACCOUNT_ID.pattern);
          ids.add(id);
        }
      }
    }
    const expected = TRUST_LEVELS.length * SCRIPTS.filter((s) => SCRIPT_CATALOG[s].gcp).reduce((n, s) => n + SCRIPT_CATALOG[s].products.length, 0);
    expect(ids.size).toBe(expected);
  });
});

describe("pool gcp config", () => {
  const problems = (level: string, pools: unknown[], target: unknown = gke(level === "dev" ? "platform-nonprod" : "platform-prod")) => {
    try {
      parseStackConfig(poolsRaw(level, pools, { values: { kubernetes: target } }), { today: TODAY });
      return [];
    } catch (e) {
      return (e as { problems: { key: string; problem: string }[] }).problems;
    }
  };

  it("accepts buckets for a beetmover pool on the gke target", () => {
    expect(problems("dev", [beetmover({ gcp: { buckets: [TEST_BUCKET] } })])).toEqual([]);
  });

  it("refuses gcp off the gke target, on scripts that do not use GCP, and production release buckets below prod", () => {
    expect(problems("dev", [beetmover({ gcp: { buckets: [TEST_BUCKET] } })], { target: "render" })).toEqual([
      expect.objectContaining({ key: "releng-envs:pools[0].gcp", problem: expect.stringContaining("only on the gke target") }),
    ]);
    expect(problems("dev", [{ ...devSigning, gcp: { buckets: [TEST_BUCKET] } }])).toEqual([
      expect.objectContaining({ key: "releng-envs:pools[0].gcp", problem: "signing pools do not use Google Cloud" }),
    ]);
    expect(problems("dep", [beetmover({ gcp: { buckets: ["net-mozaws-prod-delivery-firefox"] } })])).toEqual([
      expect.objectContaining({ key: "releng-envs:pools[0].gcp.buckets[0]", problem: expect.stringContaining("is not a bucket a dep pool may write to") }),
    ]);
    expect(problems("prod", [beetmover({ gcp: { buckets: ["net-mozaws-prod-delivery-firefox"] } })])).toEqual([]);
    expect(problems("dev", [beetmover({ gcp: { buckets: ["Not_A_Bucket"] } })])).toEqual([expect.objectContaining({ key: "releng-envs:pools[0].gcp.buckets[0]" })]);
  });
});
