// The shapes of a platform plan (planned by program/platformPlan.ts) and the pure planning of an
// environment's share of the platform: names, labels, buckets and IAM grants. Components turn these
// plans into resources one to one, so the tests that point here prove what the stacks declare. No Pulumi.
import {
  ENVIRONMENT_BUCKET_ROLES,
  ENVIRONMENT_BUCKETS,
  ENVIRONMENT_KSA,
  GCP_LABELS,
  type EnvironmentBucket,
  type NodePoolRuns,
  type Workload,
} from "../../catalog/platform";
import { namespaceName } from "../env/names";
import type { ServiceName } from "../../catalog/services";
import { environmentBucketName, environmentServiceAccountId, gcpLabelValue } from "../../domain/names";
import type { Taint } from "./scheduling";

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
  /** The checked-out services. */
  services: readonly ServiceName[];
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
export function environmentBucketKeys(services: readonly ServiceName[]): EnvironmentBucket[] {
  return (Object.keys(ENVIRONMENT_BUCKETS) as EnvironmentBucket[]).filter((k) => services.includes(ENVIRONMENT_BUCKETS[k].service));
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

/** The display name of an environment's GCP account (≤ 100 characters; names are ≤ 40). */
export function environmentAccountDisplayName(name: string): string {
  return `releng-envs environment ${name}`;
}

export function planEnvironmentCloud(env: EnvironmentForCloud, platform: PlatformFacts): EnvironmentCloudPlan {
  const namespace = namespaceName(env.name);
  return {
    accountId: environmentServiceAccountId(env.name),
    // Display names are ≤ 100 chars; the name is ≤ 40.
    displayName: environmentAccountDisplayName(env.name),
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
