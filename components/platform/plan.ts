// Pure planning of the platform and of an environment's share of it: config in, names, node pools,
// labels, taints, IAM grants out. Components turn these plans into resources one to one, so the
// tests that point here prove what the stacks declare. No Pulumi.
import {
  ENVIRONMENT_BUCKET_ROLES,
  ENVIRONMENT_BUCKETS,
  ENVIRONMENT_KSA,
  GCP_LABELS,
  type EnvironmentBucket,
  type NodePoolRuns,
  type Workload,
} from "../../catalog/platform";
import { NAMESPACE_PREFIX } from "../../catalog/environment";
import type { PlatformConfig } from "../../stacks/schema/platform";
import { checkedOut, type ServicesConfig } from "../../stacks/schema/services";
import { environmentBucketName, environmentServiceAccountId, gcpLabelValue } from "../../domain/names";
import { GKE_TAINT_EFFECT, nodePoolLabels, nodePoolTaints, type Taint } from "./scheduling";

export interface NodePoolPlan {
  name: string;
  runs: NodePoolRuns;
  machineType: string;
  minNodes: number;
  maxNodes: number;
  spot: boolean;
  diskSizeGb: number;
  labels: Record<string, string>;
  taints: Taint[];
  /** The same taints as GKE's API spells them. */
  gkeTaints: { key: string; value: string; effect: string }[];
}

export interface PlatformPlan {
  project: string;
  region: string;
  hosts: Workload[];
  networkName: string;
  subnetName: string;
  podsRangeName: string;
  servicesRangeName: string;
  clusterName: string;
  workloadPool: string;
  nodeServiceAccountId: string;
  nodePools: NodePoolPlan[];
  registryMirror: { repository: string; location: string; url: string };
  bucketPrefix: string;
  dnsZone?: { name: string; dnsName: string; domain: string };
  kms: { keyRing: string; key: string; location: string; secretsProvider: string; users: string[] };
}

/** `platform-nonprod` → `nonprod`: the part that names this platform's resources. */
export function platformSuffix(stack: string): string {
  return stack.replace(/^platform-/, "");
}

export function artifactRegistryUrl(location: string, project: string, repository: string): string {
  return `${location}-docker.pkg.dev/${project}/${repository}`;
}

/** Pulumi's secrets provider URL for a Cloud KMS key. */
export function gcpKmsSecretsProvider(project: string, location: string, keyRing: string, key: string): string {
  return `gcpkms://projects/${project}/locations/${location}/keyRings/${keyRing}/cryptoKeys/${key}`;
}

export function planPlatform(config: PlatformConfig, stack: string): PlatformPlan {
  const suffix = platformSuffix(stack);
  const base = `releng-envs-${suffix}`.slice(0, 40).replace(/-+$/, "");
  const { project, region } = config.gcp;
  const networkName = config.network.name ?? base;
  return {
    project,
    region,
    hosts: [...new Set(config.hosts)],
    networkName,
    subnetName: `${networkName}-nodes`.slice(0, 63),
    podsRangeName: "pods",
    servicesRangeName: "services",
    clusterName: config.cluster.name ?? base,
    workloadPool: `${project}.svc.id.goog`,
    // 6–30 chars: "gke-nodes-" + at most 20 of the suffix.
    nodeServiceAccountId: `gke-nodes-${suffix}`.slice(0, 30).replace(/-+$/, ""),
    nodePools: config.cluster.nodePools.map((p) => {
      const taints = nodePoolTaints(p.runs);
      return {
        name: p.name ?? p.runs,
        runs: p.runs,
        machineType: p.machineType,
        minNodes: p.minNodes,
        maxNodes: p.maxNodes,
        spot: p.spot,
        diskSizeGb: p.diskSizeGb,
        labels: nodePoolLabels(p.runs),
        taints,
        gkeTaints: taints.map((t) => ({ key: t.key, value: t.value ?? "", effect: GKE_TAINT_EFFECT[t.effect] })),
      };
    }),
    registryMirror: { repository: config.registryMirror.repository, location: region, url: artifactRegistryUrl(region, project, config.registryMirror.repository) },
    bucketPrefix: config.buckets.prefix ?? project,
    ...(config.dns
      ? { dnsZone: { name: config.dns.zoneName ?? `${base}-envs`.slice(0, 63), dnsName: `${config.dns.domain}.`, domain: config.dns.domain } }
      : {}),
    kms: {
      keyRing: config.kms.keyRing,
      key: config.kms.key,
      location: region,
      secretsProvider: gcpKmsSecretsProvider(project, region, config.kms.keyRing, config.kms.key),
      users: [...new Set(config.kms.users)],
    },
  };
}

