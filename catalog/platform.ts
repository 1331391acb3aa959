// Plain data for the GCP platform stacks and what runs on them. No logic here.

/** What a GKE cluster can host. Pools are named by trust level (DESIGN.md §1). */
export const WORKLOADS = ["prod-pools", "dep-pools", "dev-pools", "environments"] as const;
export type Workload = (typeof WORKLOADS)[number];

/** A node pool runs one workload, or `system` (kube-system and anything unplaced; never tainted). */
export const NODE_POOL_RUNS = [...WORKLOADS, "system"] as const;
export type NodePoolRuns = (typeof NODE_POOL_RUNS)[number];

/**
 * Which workloads may share a cluster. Prod and dep pools hold real or dep signing keys and reach
 * production services; dev pools and environments are playgrounds. They never share a cluster.
 */
export const CLUSTER_TIERS = {
  prod: ["prod-pools", "dep-pools"],
  nonprod: ["dev-pools", "environments"],
} as const satisfies Record<string, readonly Workload[]>;

/**
 * Workloads whose nodes must never be spot/preemptible: a reclaimed node kills a running task,
 * and a prod or dep deploy must never kill a running task (termination grace up to 7200 s).
 */
export const NO_SPOT: readonly Workload[] = ["prod-pools", "dep-pools"];

/**
 * Node label and taint key placing a workload on its own node pool. Dedicated pools carry the label
 * and a NoSchedule taint with the same key and value; pods get the matching nodeSelector and
 * toleration from components/platform/scheduling.ts.
 */
export const WORKLOAD_NODE_KEY = "releng.mozilla.org/workload";

/** Roles a GKE node's own service account needs (logs, metrics); the GKE hardening minimum. */
export const GKE_NODE_ROLES = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
] as const;

/**
 * APIs a platform project needs; docs/platform.md enables them before the first `pulumi up`.
 * @internal Read by the test that keeps docs/platform.md enabling each one.
 */
export const GCP_APIS = [
  "serviceusage.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "compute.googleapis.com",
  "container.googleapis.com",
  "iam.googleapis.com",
  "iamcredentials.googleapis.com",
  "storage.googleapis.com",
  "artifactregistry.googleapis.com",
  "dns.googleapis.com",
  "cloudkms.googleapis.com",
] as const;

/**
 * Buckets an environment gets on GKE. Balrog admin refuses to start without both history buckets
 * and writes a startup blob to each (mozilla-releng/balrog uwsgi/admin.wsgi). The archive keeps its
 * own S3-compatible store (SeaweedFS on a persistent volume) on every target, so it needs no bucket:
 * a bucket nothing reads from would only be a place for a release to write and never be served.
 */
export const ENVIRONMENT_BUCKETS = {
  releasesHistory: { service: "balrog", suffix: "releases-history" },
  nightlyHistory: { service: "balrog", suffix: "nightly-history" },
} as const;
export type EnvironmentBucket = keyof typeof ENVIRONMENT_BUCKETS;

/**
 * Roles an environment's account holds on each of its own buckets, and nowhere else.
 * objectAdmin: read and write history blobs and archive files. legacyBucketReader: `storage.buckets.get`,
 * which balrog's synchronous client calls (`storage.Client().get_bucket`, uwsgi/admin.wsgi).
 */
export const ENVIRONMENT_BUCKET_ROLES = ["roles/storage.objectAdmin", "roles/storage.legacyBucketReader"] as const;

/** The Kubernetes ServiceAccount in `env-<name>` bound to the environment's GCP account. */
export const ENVIRONMENT_KSA = "gcs-writer";

/**
 * ConfigMap (in the environment's namespace, gke target only) naming its buckets, keyed as
 * ENVIRONMENT_BUCKETS: pure builders reference it with configMapKeyRef because the names are only
 * known from the platform stack's outputs at deploy time.
 */
export const ENVIRONMENT_BUCKETS_CONFIGMAP = "environment-buckets";

/** Annotation GKE Workload Identity reads on a Kubernetes ServiceAccount. */
export const GKE_GSA_ANNOTATION = "iam.gke.io/gcp-service-account";

/** GCP label keys (lower-case, [-_a-z0-9], ≤ 63) on everything an environment owns in GCP. */
export const GCP_LABELS = {
  kind: "releng-envs-kind",
  environment: "releng-envs-environment",
  holder: "releng-envs-holder",
  due: "releng-envs-due",
  service: "releng-envs-service",
  managedBy: "managed-by",
} as const;

/** Docker Hub's registry host names; images without a registry host come from Docker Hub too. */
export const DOCKER_HUB_HOSTS = ["docker.io", "index.docker.io", "registry-1.docker.io"] as const;

/** The auth plugin GKE kubeconfigs exec (gcloud's `gke-gcloud-auth-plugin`). */
export const GKE_AUTH_PLUGIN = "gke-gcloud-auth-plugin";
