// Plain data for an environment's Bouncer copy: go-bouncer (redirector) and bouncer-admin (API)
// on one MySQL. Sources are cited per value; see docs/staging-release.md for how they are used.
import { upstreamData } from "./upstreamContract";

/** go-bouncer's schema file in its repository (the one its compose.yaml mounts into MySQL's initdb.d). */
export const GO_BOUNCER_SCHEMA_PATH = "docker/initdb.d/01-schema.sql";

/** The schema at the go-bouncer commit the contract data was read from (its main branch; docs/upstream.md). */
function goBouncerSchemaUrl(): string {
  const { repository, commit } = upstreamData()["go-bouncer"];
  return `https://raw.githubusercontent.com/${repository}/${commit}/${GO_BOUNCER_SCHEMA_PATH}`;
}

/** bouncer-admin's Basic-auth Secret (AUTH_USERS, and the generated user an env bouncer pool signs in as). */
export const BOUNCER_ADMIN_SECRET = "bouncer-admin-auth";

export const BOUNCER = {
  database: {
    /** Official MySQL 8 image; runs as its `mysql` user (uid 999). Overridable: services.bouncer.images.mysql. */
    image: "mysql:8.0",
    uid: 999,
    port: 3306,
    name: "bouncer",
    user: "bouncer",
    storage: "5Gi",
  },
  /**
   * go-bouncer's schema, fetched at first start rather than copied here, pinned to the commit of
   * catalog/upstream/go-bouncer.json (read from its main branch, so the pin is always on main and
   * moves with `npm run upstream`). Overridable: services.bouncer.schemaUrl.
   */
  schemaUrl: goBouncerSchemaUrl(),
  /** Small image with curl and sh for the schema fetch (runs as the pod's uid). */
  fetchImage: "curlimages/curl:8.10.1",
  /**
   * Operating systems bouncerscript adds locations for; bouncer-admin refuses a location whose OS is
   * missing from `mirror_os`, so a fresh copy gets them at init (scriptworker-scripts
   * bouncerscript/src/bouncerscript/constants.py BOUNCER_LOCATION_PLATFORMS).
   */
  platforms: ["linux", "linux64", "linux64-aarch64", "osx", "win", "win64", "android-x86", "android", "win64-aarch64"],
  redirector: {
    /** go-bouncer listens on BOUNCER_ADDR (mozilla-services/go-bouncer main.go); 8000 as in its compose.yaml. */
    port: 8000,
    /** Any non-root uid: the image needs no writable path. */
    uid: 10001,
  },
  admin: {
    /** bouncer-admin's `run` serves uwsgi --http-socket on ${PORT:-8000}; its Dockerfile's `app` user is uid 10001. */
    port: 8000,
    uid: 10001,
    /** Basic-auth users generated when the stack does not name its own (services.bouncer.adminUsers). */
    defaultUsers: ["releng"],
  },
  resources: {
    // Bouncer's tables are tiny (products, locations, platforms); the limit leaves burst room.
    mysql: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    fetch: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
    redirector: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    admin: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  },
} as const;

/** Hosts the Bouncer copy reaches through the egress proxy: only the schema fetch at first start. */
export function bouncerSchemaHost(schemaUrl: string): string {
  return new URL(schemaUrl).hostname;
}
