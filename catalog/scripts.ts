// The scriptworker scripts we run on Kubernetes (DESIGN.md §3; iscript is mac hardware, not ours),
// what each serves and needs. A pools stack lists `{script, product}` and this fills in the rest.
//
// Sources (mozilla-releng/scriptworker-scripts unless named):
// - products: tests/test_init.py (get_expected_return_code: which COT_PRODUCT each init accepts),
//   the scripts' docker.d/init_worker.sh, and mozilla-releng/k8s-autoscale
//   configs/relengworker-{prod,nonprod}/config.yml (lando, translations, enterprise worker types);
// - graceSeconds: docker.d/pre-stop.sh polls for grace − 120 s (bitrise 7080, tree|signing|pushmsix
//   3480, beetmover 1680, others 1080), so the grace periods are 7200/3600/1800/1200 s;
// - required secrets: not here — the upstream contract data (catalog/upstream/scriptworker-scripts.json,
//   `npm run upstream`) lists what each image's start-up demands per ENV and COT_PRODUCT
//   (domain/pools/rules.ts requiredSecrets); optionalSecrets are values a stack may add that some
//   versions read (tests/test_init.py CONTEXT);
// - maxReplicas: a default autoscaler ceiling in line with k8s-autoscale's configs; override per pool;
// - resources: OUR defaults (the CloudOps charts are not public); override per pool.
import type { CotProduct } from "./pools";

export const SCRIPTS = ["addon", "balrog", "beetmover", "bitrise", "bouncer", "github", "lando", "pushapk", "pushflatpak", "pushmsix", "shipit", "signing", "tree"] as const;
export type ScriptName = (typeof SCRIPTS)[number];

export interface ContainerResources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/**
 * What a script does in Google Cloud. On the gke target such a pool gets its own GCP service account
 * that only the pool's Kubernetes ServiceAccount may act as (Workload Identity), holding roles on
 * the buckets its config lists (`gcp.buckets`) and nowhere else.
 */
export interface GcpAccess {
  /** Roles the pool's account holds on each listed bucket (bucket-level IAM members, never project roles). */
  bucketRoles: readonly string[];
  /**
   * Env vars holding the base64 JSON service account keys the image authenticates with today. The
   * images read only these (no Application Default Credentials without a key), so the keys stay
   * the way a pool writes to GCS; the Workload Identity account is the keyless path for an image that
   * uses ADC (docs/pools.md).
   */
  keySecrets: readonly string[];
}

export interface ScriptEntry {
  products: readonly CotProduct[];
  /** terminationGracePeriodSeconds: long enough for the longest task to finish after preStop. */
  graceSeconds: number;
  resources: ContainerResources;
  maxReplicas: number;
  /** Secret env vars a stack may also supply for this script. */
  optionalSecrets?: readonly string[];
  /** Pushes to an app store; the image pushes only when ENV=prod (push_to_store, push_to_flathub, do_not_contact_server). */
  store?: boolean;
  /** Signs through Autograph: the pool lists its Autograph servers in config. */
  signing?: boolean;
  /** Uses Google Cloud (absent = never): see GcpAccess. */
  gcp?: GcpAccess;
}

const SMALL: ContainerResources = { requests: { cpu: "200m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } };
const MEDIUM: ContainerResources = { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } };
const LARGE: ContainerResources = { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } };

export const SCRIPT_CATALOG: Record<ScriptName, ScriptEntry> = {
  addon: {
    products: ["firefox"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 10,
  },
  balrog: {
    products: ["firefox", "thunderbird", "xpi"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 10,
  },
  beetmover: {
    products: ["firefox", "thunderbird", "app-services", "glean", "xpi", "mozillavpn", "translations"],
    graceSeconds: 1800,
    resources: MEDIUM,
    maxReplicas: 20,
    optionalSecrets: ["GCS_DEP_CREDS", "GCS_RELEASE_CREDS", "MAVEN_ID", "MAVEN_KEY", "MAVEN_NIGHTLY_ID", "MAVEN_NIGHTLY_KEY"],
    // Writes releases to GCS (beetmoverscript/src/beetmoverscript/gcloud.py): setup_gcloud decodes
    // the configured base64 key into GOOGLE_APPLICATION_CREDENTIALS and skips GCS when there is none;
    // the client checks bucket.exists() (storage.buckets.get: legacyBucketReader), then lists, reads,
    // uploads over and rewrites objects (objectAdmin). Keys: tests/test_init.py CONTEXT.
    gcp: { bucketRoles: ["roles/storage.objectAdmin", "roles/storage.legacyBucketReader"], keySecrets: ["GCS_DEP_CREDS", "GCS_RELEASE_CREDS"] },
  },
  bitrise: {
    products: ["mobile"],
    graceSeconds: 7200,
    resources: SMALL,
    maxReplicas: 10,
  },
  bouncer: {
    products: ["firefox", "thunderbird"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
    optionalSecrets: ["BOUNCER_USERNAME_NAZGUL", "BOUNCER_PASSWORD_NAZGUL"],
  },
  github: {
    products: ["mobile", "xpi"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
  },
  lando: {
    products: ["firefox", "thunderbird", "xpi"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 10,
  },
  pushapk: {
    products: ["firefox", "mobile", "mozillavpn"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
    store: true,
  },
  pushflatpak: {
    products: ["firefox", "thunderbird"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
    store: true,
  },
  pushmsix: {
    products: ["firefox", "thunderbird"],
    graceSeconds: 3600,
    resources: SMALL,
    maxReplicas: 1,
    store: true,
  },
  shipit: {
    products: ["firefox", "thunderbird", "mobile", "app-services", "xpi", "mozillavpn", "adhoc"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
  },
  signing: {
    products: ["firefox", "thunderbird", "mobile", "app-services", "glean", "xpi", "mozillavpn", "adhoc", "enterprise"],
    graceSeconds: 3600,
    resources: LARGE,
    maxReplicas: 20,
    signing: true,
    // Autograph credentials come from the pool's `autograph` servers (their credential names).
  },
  tree: {
    // Not firefox: treescript still accepts COT_PRODUCT=firefox, but k8s-autoscale serves no
    // gecko-*-tree worker type any more (gecko's tree tasks moved to landoscript), so such a pool
    // would never get work (catalog/upstream/k8s-autoscale.json).
    products: ["thunderbird", "mobile"],
    graceSeconds: 3600,
    resources: MEDIUM,
    maxReplicas: 3,
    optionalSecrets: ["SSH_MERGE_KEY", "SSH_MERGE_USER"],
  },
};
