// The scriptworker scripts we run on Kubernetes (DESIGN.md §3; iscript is mac hardware, not ours),
// what each serves and needs. A pools stack lists `{script, product}` and this fills in the rest.
//
// Sources (mozilla-releng/scriptworker-scripts unless named):
// - products: tests/test_init.py (get_expected_return_code: which COT_PRODUCT each init accepts),
//   the scripts' docker.d/init_worker.sh, and mozilla-releng/k8s-autoscale
//   configs/relengworker-{prod,nonprod}/config.yml (lando, translations, enterprise worker types);
// - graceSeconds: docker.d/pre-stop.sh polls for grace − 120 s (bitrise 7080, tree|signing|pushmsix
//   3480, beetmover 1680, others 1080), so the grace periods are 7200/3600/1800/1200 s;
// - secrets: the names the images' init scripts refuse to start without (`test_var_set`) —
//   docker.d/init.sh (TASKCLUSTER_ACCESS_TOKEN, ED25519_PRIVKEY when ENV=prod, GITHUB_OAUTH_TOKEN
//   for products other than firefox/thunderbird) and <script>/docker.d/init_worker.sh; optional ones
//   are values CloudOps sets that some versions read (tests/test_init.py CONTEXT);
// - maxReplicas: a default autoscaler ceiling in line with k8s-autoscale's configs; override per pool;
// - resources: OUR defaults (the CloudOps charts are not public); override per pool.
import type { CotProduct, TrustLevel } from "./pools";

export const SCRIPTS = ["addon", "balrog", "beetmover", "bitrise", "bouncer", "github", "lando", "pushapk", "pushflatpak", "pushmsix", "shipit", "signing", "tree"] as const;
export type ScriptName = (typeof SCRIPTS)[number];

/** Secret env vars a pool needs when its level and product match (absent = every level/product). */
export interface SecretRule {
  names: readonly string[];
  levels?: readonly TrustLevel[];
  products?: readonly CotProduct[];
}

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
  /** Required secret env vars (beyond the common ones in COMMON_SECRETS). */
  secrets: readonly SecretRule[];
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

const NOT_GECKO_OR_COMM: readonly CotProduct[] = ["mobile", "app-services", "glean", "xpi", "mozillavpn", "adhoc", "enterprise", "translations"];

/** Secrets every pool needs (docker.d/init.sh). */
export const COMMON_SECRETS: readonly SecretRule[] = [
  { names: ["TASKCLUSTER_ACCESS_TOKEN"] },
  { names: ["ED25519_PRIVKEY"], levels: ["prod"] },
  { names: ["GITHUB_OAUTH_TOKEN"], products: NOT_GECKO_OR_COMM },
];

export const SCRIPT_CATALOG: Record<ScriptName, ScriptEntry> = {
  addon: {
    products: ["firefox"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 10,
    secrets: [{ names: ["JWT_USER", "JWT_SECRET"] }],
  },
  balrog: {
    products: ["firefox", "thunderbird", "xpi"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 10,
    secrets: [{ names: ["AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET"] }],
  },
  beetmover: {
    products: ["firefox", "thunderbird", "app-services", "glean", "xpi", "mozillavpn", "translations"],
    graceSeconds: 1800,
    resources: MEDIUM,
    maxReplicas: 20,
    secrets: [
      { names: ["DEP_ID", "DEP_KEY"], products: ["firefox", "thunderbird"] },
      { names: ["DEP_PARTNER_ID", "DEP_PARTNER_KEY", "MAVEN_ID", "MAVEN_KEY"], products: ["firefox"] },
      { names: ["NIGHTLY_ID", "NIGHTLY_KEY", "RELEASE_ID", "RELEASE_KEY"], levels: ["prod"], products: ["firefox", "thunderbird"] },
      { names: ["PARTNER_ID", "PARTNER_KEY"], levels: ["prod"], products: ["firefox"] },
    ],
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
    secrets: [{ names: ["BITRISE_ACCESS_TOKEN"] }],
  },
  bouncer: {
    products: ["firefox", "thunderbird"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
    secrets: [{ names: ["BOUNCER_USERNAME", "BOUNCER_PASSWORD"] }],
    optionalSecrets: ["BOUNCER_USERNAME_NAZGUL", "BOUNCER_PASSWORD_NAZGUL"],
  },
  github: {
    products: ["mobile", "xpi"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
    secrets: [
      { names: ["GITHUB_TOKEN_WRITE_ACCESS_STAGING"], levels: ["dep", "dev"] },
      { names: ["GITHUB_TOKEN_WRITE_ACCESS_PROD"], levels: ["prod"] },
    ],
  },
  lando: {
    products: ["firefox", "thunderbird", "xpi"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 10,
    secrets: [{ names: ["LANDO_TOKEN", "GITHUB_PRIVATE_KEY"] }],
  },
  pushapk: {
    products: ["firefox", "mobile", "mozillavpn"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
    store: true,
    secrets: [
      {
        names: ["GOOGLE_SERVICE_ACCOUNT_FOCUS", "GOOGLE_SERVICE_ACCOUNT_FENIX_NIGHTLY", "GOOGLE_SERVICE_ACCOUNT_FENIX_BETA", "GOOGLE_SERVICE_ACCOUNT_FENIX_RELEASE", "SGS_SERVICE_ACCOUNT_ID", "SGS_ACCESS_TOKEN"],
        levels: ["prod"],
        products: ["firefox"],
      },
      { names: ["GOOGLE_SERVICE_ACCOUNT_REFERENCE_BROWSER"], levels: ["prod"], products: ["mobile"] },
      { names: ["GOOGLE_SERVICE_ACCOUNT_MOZILLAVPN"], levels: ["prod"], products: ["mozillavpn"] },
    ],
  },
  pushflatpak: {
    products: ["firefox", "thunderbird"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
    store: true,
    secrets: [{ names: ["FLATHUB_URL"] }, { names: ["REPO_TOKEN_BETA", "REPO_TOKEN_STABLE"], levels: ["prod"] }],
  },
  pushmsix: {
    products: ["firefox", "thunderbird"],
    graceSeconds: 3600,
    resources: SMALL,
    maxReplicas: 1,
    store: true,
    secrets: [{ names: ["TENANT_ID", "CLIENT_ID", "CLIENT_SECRET"], levels: ["prod"] }],
  },
  shipit: {
    products: ["firefox", "thunderbird", "mobile", "app-services", "xpi", "mozillavpn", "adhoc"],
    graceSeconds: 1200,
    resources: SMALL,
    maxReplicas: 1,
    secrets: [],
  },
  signing: {
    products: ["firefox", "thunderbird", "mobile", "app-services", "glean", "xpi", "mozillavpn", "adhoc", "enterprise"],
    graceSeconds: 3600,
    resources: LARGE,
    maxReplicas: 20,
    signing: true,
    // Autograph credentials come from the pool's `autograph` servers (their credential names).
    secrets: [{ names: ["WIDEVINE_CERT"], products: ["firefox", "enterprise", "adhoc"] }],
  },
  tree: {
    products: ["firefox", "thunderbird", "mobile"],
    graceSeconds: 3600,
    resources: MEDIUM,
    maxReplicas: 3,
    secrets: [{ names: ["SSH_KEY"] }, { names: ["SSH_USER"], products: ["firefox", "thunderbird"] }],
    optionalSecrets: ["GITHUB_PRIVKEY", "SSH_MERGE_KEY", "SSH_MERGE_USER"],
  },
};
