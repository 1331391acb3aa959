// Plain data: the trust boundaries between prod, dep and dev, and what environments may reach.
// The policy pack keeps its own copy as configSchema defaults (policies/defaults.ts);
// test/policies/catalogAgreement.test.ts keeps the two equal. Sources: DESIGN.md §1 and §3, and
// mozilla-releng/scriptworker-scripts as cited per entry.
import { MOZILLA_AUTH0_DOMAIN, TASKCLUSTER_ROOT_URL } from "./mozilla";


/** Autograph, current GCP names and the older AWS ones (signingscript/docker.d/passwords.yml). */
export const AUTOGRAPH_HOSTS = {
  prod: "prod.autograph.prod.webservices.mozgcp.net",
  stage: "stage.autograph.nonprod.webservices.mozgcp.net",
  legacyProd: "autograph-external.prod.autograph.services.mozaws.net",
  legacyStage: "autograph-external.stage.autograph.services.mozaws.net",
} as const;

/** Only dev pools may use Autograph stage, and only for formats starting with these. */
export const DEV_STAGE_FORMAT_PREFIXES: readonly string[] = ["stage_autograph_"];

/** Production write APIs no dep/dev pool or environment may target. */
export const PRODUCTION_WRITE_HOSTS: readonly string[] = [
  "aus4-admin.mozilla.org", // Balrog admin
  "admin.prod.bouncer.prod.webservices.mozgcp.net", // bouncer admin
  "shipit-api.mozilla-releng.net", // Ship-it
];

/** Production release buckets (beetmoverscript/docker.d/worker.yml, ENV == "prod" bucket_config). */
export const PRODUCTION_RELEASE_BUCKETS: readonly string[] = ["net-mozaws-prod-delivery-archive", "net-mozaws-prod-delivery-firefox"];

/** Staging services: prod pools and CI-critical pools may not depend on them. */
export const STAGING_HOSTS: readonly string[] = [
  AUTOGRAPH_HOSTS.stage,
  AUTOGRAPH_HOSTS.legacyStage,
  "admin.stage.balrog.nonprod.webservices.mozgcp.net",
  "admin.dev.bouncer.nonprod.webservices.mozgcp.net",
  "api.shipit.staging.mozilla-releng.net",
];

/**
 * Production hosts an environment may reach through its egress proxy: read-only for it. The archive
 * (fallback reads), public GCS objects (the Balrog dump), Auth0 (token checks) and Taskcluster (an
 * environment's Ship-it client holds only level-1 hook scopes), and GitHub's raw file host (Bouncer's
 * init fetches go-bouncer's schema at a pinned commit: static files, nothing to write to).
 */
export const READ_ONLY_PRODUCTION_HOSTS: readonly string[] = ["archive.mozilla.org", "storage.googleapis.com", MOZILLA_AUTH0_DOMAIN, new URL(TASKCLUSTER_ROOT_URL).hostname, "raw.githubusercontent.com"];

/**
 * Secrets only prod pools may hold (`*`: any suffix). Names as scriptworker-scripts tests/test_init.py
 * and docker.d/*.yml use them: release/nightly MAR keys, the release bucket and store credentials,
 * the chain-of-trust key.
 */
export const PROD_ONLY_SECRETS: readonly string[] = ["AUTOGRAPH_MAR_RELEASE_*", "AUTOGRAPH_MAR_NIGHTLY_*", "GCS_RELEASE_CREDS", "GOOGLE_SERVICE_ACCOUNT_*", "REPO_TOKEN_*", "CLIENT_SECRET", "ED25519_PRIVKEY"];

/** Credentials a prod pool may not hold. */
export const STAGE_CREDENTIALS: readonly string[] = ["AUTOGRAPH_STAGE_*"];

/** Autograph cert scopes (`<prefix>cert:<name>`, signingscript/docker.d/passwords.yml) per level. */
export const CERT_SCOPES = {
  prod: ["nightly-signing", "release-signing", "production-signing", "fennec-production-signing"],
  nonProd: ["dep-signing"],
} as const;

/** Scripts that push to stores when ENV == "prod" (push{apk,flatpak,msix}script/docker.d/worker.yml). */
export const STORE_PUSH_SCRIPTS: readonly string[] = ["pushapk", "pushflatpak", "pushmsix"];

/** APP_CHANNEL values an environment's Ship-it may never run with. */
export const FORBIDDEN_SHIPIT_CHANNELS: readonly string[] = ["production"];
