// Plain data for pools stacks: trust levels, Taskcluster, Autograph hosts and the secrets only
// production pools may hold. No logic here; components/pools/ and stacks/schema/pools.ts read it.
import { AUTOGRAPH_HOSTS, DEV_STAGE_FORMAT_PREFIXES } from "./trust";

export const TRUST_LEVELS = ["prod", "dep", "dev"] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export const COT_PRODUCTS = [
  "firefox",
  "thunderbird",
  "mobile",
  "app-services",
  "glean",
  "xpi",
  "mozillavpn",
  "adhoc",
  "enterprise",
  "translations",
] as const;
export type CotProduct = (typeof COT_PRODUCTS)[number];

/**
 * Trust domain of a product where it differs from the product's own name.
 * mozilla-releng/scriptworker-scripts docker.d/init.sh: firefox → gecko, thunderbird → comm.
 */
export const TRUST_DOMAIN_OVERRIDES: Partial<Record<CotProduct, string>> = { firefox: "gecko", thunderbird: "comm" };

/** `ENV` a pool runs with (docker.d/init.sh accepts exactly these three). */
export const WORKER_ENV: Record<TrustLevel, "prod" | "fake-prod" | "dev"> = { prod: "prod", dep: "fake-prod", dev: "dev" };

/** docker.d/init.sh exports PROVISIONER_ID=scriptworker-k8s; k8s-autoscale configs/*: provisioner. */
export const PROVISIONER = "scriptworker-k8s";
export { TASKCLUSTER_ROOT_URL } from "./mozilla";

/**
 * Taskcluster client ids follow mozilla-releng/fxci-config clients.yml (scriptworker-k8s-clients):
 * `project/releng/scriptworker/v2/<script>/<env>/firefoxci-<trust>-<level>`, where <env> is `dev`
 * for dev pools and `prod` for every pool in the production cluster (level 3 and level 1/t alike).
 */
export const TASKCLUSTER_CLIENT_PREFIX = "project/releng/scriptworker/v2";
export const TASKCLUSTER_CLIENT_ENV: Record<TrustLevel, "prod" | "dev"> = { prod: "prod", dep: "prod", dev: "dev" };

/** Image tag each level runs (scriptworker-scripts docs/scriptworkers-rollback.md: `production`, `dev`). */
export const IMAGE_TAG: Record<TrustLevel, "production" | "dev"> = { prod: "production", dep: "production", dev: "dev" };

/** Image repository of a script: Docker Hub `mozilla/releng-<script>script` (docs/scriptworkers-rollback.md). */
export const IMAGE_REPOSITORY_PREFIX = "mozilla/releng-";
export const IMAGE_REPOSITORY_SUFFIX = "script";

/** The images' user (taskcluster/docker/base/Dockerfile: `useradd --uid 10001`). */
export const WORKER_UID = 10001;
/** Symlink to docker.d/healthcheck in the images (fails when /app/logs/worker.log is older than 180 s). */
export const HEALTHCHECK_COMMAND = ["/bin/healthcheck"];
/** docker.d/pre-stop.sh: SIGUSR1 to scriptworker, then wait for the running task (see graceSeconds). */
export const PRE_STOP_COMMAND = ["/app/docker.d/pre-stop.sh"];

/** Autograph endpoints. An alias in config resolves here; URLs are accepted too. */
export const AUTOGRAPH_ALIASES = {
  prod: `https://${AUTOGRAPH_HOSTS.prod}`,
  stage: `https://${AUTOGRAPH_HOSTS.stage}`,
} as const;

/**
 * Host names that are Autograph *stage*, current and older (AWS) names. Only dev pools may send a
 * format there, and only `stage_autograph_*` formats (DESIGN.md §1).
 */
export const AUTOGRAPH_STAGE_HOSTS = [AUTOGRAPH_HOSTS.stage, AUTOGRAPH_HOSTS.legacyStage] as const;
export const AUTOGRAPH_PROD_HOSTS = [AUTOGRAPH_HOSTS.prod, AUTOGRAPH_HOSTS.legacyProd] as const;

/** Formats a dev pool may send to Autograph stage. */
export const STAGE_FORMAT_PREFIX = DEV_STAGE_FORMAT_PREFIXES[0];

