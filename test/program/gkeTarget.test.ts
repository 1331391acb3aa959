import { describe, expect, it } from "vitest";
import { ENVIRONMENT_BUCKET_ROLES } from "../../catalog/platform";
import { environmentBucketName, environmentServiceAccountId } from "../../domain/names";
import { canSchedule, type Taint } from "../../components/platform/scheduling";
import { hostingConfigProblem, PLATFORM_SECRET_OUTPUTS } from "../../program/platformReference";
import { rawConfigFromFile } from "../../stacks/stackFile";
import { evaluateStack, type StackPlan } from "../../tools/plan/evaluate";
import { isSecretValue, type MockStackOutputs } from "../../tools/plan/mocks";
import { envRaw, TODAY } from "../helpers";
import { kubeObject } from "../planHelpers";

const GKE = { target: "gke", platformStack: "mozilla/releng-envs/platform-nonprod" };

/** The nonprod platform's outputs as its own offline plan computes them: what the StackReference reads. */
async function platformOutputs(): Promise<{ plan: StackPlan; stacks: Record<string, MockStackOutputs> }> {
  const plan = await evaluateStack(rawConfigFromFile("platform-nonprod"), { today: TODAY });
  if (plan.configError || plan.programError) throw new Error(plan.configError?.message ?? plan.programError);
  return { plan, stacks: { "platform-nonprod": { outputs: plan.outputs, secretOutputNames: PLATFORM_SECRET_OUTPUTS } } };
}

async function gkeEnvPlan(overrides: Record<string, unknown> = {}): Promise<{ env: StackPlan; platform: StackPlan }> {
  const { plan: platform, stacks } = await platformOutputs();
  const env = await evaluateStack(envRaw({ kubernetes: GKE, ...overrides }), { today: TODAY, stackOutputs: stacks });
  if (env.configError || env.programError) throw new Error(env.configError?.message ?? env.programError);
  return { env, platform };
}

const ofType = (plan: StackPlan, type: string) => plan.resources.filter((r) => r.type === type);