/** What an environment stack needs to know of its platform to plan its GCP share. */
export interface PlatformFacts {
  project: string;
  region: string;
  workloadPool: string;
  bucketPrefix: string;
}

export interface EnvironmentForCloud {
  name: string;
  holder: string;
  due: string;
  maxDueDays: number;
  services: ServicesConfig;
}

export interface BucketPlan {
  key: EnvironmentBucket;
  name: string;
  location: string;
  labels: Record<string, string>;
  /** Objects older than this are deleted: the environment's maximum life. */
  deleteAfterDays: number;
  /** Roles the environment's account holds on this bucket (and nowhere else). */
  roles: readonly string[];
}

export interface EnvironmentCloudPlan {
  accountId: string;
  displayName: string;
  namespace: string;
  kubernetesServiceAccount: string;
  /** `serviceAccount:<project>.svc.id.goog[<ns>/<ksa>]`: who may act as the account. */
  workloadIdentityMember: string;
  buckets: BucketPlan[];
}

/** Which of an environment's buckets exist: Balrog's history pair when Balrog is checked out. */
export function environmentBucketKeys(services: ServicesConfig): EnvironmentBucket[] {
  const on = new Set(checkedOut(services));
  return (Object.keys(ENVIRONMENT_BUCKETS) as EnvironmentBucket[]).filter((k) => on.has(ENVIRONMENT_BUCKETS[k].service));
}

export function environmentGcpLabels(env: EnvironmentForCloud, extra: Record<string, string> = {}): Record<string, string> {
  return {
    [GCP_LABELS.kind]: "environment",
    [GCP_LABELS.environment]: gcpLabelValue(env.name),
    [GCP_LABELS.holder]: gcpLabelValue(env.holder),
    [GCP_LABELS.due]: env.due,
    [GCP_LABELS.managedBy]: "pulumi",
    ...extra,
  };
}

export function workloadIdentityMember(workloadPool: string, namespace: string, ksa: string): string {
  return `serviceAccount:${workloadPool}[${namespace}/${ksa}]`;
}

export function planEnvironmentCloud(env: EnvironmentForCloud, platform: PlatformFacts): EnvironmentCloudPlan {
  const namespace = `${NAMESPACE_PREFIX}${env.name}`;
  return {
    accountId: environmentServiceAccountId(env.name),
    // Display names are ≤ 100 chars; the name is ≤ 40.
    displayName: `releng-envs environment ${env.name}`,
    namespace,
    kubernetesServiceAccount: ENVIRONMENT_KSA,
    workloadIdentityMember: workloadIdentityMember(platform.workloadPool, namespace, ENVIRONMENT_KSA),
    buckets: environmentBucketKeys(env.services).map((key) => ({
      key,
      name: environmentBucketName(platform.bucketPrefix, env.name, ENVIRONMENT_BUCKETS[key].suffix),
      location: platform.region,
      labels: environmentGcpLabels(env, { [GCP_LABELS.service]: ENVIRONMENT_BUCKETS[key].service }),
      deleteAfterDays: env.maxDueDays,
      roles: ENVIRONMENT_BUCKET_ROLES,
    })),
  };
}