/**
 * Cert scope prefix per product (signingscript/docker.d/passwords.yml, `scope_prefix` and the
 * mobile entry). A short cert scope in config (`dep-signing`) becomes `<prefix>cert:dep-signing`.
 * Products missing here need the full scope written out.
 */
export const CERT_SCOPE_PREFIX: Partial<Record<CotProduct, string>> = {
  firefox: "project:releng:signing:",
  thunderbird: "project:comm:thunderbird:releng:signing:",
  mobile: "project:mobile:reference-browser:releng:signing:",
  "app-services": "project:mozilla:app-services:releng:signing:",
  glean: "project:mozilla:glean:releng:signing:",
  xpi: "project:xpi:releng:signing:",
  mozillavpn: "project:mozillavpn:releng:signing:",
  adhoc: "project:adhoc:releng:signing:",
};

/** The only cert scope a dep or dev pool may hold (passwords.yml: dev/fake-prod → `cert:dep-signing`). */
export const NONPROD_CERT_SCOPE_SUFFIX = "cert:dep-signing";

/**
 * Secret env vars only prod pools may hold (glob: `*` = any of A-Z, 0-9, _). DESIGN.md §3, plus the
 * names the scripts' init_worker.sh check only when ENV=prod:
 * - signingscript: AUTOGRAPH_MAR_{RELEASE,NIGHTLY}_*, AUTOGRAPH_FENNEC_RELEASE_*,
 *   AUTOGRAPH_FENIX_MOZILLA_ONLINE_*, AUTOGRAPH_AUTHENTICODE_EV_*;
 * - beetmoverscript: NIGHTLY_*, RELEASE_*, PARTNER_* (S3), GCS_RELEASE_CREDS;
 * - pushapkscript: GOOGLE_SERVICE_ACCOUNT_*, GOOGLE_PLAY_SERVICE_ACCOUNT_*, SGS_*, AMAZON_CLIENT_*;
 * - pushflatpakscript: REPO_TOKEN_*; pushmsixscript: TENANT_ID, CLIENT_ID, CLIENT_SECRET;
 * - githubscript: GITHUB_TOKEN_WRITE_ACCESS_PROD; docker.d/init.sh: ED25519_PRIVKEY (CoT signing key).
 */
export const PROD_ONLY_SECRETS = [
  "ED25519_PRIVKEY",
  "AUTOGRAPH_MAR_RELEASE_*",
  "AUTOGRAPH_MAR_NIGHTLY_*",
  "AUTOGRAPH_FENNEC_RELEASE_*",
  "AUTOGRAPH_FENIX_MOZILLA_ONLINE_*",
  "AUTOGRAPH_AUTHENTICODE_EV_*",
  "GCS_RELEASE_CREDS",
  "NIGHTLY_ID",
  "NIGHTLY_KEY",
  "RELEASE_ID",
  "RELEASE_KEY",
  "PARTNER_ID",
  "PARTNER_KEY",
  "GOOGLE_SERVICE_ACCOUNT_*",
  "GOOGLE_PLAY_SERVICE_ACCOUNT_*",
  "SGS_SERVICE_ACCOUNT_ID",
  "SGS_ACCESS_TOKEN",
  "AMAZON_CLIENT_*",
  "REPO_TOKEN_*",
  "TENANT_ID",
  "CLIENT_ID",
  "CLIENT_SECRET",
  "GITHUB_TOKEN_WRITE_ACCESS_PROD",
] as const;

/** Credentials for Autograph stage: never in a prod pool. */
export const NONPROD_ONLY_SECRETS = ["AUTOGRAPH_STAGE_*"] as const;

/** Annotations pools carry for reviewers and the autoscaler's operators. */
export const POOL_ANNOTATIONS = {
  autoscaleMin: "releng.mozilla.org/autoscale-min-replicas",
  autoscaleMax: "releng.mozilla.org/autoscale-max-replicas",
  storePush: "releng.mozilla.org/store-push",
  imageTag: "releng.mozilla.org/image-tag",
  taskclusterClientId: "releng.mozilla.org/taskcluster-client-id",
} as const;