describe("an environment stack on the gke target", () => {
  it("plans with a mocked StackReference and builds its Kubernetes provider from the platform's secret kubeconfig", async () => {
    const { env, platform } = await gkeEnvPlan();
    expect(env.schemaErrors).toEqual([]);
    const [ref] = ofType(env, "pulumi:pulumi:StackReference");
    expect(ref.inputs.name).toBe(GKE.platformStack);
    const [provider] = ofType(env, "pulumi:providers:kubernetes");
    expect(isSecretValue(provider.inputs.kubeconfig)).toBe(true);
    expect((provider.inputs.kubeconfig as { value: string }).value).toBe(platform.outputs.kubeconfig);
    expect(provider.inputs.renderYamlToDirectory).toBeUndefined();
    // GCP resources land in the platform's project through a provider built from its outputs.
    const [gcp] = ofType(env, "pulumi:providers:gcp");
    expect(gcp.inputs).toMatchObject({ project: "releng-envs-nonprod-example", region: "us-central1" });
  });

  it("gives the environment its own account, usable only by its gcs-writer ServiceAccount", async () => {
    const { env } = await gkeEnvPlan();
    const id = environmentServiceAccountId("jane-fx150");
    const [account] = ofType(env, "gcp:serviceaccount/account:Account");
    expect(account.inputs).toMatchObject({ accountId: id, project: "releng-envs-nonprod-example" });
    const [binding] = ofType(env, "gcp:serviceaccount/iAMMember:IAMMember");
    expect(binding.inputs).toMatchObject({
      role: "roles/iam.workloadIdentityUser",
      member: "serviceAccount:releng-envs-nonprod-example.svc.id.goog[env-jane-fx150/gcs-writer]",
    });
    const ksa = kubeObject(env, "ServiceAccount", "gcs-writer");
    expect(ksa.metadata.namespace).toBe("env-jane-fx150");
    expect(ksa.metadata.annotations["iam.gke.io/gcp-service-account"]).toBe(`${id}@releng-envs-nonprod-example.iam.gserviceaccount.com`);
  });

  it("declares the environment's ServiceAccount, bucket ConfigMap and gateway after the Namespace, its quota, limits and policies", async () => {
    const { env } = await gkeEnvPlan();
    const environment = ofType(env, "releng:env:Environment")[0].urn;
    const GUARDRAILS = ["kubernetes:core/v1:ResourceQuota", "kubernetes:core/v1:LimitRange", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "kubernetes:networking.k8s.io/v1:NetworkPolicy"];
    const guardrails = env.resources.filter((r) => r.parent === environment && GUARDRAILS.includes(r.type));
    const needed = [ofType(env, "kubernetes:core/v1:Namespace")[0].urn, ...guardrails.map((r) => r.urn)];
    expect(needed.length).toBeGreaterThanOrEqual(5);
    const placed = ["releng:platform:EnvironmentCloud", "releng:env:Gateway"].flatMap((type) => {
      const parent = ofType(env, type)[0].urn;
      return env.resources.filter((r) => r.parent === parent && r.type.startsWith("kubernetes:"));
    });
    expect(placed.map((r) => r.type)).toEqual(expect.arrayContaining(["kubernetes:core/v1:ServiceAccount", "kubernetes:core/v1:ConfigMap", "kubernetes:networking.k8s.io/v1:Ingress"]));
    for (const r of placed) for (const urn of needed) expect(r.dependsOn, `${r.name} waits for ${urn}`).toContain(urn);
  });

  it("grants the environment's account roles on its own buckets only, never on the project", async () => {
    const { env } = await gkeEnvPlan();
    const email = `${environmentServiceAccountId("jane-fx150")}@releng-envs-nonprod-example.iam.gserviceaccount.com`;
    expect(env.resources.filter((r) => /^gcp:(projects|organizations|folder)\//.test(r.type))).toEqual([]);
    const buckets = ofType(env, "gcp:storage/bucket:Bucket").map((b) => b.inputs.name);
    const grants = ofType(env, "gcp:storage/bucketIAMMember:BucketIAMMember");
    expect(grants).toHaveLength(buckets.length * ENVIRONMENT_BUCKET_ROLES.length);
    for (const g of grants) {
      expect(buckets).toContain(g.inputs.bucket);
      expect(ENVIRONMENT_BUCKET_ROLES).toContain(g.inputs.role);
      expect(g.inputs.member).toBe(`serviceAccount:${email}`);
    }
    // Nothing else in the stack is granted to anyone.
    const iamTypes = env.resources.filter((r) => /IAM|iAM/.test(r.type)).map((r) => r.type);
    expect(new Set(iamTypes)).toEqual(new Set(["gcp:storage/bucketIAMMember:BucketIAMMember", "gcp:serviceaccount/iAMMember:IAMMember"]));
  });

  it("declares Balrog's history buckets, labelled, expiring after maxDueDays, force-destroyed", async () => {
    const { env } = await gkeEnvPlan({ maxDueDays: 21 });
    const buckets = Object.fromEntries(ofType(env, "gcp:storage/bucket:Bucket").map((b) => [b.name, b.inputs as any]));
    expect(Object.keys(buckets).sort()).toEqual(["nightly-history", "releases-history"]);
    for (const [suffix, b] of Object.entries(buckets)) {
      expect(b.name).toBe(environmentBucketName("releng-envs-nonprod-example", "jane-fx150", suffix));
      expect(b).toMatchObject({ forceDestroy: true, uniformBucketLevelAccess: true, publicAccessPrevention: "enforced", location: "us-central1" });
      expect(b.lifecycleRules).toEqual([{ action: { type: "Delete" }, condition: { age: 21 } }]);
      expect(b.labels).toMatchObject({ "releng-envs-environment": "jane-fx150", "releng-envs-holder": "jane_doe_at_mozilla_com", "releng-envs-due": "2026-12-01" });
    }
    expect((env.outputs.gcp as any).buckets).toEqual({
      releasesHistory: buckets["releases-history"].name,
      nightlyHistory: buckets["nightly-history"].name,
    });
  });

  it("declares only the buckets of checked-out services", async () => {
    const { env } = await gkeEnvPlan({ services: { shipit: {} } });
    expect(ofType(env, "gcp:storage/bucket:Bucket")).toEqual([]);
    // The archive keeps its own S3-compatible store on a volume: no bucket.
    const { env: archiveOnly } = await gkeEnvPlan({ services: ["archive"] });
    expect(ofType(archiveOnly, "gcp:storage/bucket:Bucket")).toEqual([]);
    const { env: balrogOnly } = await gkeEnvPlan({ services: ["balrog"] });
    expect(ofType(balrogOnly, "gcp:storage/bucket:Bucket").map((b) => b.name).sort()).toEqual(["nightly-history", "releases-history"]);
  });

  it("pulls Docker Hub images through the registry mirror and schedules pods on the environments node pool", async () => {
    const { env, platform } = await gkeEnvPlan();
    const pod = kubeObject(env, "Deployment", "egress-proxy").spec.template.spec;
    expect(pod.containers[0].image).toBe("us-central1-docker.pkg.dev/releng-envs-nonprod-example/dockerhub/ubuntu/squid:5.2-22.04_beta");
    // The pod fits the platform's environments pool exactly, as that pool is declared.
    for (const np of ofType(platform, "gcp:container/nodePool:NodePool")) {
      const cfg = np.inputs.nodeConfig as { labels: Record<string, string>; taints: { key: string; value: string; effect: string }[] };
      const taints: Taint[] = cfg.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect === "NO_SCHEDULE" ? "NoSchedule" : t.effect === "NO_EXECUTE" ? "NoExecute" : "PreferNoSchedule" }));
      expect(canSchedule(pod, { taints, labels: cfg.labels }), String(np.inputs.name)).toBe(np.inputs.name === "environments");
    }
  });

  it("leaves images and placement alone on the render target", async () => {
    const plan = await evaluateStack(envRaw(), { today: TODAY });
    const pod = kubeObject(plan, "Deployment", "egress-proxy").spec.template.spec;
    expect(pod.containers[0].image).toBe("ubuntu/squid:5.2-22.04_beta");
    expect(pod.tolerations).toBeUndefined();
    expect(ofType(plan, "pulumi:pulumi:StackReference")).toEqual([]);
  });

  it("reports an environment pointed at platform-prod as a config error, declaring nothing there", async () => {
    const prod = await evaluateStack(rawConfigFromFile("platform-prod"), { today: TODAY });
    const plan = await evaluateStack(envRaw({ kubernetes: { target: "gke", platformStack: "mozilla/releng-envs/platform-prod" } }), {
      today: TODAY,
      stackOutputs: { "platform-prod": { outputs: prod.outputs, secretOutputNames: PLATFORM_SECRET_OUTPUTS } },
    });
    expect(plan.programError).toBeUndefined();
    expect(plan.configError?.problems.map((p) => p.key)).toEqual(["releng-envs:kubernetes.platformStack"]);
    expect(plan.configError?.message).toMatch(/stacks\/Pulumi\.env-jane-fx150\.yaml[\s\S]*hosts prod-pools, dep-pools, not environments/);
    expect(plan.kubeObjects).toEqual([]);
    expect(plan.resources.filter((r) => r.type.startsWith("gcp:") && r.type !== "pulumi:providers:gcp")).toEqual([]);
  });

  it("refuses a platform that does not host environments", () => {
    const problem = hostingConfigProblem("platform-prod", ["prod-pools", "dep-pools"], "environments");
    expect(problem?.problem).toMatch(/hosts prod-pools, dep-pools, not environments/);
    expect(problem?.fix).toMatch(/kubernetes.platformStack/);
    expect(hostingConfigProblem("platform-nonprod", ["dev-pools", "environments"], "environments")).toBeUndefined();
  });
});

