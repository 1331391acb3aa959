import * as path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { GCP_APIS, GKE_NODE_ROLES } from "../../catalog/platform";
import { rawConfigFromFile } from "../../stacks/stackFile";
import { evaluateStack, type StackPlan } from "../../tools/plan/evaluate";
import { countsByType } from "../../tools/plan/write";
import { TODAY } from "../helpers";

async function planStack(stack: string): Promise<StackPlan> {
  const plan = await evaluateStack(rawConfigFromFile(stack), { today: TODAY });
  if (plan.configError) throw new Error(plan.configError.message);
  if (plan.programError) throw new Error(plan.programError);
  return plan;
}

const ofType = (plan: StackPlan, type: string) => plan.resources.filter((r) => r.type === type);

describe("platform stacks under mocks", () => {
  it("plan offline with zero errors and declare the GCP ground", async () => {
    for (const stack of ["platform-prod", "platform-nonprod"]) {
      const plan = await planStack(stack);
      expect(plan.schemaErrors).toEqual([]);
      const counts = countsByType(plan);
      for (const type of [
        "gcp:compute/network:Network",
        "gcp:compute/subnetwork:Subnetwork",
        "gcp:compute/routerNat:RouterNat",
        "gcp:container/cluster:Cluster",
        "gcp:container/nodePool:NodePool",
        "gcp:artifactregistry/repository:Repository",
        "gcp:kms/cryptoKey:CryptoKey",
      ]) {
        expect(counts[type], `${stack}: ${type}`).toBeGreaterThan(0);
      }
      // Every GCP resource goes through the stack's one explicit GCP provider.
      const provider = ofType(plan, "pulumi:providers:gcp");
      expect(provider).toHaveLength(1);
      for (const r of plan.resources.filter((x) => x.custom && x.type.startsWith("gcp:"))) expect(r.provider, r.name).toBe(`${provider[0].urn}::gcp-id`);
    }
  });

  it("makes the cluster private, VPC-native, with Workload Identity and the configured release channel", async () => {
    const plan = await planStack("platform-prod");
    const [cluster] = ofType(plan, "gcp:container/cluster:Cluster");
    expect(cluster.inputs).toMatchObject({
      privateClusterConfig: { enablePrivateNodes: true, masterIpv4CidrBlock: "172.16.0.0/28" },
      workloadIdentityConfig: { workloadPool: "releng-envs-prod-example.svc.id.goog" },
      releaseChannel: { channel: "STABLE" },
      ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
      removeDefaultNodePool: true,
      deletionProtection: true,
      datapathProvider: "ADVANCED_DATAPATH",
    });
  });

  it("taints the prod worker pool, never runs it on spot, and keeps pods on the GKE metadata server", async () => {
    const plan = await planStack("platform-prod");
    const pools = Object.fromEntries(ofType(plan, "gcp:container/nodePool:NodePool").map((p) => [p.inputs.name as string, p.inputs as any]));
    expect(Object.keys(pools).sort()).toEqual(["dep-pools", "prod-pools", "system"]);
    expect(pools["prod-pools"].nodeConfig.taints).toEqual([{ key: "releng.mozilla.org/workload", value: "prod-pools", effect: "NO_SCHEDULE" }]);
    expect(pools["prod-pools"].nodeConfig.spot).toBe(false);
    expect(pools.system.nodeConfig.taints).toEqual([]);
    for (const p of Object.values(pools)) expect(p.nodeConfig.workloadMetadataConfig).toEqual({ mode: "GKE_METADATA" });
  });

  it("autoscales the environments pool on spot nodes in the nonprod cluster", async () => {
    const plan = await planStack("platform-nonprod");
    const env = ofType(plan, "gcp:container/nodePool:NodePool").find((p) => p.inputs.name === "environments")!;
    expect(env.inputs).toMatchObject({ autoscaling: { minNodeCount: 0, maxNodeCount: 20 }, nodeConfig: { spot: true } });
  });

  it("outputs a secret kubeconfig that authenticates with gke-gcloud-auth-plugin, and the cluster's name and endpoint", async () => {
    const plan = await planStack("platform-nonprod");
    expect(plan.secretOutputNames).toEqual(["kubeconfig"]);
    const kubeconfig = YAML.parse(plan.outputs.kubeconfig as string);
    expect(kubeconfig.users[0].user.exec).toMatchObject({ command: "gke-gcloud-auth-plugin", apiVersion: "client.authentication.k8s.io/v1beta1", provideClusterInfo: true });
    expect(kubeconfig.clusters[0].cluster.server).toBe(`https://${plan.outputs.clusterEndpoint}`);
    expect(plan.outputs).toMatchObject({ clusterName: "releng-envs-nonprod", hosts: ["dev-pools", "environments"] });
    expect(plan.outputs.secretsProvider).toBe("gcpkms://projects/releng-envs-nonprod-example/locations/us-central1/keyRings/releng-envs/cryptoKeys/pulumi-secrets");
    expect(plan.outputs.registryMirror).toBe("us-central1-docker.pkg.dev/releng-envs-nonprod-example/dockerhub");
  });

  it("grants nodes only the logging and monitoring roles, and the mirror reader on the repository only", async () => {
    const plan = await planStack("platform-nonprod");
    const projectRoles = ofType(plan, "gcp:projects/iAMMember:IAMMember").map((r) => r.inputs.role);
    expect(projectRoles.sort()).toEqual([...GKE_NODE_ROLES].sort());
    for (const r of ofType(plan, "gcp:projects/iAMMember:IAMMember")) expect(r.inputs.member).toMatch(/^serviceAccount:gke-nodes-nonprod@/);
    const [reader] = ofType(plan, "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember");
    expect(reader.inputs).toMatchObject({ role: "roles/artifactregistry.reader", repository: "dockerhub" });
  });

  it("mirrors Docker Hub through a remote repository and protects the secrets key", async () => {
    const plan = await planStack("platform-prod");
    const [repo] = ofType(plan, "gcp:artifactregistry/repository:Repository");
    expect(repo.inputs).toMatchObject({ mode: "REMOTE_REPOSITORY", format: "DOCKER", remoteRepositoryConfig: { dockerRepository: { publicRepository: "DOCKER_HUB" } } });
    for (const t of ["gcp:kms/keyRing:KeyRing", "gcp:kms/cryptoKey:CryptoKey"]) expect(ofType(plan, t)[0].options.protect, t).toBe(true);
    const [member] = ofType(plan, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember");
    expect(member.inputs).toMatchObject({ role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: "group:releng-envs-admins@example.com" });
    // DNS lives with the environments, in the nonprod platform only.
    expect(ofType(plan, "gcp:dns/managedZone:ManagedZone")).toHaveLength(0);
  });

  it("documents enabling every API the stacks use", () => {
    const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "platform.md"), "utf8");
    for (const api of GCP_APIS) expect(doc, api).toContain(api);
  });

  it("writes the kubeconfig output redacted", async () => {
    const os = await import("node:os");
    const { writeStackPlan } = await import("../../tools/plan/write");
    const plan = await planStack("platform-nonprod");
    const dir = writeStackPlan(plan, fs.mkdtempSync(path.join(os.tmpdir(), "plan-")));
    const outputs = JSON.parse(fs.readFileSync(path.join(dir, "outputs.json"), "utf8"));
    expect(outputs.kubeconfig).toBe("[secret]");
    expect(outputs.clusterName).toBe("releng-envs-nonprod");
  });
});
