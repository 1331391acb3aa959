// Plain data for environment stacks: sizes, labels and the egress proxy. No logic here.

/** Label and annotation keys the project owns; policies read these, so they are a contract. */
export const LABELS = {
  kind: "releng.mozilla.org/stack-kind",
  stack: "releng.mozilla.org/stack",
  environment: "releng.mozilla.org/environment",
  holder: "releng.mozilla.org/holder",
  due: "releng.mozilla.org/due",
  service: "releng.mozilla.org/service",
  role: "releng.mozilla.org/role",
  /** Pods that act as the environment's GCP account (gke target): allowed to the node's metadata server. */
  gcpAccess: "releng.mozilla.org/gcp-access",
  // Scriptworker pools (pools stacks). Policies read these, but also check what is declared
  // (env vars, Secret keys, ConfigMaps), so a mislabelled pool is still caught.
  trustLevel: "releng.mozilla.org/trust-level", // prod | dep | dev
  workerLevel: "releng.mozilla.org/worker-level", // 3 | 1 | t
  script: "releng.mozilla.org/script", // signing, beetmover, ...
  cotProduct: "releng.mozilla.org/cot-product", // firefox, mobile, ...
  workerType: "releng.mozilla.org/worker-type", // gecko-3-signing, ...
  managedBy: "app.kubernetes.io/managed-by",
  name: "app.kubernetes.io/name",
  component: "app.kubernetes.io/component",
  partOf: "app.kubernetes.io/part-of",
} as const;

export const ANNOTATIONS = {
  purpose: "releng.mozilla.org/purpose",
  holder: "releng.mozilla.org/holder-email",
  due: "releng.mozilla.org/due",
} as const;

export const MANAGED_BY = "pulumi";
export const PART_OF = "releng-envs";

/** Stack name prefix: an environment `foo` is the stack `env-foo`. */
export const ENV_STACK_PREFIX = "env-";
/** Namespace prefix: an environment `foo` lives in namespace `env-foo`. */
export const NAMESPACE_PREFIX = "env-";
/** Longest environment name; keeps `env-<name>` and derived object names within 63 characters. */
export const MAX_ENV_NAME = 40;

/** Default ceiling on what one environment may request; sized for four services with databases. */
export const DEFAULT_QUOTA = {
  requestsCpu: "8",
  requestsMemory: "16Gi",
  limitsCpu: "16",
  limitsMemory: "32Gi",
  requestsStorage: "100Gi",
  persistentVolumeClaims: 10,
  pods: 60,
  services: 30,
} as const;

/** Defaults and ceilings per container, applied by the namespace's LimitRange. */
export const DEFAULT_CONTAINER_LIMITS = {
  defaultRequestCpu: "100m",
  defaultRequestMemory: "128Mi",
  defaultLimitCpu: "1",
  defaultLimitMemory: "1Gi",
  maxCpu: "4",
  maxMemory: "8Gi",
} as const;

/**
 * The egress proxy is the only pod of an environment allowed out of the cluster: it tunnels HTTPS
 * (CONNECT to port 443) to the hosts on the environment's allow-list, and serves allow-listed
 * origins read-only as a reverse proxy for software that cannot use HTTPS_PROXY (the archive front).
 * Plain NetworkPolicy cannot name hosts; a proxy works on every cluster (see docs/environments.md).
 */
export const EGRESS_PROXY = {
  name: "egress-proxy",
  // Canonical's maintained Squid image (Docker Hub `ubuntu/squid`); overridable per stack with
  // `releng-envs:egress.proxyImage`. Run as Ubuntu's `proxy` user (uid 13), never root.
  image: "ubuntu/squid:5.2-22.04_beta",
  port: 3128,
  uid: 13,
} as const;

/** Address ranges the egress proxy may never reach: cluster-internal and the metadata server. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10"] as const;

/**
 * GKE's metadata server as pods see it: Workload Identity hands out the GCP account's tokens there
 * (TCP 80, and 988 where the GKE metadata server listens on the node). Only gcp-access pods reach it.
 */
export const GKE_METADATA_SERVER = { cidr: "169.254.169.254/32", ports: [80, 988] } as const;

/** Hosts every environment may reach read-only. Services add their own fallbacks (e.g. the archive). */
export const BASE_EGRESS_HOSTS: readonly string[] = [];
