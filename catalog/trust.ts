// Plain data: every trust fact, once. What each trust level (prod, dep, dev) may hold and reach, and
// what environments may hold and reach — as allow-lists: anything not listed is refused. The config
// checks (stacks/) import these; the policy pack gets them through policies/generated/catalog.ts,
// written from this file by `npm run generate:pack` (tools/trust/packCatalog.ts) and kept equal by
// test/policies/catalogAgreement.test.ts. Sources: DESIGN.md §1 and §3, and
// mozilla-releng/scriptworker-scripts at 33e63121435429f1325fd21901c2d1d0946b4ca7 as cited per entry.
import { GCS_API_HOST, HG_HOST, MOZILLA_AUTH0_DOMAIN, TASKCLUSTER_ARTIFACTS_HOST, TASKCLUSTER_ROOT_URL } from "./mozilla";

export const TRUST_LEVELS = ["prod", "dep", "dev"] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** Autograph, current GCP names and the older AWS ones (signingscript/docker.d/passwords.yml). */
export const AUTOGRAPH_HOSTS = {
  prod: "prod.autograph.prod.webservices.mozgcp.net",
  stage: "stage.autograph.nonprod.webservices.mozgcp.net",
  legacyProd: "autograph-external.prod.autograph.services.mozaws.net",
  legacyStage: "autograph-external.stage.autograph.services.mozaws.net",
} as const;

export type AutographServer = "prod" | "stage";

/** Host names of each Autograph server, current and older. */
export const AUTOGRAPH_SERVER_HOSTS: Readonly<Record<AutographServer, readonly string[]>> = {
  prod: [AUTOGRAPH_HOSTS.prod, AUTOGRAPH_HOSTS.legacyProd],
  stage: [AUTOGRAPH_HOSTS.stage, AUTOGRAPH_HOSTS.legacyStage],
};

/** Which Autograph servers a pool of each level may send formats to: stage is dev-only. */
export const AUTOGRAPH_SERVERS_ALLOWED: Readonly<Record<TrustLevel, readonly AutographServer[]>> = {
  prod: ["prod"],
  dep: ["prod"],
  dev: ["prod", "stage"],
};

/**
 * Signing formats each Autograph server serves (signingscript/docker.d/passwords.yml: every format
 * listed for that server). The stage list is the formats that exist to test stage itself; upstream
 * names them `stage_autograph_*` and, for add-ons, `stage_privileged_webextension`/`stage_system_addon`.
 * test/catalog/autographFormats.test.ts checks both lists against passwords.yml at the pinned commit.
 */
export const AUTOGRAPH_FORMATS: Readonly<Record<AutographServer, readonly string[]>> = {
  prod: [
    "autograph_rpmsign",
    "gcp_prod_autograph_aab",
    "gcp_prod_autograph_apk",
    "gcp_prod_autograph_apk_mozillaonline",
    "gcp_prod_autograph_authenticode_202412",
    "gcp_prod_autograph_authenticode_202412_stub",
    "gcp_prod_autograph_authenticode_ev_202412",
    "gcp_prod_autograph_focus",
    "gcp_prod_autograph_gpg",
    "gcp_prod_autograph_hash_only_mar384",
    "gcp_prod_autograph_langpack",
    "gcp_prod_autograph_omnija",
    "gcp_prod_autograph_rsa",
    "gcp_prod_autograph_widevine",
    "gcp_prod_autograph_xpi",
    "gcp_prod_autograph_xpi_sha1_es256",
    "gcp_prod_autograph_xpi_sha1_es256_es384",
    "gcp_prod_autograph_xpi_sha1_es256_ps256",
    "gcp_prod_autograph_xpi_sha1_ps256",
    "gcp_prod_privileged_webextension",
    "gcp_prod_system_addon",
  ],
  stage: [
    "stage_autograph_apk",
    "stage_autograph_apk_mozillaonline",
    "stage_autograph_authenticode_202412",
    "stage_autograph_authenticode_202412_stub",
    "stage_autograph_authenticode_ev_202412",
    "stage_autograph_focus",
    "stage_autograph_gpg",
    "stage_autograph_hash_only_mar384",
    "stage_autograph_langpack",
    "stage_autograph_mar384",
    "stage_autograph_omnija",
    "stage_autograph_rpmsign",
    "stage_autograph_rsa",
    "stage_autograph_widevine",
    "stage_autograph_xpi",
    "stage_autograph_xpi_sha1_es256",
    "stage_autograph_xpi_sha1_es256_es384",
    "stage_autograph_xpi_sha1_es256_ps256",
    "stage_autograph_xpi_sha1_ps256",
    "stage_privileged_webextension",
    "stage_system_addon",
  ],
};