describe("Balrog on the gke target", () => {
  it("writes history to the environment's own buckets as its GCP account, through the metadata server", async () => {
    const { env } = await gkeEnvPlan();
    const buckets = kubeObject(env, "ConfigMap", "environment-buckets");
    const bucketNames = ofType(env, "gcp:storage/bucket:Bucket").map((b) => b.inputs.name);
    expect(Object.values(buckets.data).sort()).toEqual([...bucketNames].sort());
    const admin = kubeObject(env, "Deployment", "balrog-admin");
    const pod = admin.spec.template.spec;
    expect(pod.serviceAccountName).toBe("gcs-writer");
    expect(admin.spec.template.metadata.labels["releng.mozilla.org/gcp-access"]).toBe("true");
    const envVars = Object.fromEntries(pod.containers[0].env.map((e: { name: string }) => [e.name, e]));
    expect(envVars.LOCALDEV).toBeUndefined();
    expect(envVars.RELEASES_HISTORY_BUCKET.valueFrom).toEqual({ configMapKeyRef: { name: "environment-buckets", key: "releasesHistory" } });
    expect(buckets.data.releasesHistory).toBe(bucketNames.find((n) => String(n).endsWith("releases-history")));
    expect(envVars.NO_PROXY.value).toContain("169.254.169.254");
    // Only gcp-access pods may reach the metadata server; the public app may not.
    const metadata = kubeObject(env, "NetworkPolicy", "allow-gke-metadata");
    expect(metadata.spec.podSelector.matchLabels).toEqual({ "releng.mozilla.org/gcp-access": "true" });
    expect(metadata.spec.egress[0].to).toEqual([{ ipBlock: { cidr: "169.254.169.254/32" } }]);
    expect(kubeObject(env, "Deployment", "balrog-public").spec.template.metadata.labels["releng.mozilla.org/gcp-access"]).toBeUndefined();
    expect(kubeObject(env, "ConfigMap", "egress-proxy-config").data["allow-hosts.txt"].split("\n")).toContain("storage.googleapis.com");
  });

  it("keeps Balrog's local mode and no metadata access off GKE", async () => {
    const plan = await evaluateStack(envRaw(), { today: TODAY });
    const admin = kubeObject(plan, "Deployment", "balrog-admin");
    expect(admin.spec.template.spec.serviceAccountName).toBeUndefined();
    expect(admin.spec.template.spec.containers[0].env).toContainEqual({ name: "LOCALDEV", value: "1" });
    expect(plan.kubeObjects.some((k) => (k.object.metadata as { name: string }).name === "allow-gke-metadata")).toBe(false);
  });
});
