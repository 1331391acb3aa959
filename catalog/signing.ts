// Plain data: how the stock signingscript image configures itself, and where the project replaces it.
// Source: mozilla-releng/scriptworker-scripts at 33e63121435429f1325fd21901c2d1d0946b4ca7 —
// docker.d/init.sh (CONFIG_DIR=$APP_DIR/configs, TEMPLATE_DIR=$APP_DIR/docker.d, sources
// $(dirname $0)/init_worker.sh), signingscript/docker.d/init_worker.sh (paths, start-up checks,
// configloader runs) and taskcluster/docker/signingscript/Dockerfile (copies signingscript/docker.d/*
// into /app/docker.d/). Why the project replaces two of those files: docs/pools.md.

export const SIGNINGSCRIPT_UPSTREAM = {
  repository: "mozilla-releng/scriptworker-scripts",
  commit: "33e63121435429f1325fd21901c2d1d0946b4ca7",
} as const;

/** Files of the image the project replaces for every signing pool, by the path the image reads. */
export const SIGNING_IMAGE_FILES = {
  /** json-e template configloader renders into $PASSWORDS_PATH: Autograph servers per cert scope. */
  passwordsTemplate: "/app/docker.d/passwords.yml",
  /** Sourced by /app/docker.d/init.sh: start-up checks, paths, configloader runs. */
  initWorker: "/app/docker.d/init_worker.sh",
} as const;

/**
 * Exports init_worker.sh makes at every level (shell words; $APP_DIR and $CONFIG_DIR come from init.sh).
 * Order matters only for readability.
 */
export const SIGNING_EXPORTS: readonly (readonly [string, string])[] = [
  ["DMG_PATH", "$APP_DIR/signingscript/files/dmg"],
  ["HFSPLUS_PATH", "$APP_DIR/signingscript/files/hfsplus"],
  ["PASSWORDS_PATH", "$CONFIG_DIR/passwords.json"],
  ["APPLE_NOTARIZATION_CREDS_PATH", "$CONFIG_DIR/apple_notarization_creds.json"],
  ["MAR_CHANNELS_PATH", "$CONFIG_DIR/mar-channels.json"],
  ["GPG_PUBKEY_PATH", "$APP_DIR/signingscript/src/signingscript/data/gpg_pubkey_dep.asc"],
  ["WIDEVINE_CERT_PATH", "$CONFIG_DIR/widevine.crt"],
  ["AUTHENTICODE_TIMESTAMP_STYLE", "old"],
  ["AUTHENTICODE_TIMESTAMP_URL", "http://timestamp.digicert.com"],
  ["AUTHENTICODE_CERT_PATH", "$APP_DIR/signingscript/src/signingscript/data/authenticode_dep.crt"],
  ["AUTHENTICODE_CERT_PATH_EV", "$AUTHENTICODE_CERT_PATH"],
  ["AUTHENTICODE_CA_PATH", "$APP_DIR/signingscript/src/signingscript/data/authenticode_dep_ca.crt"],
  ["AUTHENTICODE_CA_PATH_EV", "$AUTHENTICODE_CA_PATH"],
  ["AUTHENTICODE_CA_TIMESTAMP_PATH", "/usr/lib/ssl/certs/ca-certificates.crt"],
  ["AUTHENTICODE_CROSS_CERT_PATH", "$APP_DIR/signingscript/src/signingscript/data/authenticode_stub.crt"],
];

/** Exports that replace the above when ENV=prod (production certificates and keys). */
export const SIGNING_PROD_EXPORTS: readonly (readonly [string, string])[] = [
  ["AUTHENTICODE_CERT_PATH", "$APP_DIR/signingscript/src/signingscript/data/authenticode_prod_202412.crt"],
  ["AUTHENTICODE_CERT_PATH_EV", "$APP_DIR/signingscript/src/signingscript/data/authenticode_prod_ev_202412.crt"],
  ["AUTHENTICODE_CA_PATH", "$APP_DIR/signingscript/src/signingscript/data/authenticode_prod_ca.crt"],
  ["AUTHENTICODE_CA_PATH_EV", "$APP_DIR/signingscript/src/signingscript/data/authenticode_prod_ca_ev.crt"],
  ["GPG_PUBKEY_PATH", "$APP_DIR/signingscript/src/signingscript/data/gpg_pubkey_prod.asc"],
];

/** Products whose pods decode the base64 WIDEVINE_CERT env var into $WIDEVINE_CERT_PATH. */
export const WIDEVINE_PRODUCTS: readonly string[] = ["firefox", "enterprise", "adhoc"];

/** Templates in $TEMPLATE_DIR configloader renders, and the variable naming each output. */
export const SIGNING_RENDERED_TEMPLATES: readonly (readonly [string, string])[] = [
  ["passwords.yml", "PASSWORDS_PATH"],
  ["apple_notarization_creds.yml", "APPLE_NOTARIZATION_CREDS_PATH"],
  ["mar-channels.yml", "MAR_CHANNELS_PATH"],
];