/** Autograph cert scopes (`<product prefix>cert:<name>`, passwords.yml) a pool of each level may hold; every entry holds exactly one. */
export const CERT_SCOPES_ALLOWED: Readonly<Record<TrustLevel, readonly string[]>> = {
  prod: ["nightly-signing", "release-signing", "production-signing", "fennec-production-signing"],
  dep: ["dep-signing"],
  dev: ["dep-signing"],
};

/**
 * Autograph credential prefixes (`<PREFIX>_USERNAME`/`_PASSWORD`) each level may hold for production
 * Autograph, from the `$eval` names passwords.yml uses per ENV (prod; fake-prod and dev without their
 * stage entries), plus the Autograph names init_worker.sh checks at that ENV without a rendered entry
 * (AUTOGRAPH_AUTHENTICODE_SHA2 and AUTOGRAPH_AUTHENTICODE_EV at prod, AUTOGRAPH_MOZILLAVPN_DEBSIGN below). test/catalog/autographCredentials.test.ts
 * keeps these lists equal to the upstream contract data (catalog/upstream/scriptworker-scripts.json).
 */
const DEP_AUTOGRAPH_CREDENTIALS = [
  "AUTOGRAPH_AUTHENTICODE_SHA2",
  "AUTOGRAPH_FENIX",
  "AUTOGRAPH_FOCUS",
  "AUTOGRAPH_GPG",
  "AUTOGRAPH_LANGPACK",
  "AUTOGRAPH_MAR",
  "AUTOGRAPH_MOZILLAVPN",
  "AUTOGRAPH_MOZILLAVPN_ADDONS",
  "AUTOGRAPH_MOZILLAVPN_DEBSIGN",
  "AUTOGRAPH_OMNIJA",
  "AUTOGRAPH_REFERENCE_BROWSER",
  "AUTOGRAPH_RPMSIGN",
  "AUTOGRAPH_WIDEVINE",
  "AUTOGRAPH_XPI",
  "AUTOGRAPH_XPI_PRIVILEGED",
];
export const AUTOGRAPH_CREDENTIALS_ALLOWED: Readonly<Record<TrustLevel, readonly string[]>> = {
  prod: [
    "AUTOGRAPH_AUTHENTICODE_EV",
    "AUTOGRAPH_AUTHENTICODE_GCP_PROD_EV",
    "AUTOGRAPH_AUTHENTICODE_GCP_PROD_SHA2",
    "AUTOGRAPH_AUTHENTICODE_SHA2",
    "AUTOGRAPH_FENIX",
    "AUTOGRAPH_FENIX_MOZILLA_ONLINE",
    "AUTOGRAPH_FENNEC_RELEASE",
    "AUTOGRAPH_FOCUS",
    "AUTOGRAPH_GPG",
    "AUTOGRAPH_LANGPACK",
    "AUTOGRAPH_MAR_NIGHTLY",
    "AUTOGRAPH_MAR_RELEASE",
    "AUTOGRAPH_MOZILLAVPN",
    "AUTOGRAPH_MOZILLAVPN_ADDONS",
    "AUTOGRAPH_OMNIJA",
    "AUTOGRAPH_REFERENCE_BROWSER",
    "AUTOGRAPH_RPMSIGN",
    "AUTOGRAPH_WIDEVINE",
    "AUTOGRAPH_XPI_PRIVILEGED",
  ],
  dep: DEP_AUTOGRAPH_CREDENTIALS,
  dev: DEP_AUTOGRAPH_CREDENTIALS,
};

/** Autograph stage credential prefixes (passwords.yml stage entries and init_worker.sh's stage checks at dev): only dev pools, only with the stage server. */
export const AUTOGRAPH_STAGE_CREDENTIALS: readonly string[] = [
  "AUTOGRAPH_STAGE_AUTHENTICODE_SHA2",
  "AUTOGRAPH_STAGE_FENIX",
  "AUTOGRAPH_STAGE_FOCUS",
  "AUTOGRAPH_STAGE_GPG",
  "AUTOGRAPH_STAGE_LANGPACK",
  "AUTOGRAPH_STAGE_MAR",
  "AUTOGRAPH_STAGE_MOZILLAVPN_ADDONS",
  "AUTOGRAPH_STAGE_MOZILLAVPN_DEBSIGN",
  "AUTOGRAPH_STAGE_OMNIJA",
  "AUTOGRAPH_STAGE_REFERENCE_BROWSER",
  "AUTOGRAPH_STAGE_RPMSIGN",
  "AUTOGRAPH_STAGE_WIDEVINE",
  "AUTOGRAPH_STAGE_XPI",
  "AUTOGRAPH_STAGE_XPI_PRIVILEGED",
];

