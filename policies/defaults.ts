// The pack's own default lists and limits. Every one is a `configSchema` default, so SRE can tune
// it with a policy config file (`pulumi preview --policy-pack-config`). The pack never imports the
// program; test/policies/catalogAgreement.test.ts keeps these equal to the program's catalog/.

/** Label and annotation keys the program writes (catalog/environment.ts LABELS / ANNOTATIONS). */
export const LABEL_KEYS = {
  kind: "releng.mozilla.org/stack-kind",
  holder: "releng.mozilla.org/holder",
  due: "releng.mozilla.org/due",
  service: "releng.mozilla.org/service",
  trustLevel: "releng.mozilla.org/trust-level",
  workerLevel: "releng.mozilla.org/worker-level",
  script: "releng.mozilla.org/script",
  cotProduct: "releng.mozilla.org/cot-product",
  workerType: "releng.mozilla.org/worker-type",
} as const;

export const ANNOTATION_KEYS = {
  purpose: "releng.mozilla.org/purpose",
  holder: "releng.mozilla.org/holder-email",
  due: "releng.mozilla.org/due",
} as const;

type Lists = { readonly [k in
  | "autographStageHosts" | "devStageFormatPrefixes" | "stagingHosts" | "productionWriteHosts" | "productionReleaseBuckets"
  | "readOnlyProductionHosts" | "prodOnlySecrets" | "stageCredentials" | "prodCertScopes" | "nonProdCertScopes"
  | "storePushScripts" | "forbiddenShipitChannels"]: readonly string[] };

export const DEFAULTS: Lists & { readonly maxDueDays: number } = {
  autographStageHosts: ["stage.autograph.nonprod.webservices.mozgcp.net", "autograph-external.stage.autograph.services.mozaws.net"],
  /** A dev pool may use Autograph stage only for formats starting with one of these. */
  devStageFormatPrefixes: ["stage_autograph_"],
  /** Staging services; prod pools and CI-critical pools must not depend on them. */
  stagingHosts: [
    "stage.autograph.nonprod.webservices.mozgcp.net",
    "autograph-external.stage.autograph.services.mozaws.net",
    "admin.stage.balrog.nonprod.webservices.mozgcp.net",
    "admin.dev.bouncer.nonprod.webservices.mozgcp.net",
    "api.shipit.staging.mozilla-releng.net",
  ],
  productionWriteHosts: ["aus4-admin.mozilla.org", "admin.prod.bouncer.prod.webservices.mozgcp.net", "shipit-api.mozilla-releng.net"],
  productionReleaseBuckets: ["net-mozaws-prod-delivery-archive", "net-mozaws-prod-delivery-firefox"],
  readOnlyProductionHosts: ["archive.mozilla.org", "storage.googleapis.com", "auth.mozilla.auth0.com", "firefox-ci-tc.services.mozilla.com", "raw.githubusercontent.com"],
  /** Secret key / env var names only prod pools may hold; `*` matches any suffix. */
  prodOnlySecrets: ["AUTOGRAPH_MAR_RELEASE_*", "AUTOGRAPH_MAR_NIGHTLY_*", "GCS_RELEASE_CREDS", "GOOGLE_SERVICE_ACCOUNT_*", "REPO_TOKEN_*", "CLIENT_SECRET", "ED25519_PRIVKEY"],
  stageCredentials: ["AUTOGRAPH_STAGE_*"],
  /** Last part of an Autograph cert scope (`…:cert:<name>`). */
  prodCertScopes: ["nightly-signing", "release-signing", "production-signing", "fennec-production-signing"],
  nonProdCertScopes: ["dep-signing"],
  storePushScripts: ["pushapk", "pushflatpak", "pushmsix"],
  /** Ship-it channels an environment may never run with. */
  forbiddenShipitChannels: ["production"],
  maxDueDays: 30,
};
