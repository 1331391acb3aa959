// Plain data about Balrog (mozilla-releng/balrog) that a copy in an environment needs. No logic.
// Sources are named next to each fact; see docs/balrog.md.
import { MOZILLA_AUTH0_DOMAIN } from "./mozilla";

/** Current release: mozilla-releng/balrog pyproject.toml `version = "3.119"`; images are tagged `v<version>`. */
export const BALROG_VERSION = "3.119";

export const BALROG_DEFAULTS = {
  images: {
    // The app image runs `admin` or `public` (ENTRYPOINT scripts/run.sh) and ships mariadb-client,
    // curl and xz-utils "to import sample data" (mozilla-releng/balrog Dockerfile), so the seed job
    // runs in it too and no second image is trusted with the database.
    app: `mozilla/balrog:v${BALROG_VERSION}`,
    agent: `mozilla/balrogagent:v${BALROG_VERSION}`,
    // Production runs MySQL 8 (DESIGN.md §3); the official image supports running as an arbitrary uid.
    mysql: "mysql:8.0",
    redis: "redis:7.4",
  },
  sizes: {
    databaseStorage: "10Gi",
    seedScratch: "4Gi",
  },
  signoff: {
    product: "Firefox",
    channel: "release",
    role: "releng",
  },
} as const;

/** The public production dump (DESIGN.md §3): rules, rule history, active releases; no permissions. */
export const PROD_DUMP_URL = "https://storage.googleapis.com/balrog-prod-dbdump-v2/dump.sql.txt.xz";

/** Container ports. Admin 7070 / public 9010 as in mozilla-releng/balrog docker-compose.yml (PORT env). */
export const BALROG_PORTS = { admin: 7070, public: 9010, mysql: 3306, redis: 6379 } as const;

/** uids of the images' own users: MySQL's and Redis's official images both use 999; balrog runs as app user 10001 here. */
export const BALROG_UIDS = { app: 10001, mysql: 999, redis: 999 } as const;

/** Auth0 of stage, reused by every private copy (DESIGN.md §3; scriptworker-scripts balrogscript/docker.d/init_worker.sh). */
export const BALROG_STAGE_AUTH0 = {
  domain: MOZILLA_AUTH0_DOMAIN,
  audience: "balrog-cloudops-stage",
} as const;

/**
 * History buckets outside GKE ("local mode"): uwsgi/admin.wsgi skips its startup write to both
 * buckets when LOCALDEV=1 and GOOGLE_APPLICATION_CREDENTIALS names no file; the names are the ones
 * mozilla-releng/balrog docker-compose.yml uses for local development (production buckets, read-only).
 */
export const BALROG_LOCAL_HISTORY_BUCKETS = {
  releases: "balrog-prod-release-history-v1",
  nightly: "balrog-prod-nightly-history-v1",
} as const;

/** Database names inside the copy's MySQL. The seed imports into `scratch`, then swaps it in. */
export const BALROG_DATABASE = { name: "balrog", user: "balrog", scratch: "balrog_seed_import", previous: "balrog_seed_previous" } as const;

/** The agent's account (uwsgi/admin.wsgi SYSTEM_ACCOUNTS and M2M_ACCOUNT_MAPPING map its client id to it). */
export const BALROG_AGENT_ACCOUNT = "balrogagent";

/**
 * Stage submitter accounts uwsgi/admin.wsgi accepts when STAGING=1, and what the seed grants them
 * (permission names and option keys from the admin UI's permission table in mozilla-releng/balrog).
 */
export const BALROG_STAGE_SUBMITTERS: readonly { account: string; products: readonly string[] }[] = [
  { account: "balrog-stage-ffxbld", products: ["Firefox", "Devedition", "Pinebuild"] },
  { account: "balrog-stage-tbirdbld", products: ["Thunderbird"] },
  { account: "balrog-stage-xpibld", products: ["SystemAddons"] },
];

/**
 * What a submitter may do: create and modify releases and locales, schedule rule changes, and mark
 * releases pinnable (balrogscript PUTs /v2/releases/<name>/pinnable; balrog db.py checks the
 * `pinnable_release` permission, whose only option is `products`: no actions).
 */
export const BALROG_SUBMITTER_PERMISSIONS: readonly { permission: string; actions: readonly string[] }[] = [
  { permission: "release", actions: ["create", "modify"] },
  { permission: "release_locale", actions: ["modify"] },
  { permission: "release_read_only", actions: ["set"] },
  { permission: "rule", actions: ["create", "modify"] },
  { permission: "pinnable_release", actions: [] },
];

/** The ConfigMap the seed job writes its provenance into (and nothing else). */
export const BALROG_PROVENANCE_CONFIGMAP = "balrog-seed-provenance";

/**
 * Default requests and limits of a copy's containers. `services.balrog.sizes` in the stack config
 * overrides database, admin, public and agent (request and limit alike); `small` is the size of
 * the init containers.
 */
export const BALROG_RESOURCES = {
  // MySQL's working set for a test copy fits 512Mi (InnoDB's default buffer pool is 128 MiB); the
  // limit leaves room for a production dump's import. Requests are what every environment reserves.
  database: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "2Gi" } },
  admin: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  public: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  agent: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  seed: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  small: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
  redis: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
} as const;

/**
 * Entries of Balrog's stage DOMAIN_ALLOWLIST (mozilla-releng/balrog uwsgi/admin.wsgi and public.wsgi,
 * added when STAGING=1) whose products an environment's own download hosts take: its archive front
 * the stage archive's, its go-bouncer the stage bouncer's (components/services/balrog/wsgiEntry.ts).
 */
export const BALROG_ALLOWLIST_TEMPLATES = {
  archive: "ftp.stage.mozaws.net",
  bouncer: "dev.bouncer.nonprod.webservices.mozgcp.net",
} as const;

/** Secret config paths the copy reads when present (`releng-envs:secrets.balrog.*`); generated otherwise. */
export const BALROG_SECRET_PATHS = {
  secretKey: "balrog.secretKey",
  m2mClientId: "balrog.auth0M2mClientId",
  m2mClientSecret: "balrog.auth0M2mClientSecret",
} as const;