/** `server: prod | stage` in a stack resolves to these URLs. */
export const AUTOGRAPH_ALIASES: Readonly<Record<AutographServer, string>> = {
  prod: `https://${AUTOGRAPH_HOSTS.prod}`,
  stage: `https://${AUTOGRAPH_HOSTS.stage}`,
};

/**
 * Cert scope prefix per product (signingscript/docker.d/passwords.yml and worker.yml
 * `taskcluster_scope_prefixes`). A short cert scope in config (`dep-signing`) becomes
 * `<prefix>cert:dep-signing`; a product missing here cannot sign.
 */
export const CERT_SCOPE_PREFIX: Readonly<Record<string, string>> = {
  firefox: "project:releng:signing:",
  thunderbird: "project:comm:thunderbird:releng:signing:",
  enterprise: "project:enterprise:releng:signing:",
  mobile: "project:mobile:reference-browser:releng:signing:",
  "app-services": "project:mozilla:app-services:releng:signing:",
  glean: "project:mozilla:glean:releng:signing:",
  xpi: "project:xpi:releng:signing:",
  mozillavpn: "project:mozillavpn:releng:signing:",
  adhoc: "project:adhoc:releng:signing:",
};

/**
 * Secret names only prod pools may hold (`*`: any run of A-Z, 0-9, _), also refused in environments.
 * DESIGN.md §3, plus the names the scripts' init_worker.sh check only when ENV=prod:
 * signingscript AUTOGRAPH_MAR_{RELEASE,NIGHTLY}_*, AUTOGRAPH_FENNEC_RELEASE_*,
 * AUTOGRAPH_FENIX_MOZILLA_ONLINE_*, AUTOGRAPH_AUTHENTICODE_{EV,GCP_PROD}_*, APPLE_NOTARIZATION_*
 * (apple_notarization_creds.yml, ENV == "prod"); beetmoverscript NIGHTLY_*, RELEASE_*, PARTNER_* (S3),
 * GCS_RELEASE_CREDS, GCS_INTEGRATION_CREDS; pushapkscript GOOGLE_SERVICE_ACCOUNT_*,
 * GOOGLE_PLAY_SERVICE_ACCOUNT_*, SGS_*, AMAZON_CLIENT_*; pushflatpakscript REPO_TOKEN_*;
 * pushmsixscript TENANT_ID, CLIENT_ID, CLIENT_SECRET; githubscript GITHUB_TOKEN_WRITE_ACCESS_PROD;
 * docker.d/init.sh ED25519_PRIVKEY (chain-of-trust key).
 */
export const PROD_ONLY_SECRETS: readonly string[] = [
  "ED25519_PRIVKEY",
  "AUTOGRAPH_MAR_RELEASE_*",
  "AUTOGRAPH_MAR_NIGHTLY_*",
  "AUTOGRAPH_FENNEC_RELEASE_*",
  "AUTOGRAPH_FENIX_MOZILLA_ONLINE_*",
  "AUTOGRAPH_AUTHENTICODE_EV_*",
  "AUTOGRAPH_AUTHENTICODE_GCP_PROD_*",
  "APPLE_NOTARIZATION_*",
  "GCS_RELEASE_CREDS",
  "GCS_INTEGRATION_CREDS",
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
];

/**
 * Where upstream's stock start-up reads, at a trust level, a name that level may not hold here (the
 * lists above), each decided once (outside signing, whose Autograph names come from the generated
 * passwords.yml instead). A test derives the conflicts from the upstream contract data and fails on
 * one not decided here.
 * - `placeholder`: a template only renders the value and the worker never uses it at that level, so
 *   the pod gets UNUSED_CREDENTIAL_PLACEHOLDER as plain text (no Secret) and starts with the stock image.
 * - `refused`: the combination is not a pool of that level here; config refuses it with `why`.
 */
export interface LevelNameConflict {
  script: string;
  /** Omitted: every product of the script. */
  product?: string;
  levels: readonly TrustLevel[];
  names: readonly string[];
  decision: "placeholder" | "refused";
  why: string;
}

export const LEVEL_NAME_CONFLICTS: readonly LevelNameConflict[] = [
  {
    script: "pushmsix",
    levels: ["dep", "dev"],
    names: ["TENANT_ID", "CLIENT_ID", "CLIENT_SECRET"],
    decision: "placeholder",
    why:
      "pushmsixscript/docker.d/worker.yml renders tenant_id, client_id and client_secret at every ENV, but init_worker.sh checks and decodes them only at prod " +
      "and push_to_store is ENV == 'prod': below prod nothing reaches the Microsoft Store",
  },
  {
    script: "beetmover",
    product: "translations",
    levels: ["dep"],
    names: ["GCS_RELEASE_CREDS"],
    decision: "refused",
    why:
      "translations' fake-prod beetmover is upstream's production pool (beetmoverscript/docker.d/worker.yml: it uploads to the production translations bucket " +
      "with GCS_RELEASE_CREDS), so it is a prod pool here: declare it in the prod pools stack (or at dev, which uses GCS_DEP_CREDS and the stage bucket)",
  },
];

/** The plain value a pool gets for a `placeholder` name: says what it is, holds nothing. */
export const UNUSED_CREDENTIAL_PLACEHOLDER = "unused-below-prod-set-by-releng-envs";

/** Credential names a prod pool may never hold: Autograph stage's. */
export const STAGE_CREDENTIALS: readonly string[] = ["AUTOGRAPH_STAGE_*"];

/** Production write APIs no dep/dev pool or environment may target (bounceradmin-default: the older production bouncer admin, bouncerscript/docker.d/worker.yml). */
export const PRODUCTION_WRITE_HOSTS: readonly string[] = [
  "aus4-admin.mozilla.org", // Balrog admin
  "admin.prod.bouncer.prod.webservices.mozgcp.net", // bouncer admin
  "bounceradmin-default.prod.mozaws.net", // bouncer admin, older name
  "shipit-api.mozilla-releng.net", // Ship-it
];

/**
 * Storage buckets each level may write to (beetmoverscript/docker.d/worker.yml bucket_config and
 * product_buckets per ENV: GCS product delivery and translations; the older S3 release buckets).
 * Production buckets are prod-only; environments write to no bucket (their archive keeps its own store).
 */
export const BUCKETS_ALLOWED: Readonly<Record<TrustLevel, readonly string[]>> = {
  prod: ["moz-fx-productdelivery-pr-38b5-productdelivery", "moz-fx-translations-data--303e-prod-translations-data", "net-mozaws-prod-delivery-archive", "net-mozaws-prod-delivery-firefox"],
  dep: ["moz-fx-productdelivery-no-7d6a-productdelivery", "moz-fx-translations-data--5f91-stage-translations-data"],
  dev: ["moz-fx-productdelivery-no-7d6a-productdelivery", "moz-fx-translations-data--5f91-stage-translations-data"],
};

/** Staging services: prod pools and CI-critical pools may not depend on them. */
export const STAGING_HOSTS: readonly string[] = [
  ...AUTOGRAPH_SERVER_HOSTS.stage,
  "admin.stage.balrog.nonprod.webservices.mozgcp.net",
  "admin.dev.bouncer.nonprod.webservices.mozgcp.net",
  "api.shipit.staging.mozilla-releng.net",
];

/**
 * Production hosts an environment may reach through its egress proxy: read-only for it. The archive
 * (fallback reads), public GCS objects (the Balrog dump), Auth0 (token checks) and Taskcluster (an
 * environment's Ship-it client holds only level-1 hook scopes), and GitHub's raw file host (Bouncer's
 * init fetches go-bouncer's schema at a pinned commit: static files, nothing to write to). An
 * environment's own dep pools also read Taskcluster's public artifact CDN and hg.mozilla.org
 * (chain-of-trust verification); what they write goes to Taskcluster with their level-1 client.
 */
export const READ_ONLY_PRODUCTION_HOSTS: readonly string[] = [
  "archive.mozilla.org",
  GCS_API_HOST,
  MOZILLA_AUTH0_DOMAIN,
  new URL(TASKCLUSTER_ROOT_URL).hostname,
  TASKCLUSTER_ARTIFACTS_HOST,
  HG_HOST,
  "raw.githubusercontent.com",
];

/** Scripts that push to stores when ENV == "prod" (push{apk,flatpak,msix}script/docker.d/worker.yml). */
export const STORE_PUSH_SCRIPTS: readonly string[] = ["pushapk", "pushflatpak", "pushmsix"];

/** APP_CHANNEL values an environment's Ship-it may never run with. */
export const FORBIDDEN_SHIPIT_CHANNELS: readonly string[] = ["production"];
