// Where each library service answers inside an environment. Every Kubernetes Service of a library
// service listens on port 80 (targetPort is the container's own port), so an in-cluster URL depends
// only on the Service name and the namespace. Components, the staging-release handoff and tests
// all derive URLs from this table.
import { ARCHIVE } from "./archive";
import { BALROG_PORTS } from "./balrog";
import { BOUNCER } from "./bouncer";
import { SHIPIT } from "./shipit";

export const IN_CLUSTER_SERVICES = {
  balrogAdmin: "balrog-admin",
  balrogPublic: "balrog-public",
  bouncerRedirector: "bouncer",
  bouncerAdmin: "bouncer-admin",
  shipitAdmin: "shipit-admin",
  shipitPublic: "shipit-public",
  /** The archive's HTTP front (env store first, production fallback). */
  archiveFront: "archive",
  /** The archive's S3-compatible object store. */
  archiveStore: "archive-store",
} as const;

export type InClusterService = keyof typeof IN_CLUSTER_SERVICES;

export const SERVICE_PORT = 80;

export function inClusterUrl(namespace: string, service: InClusterService): string {
  return `http://${IN_CLUSTER_SERVICES[service]}.${namespace}.svc.cluster.local`;
}

// ── Public HTTPS endpoints (issue #15) ──────────────────────────────────────────────────────────
// Every library Service is also published through the environment's gateway as
// `https://<service>.<env>.<domain>` (<service> = the Service's name above). Writes stay behind each
// service's own authentication: Balrog admin (Auth0 stage), bouncer-admin (its Basic-auth users),
// Ship-it admin (Auth0 + its API auth), the archive store (S3 keys; anonymous may only read).

/**
 * Which pods and container port each published Service reaches: the gateway's NetworkPolicy admits
 * the gateway to exactly these (selector labels app.kubernetes.io/name + component, as the
 * services' builders label their workloads; test/components/env/gateway.test.ts checks they agree).
 */
export const PUBLISHED_SERVICES: Readonly<Record<InClusterService, { service: "balrog" | "bouncer" | "shipit" | "archive"; component: string; port: number }>> = {
  balrogAdmin: { service: "balrog", component: "admin", port: BALROG_PORTS.admin },
  balrogPublic: { service: "balrog", component: "public", port: BALROG_PORTS.public },
  bouncerRedirector: { service: "bouncer", component: "redirector", port: BOUNCER.redirector.port },
  bouncerAdmin: { service: "bouncer", component: "admin", port: BOUNCER.admin.port },
  shipitAdmin: { service: "shipit", component: "admin", port: SHIPIT.adminPort },
  shipitPublic: { service: "shipit", component: "public", port: SHIPIT.publicPort },
  archiveFront: { service: "archive", component: "front", port: ARCHIVE.front.port },
  archiveStore: { service: "archive", component: "store", port: ARCHIVE.store.s3Port },
};

/** `<service>.<env>.<domain>`: the one place a public host name is made. */
export function publicHost(service: InClusterService, environment: string, domain: string): string {
  return `${IN_CLUSTER_SERVICES[service]}.${environment}.${domain}`;
}

export function publicUrl(service: InClusterService, environment: string, domain: string): string {
  return `https://${publicHost(service, environment, domain)}`;
}

/**
 * Google-managed certificates (GKE ManagedCertificate) take no wildcard and no name longer than 63
 * characters (GoogleCloudPlatform/gke-managed-certs README, "Limitations"; the CRD's schema).
 */
export const MANAGED_CERTIFICATE_MAX_DOMAIN = 63;

/**
 * Where a GKE external Application Load Balancer's proxies and health checks come from (container-
 * native load balancing sends them straight to the pods): Google Front End ranges, documented in
 * "Firewall rules for health checks" (cloud.google.com/load-balancing/docs/health-checks#firewall_rules).
 */
export const GOOGLE_FRONT_END_RANGES = ["130.211.0.0/22", "35.191.0.0/16"] as const;

// ── Shared endpoints a staging release falls back to (issue #5) ───────────────────────────────
// Plain data; a stack may override any of them under `releng-envs:fallbacks` (stacks/schema/fallbacks.ts).

/** The endpoints a staging release needs, by name; the staging-release handoff lists each one. */
export const STAGING_RELEASE_ENDPOINTS = [
  "balrogAdminApi",
  "balrogPublic",
  "bouncerAdminApi",
  "bouncerRedirect",
  "shipitApi",
  "archivePrefix",
] as const;
export type StagingReleaseEndpoint = (typeof STAGING_RELEASE_ENDPOINTS)[number];

/**
 * The shared stage services, used for every service an environment does not check out.
 * - balrogAdminApi: balrogscript's API_ROOT for dev|fake-prod, with the `/api` prefix
 *   (mozilla-releng/scriptworker-scripts balrogscript/docker.d/init_worker.sh).
 * - balrogPublic: stage public app behind its CDN (mozilla-releng/balrog docs/source/infrastructure.rst).
 * - bouncerAdminApi: bouncerscript's staging api_root (scriptworker-scripts bouncerscript/docker.d/worker.yml).
 * - bouncerRedirect: the staging go-bouncer bouncerscript checks (bouncerscript/src/bouncerscript/constants.py GO_BOUNCER_URL_TMPL).
 * - shipitApi: shipitscript's API_ROOT_V2 for dev|fake-prod (shipitscript/docker.d/init_worker.sh).
 * - archivePrefix: beetmover's dep url_prefix (beetmoverscript/docker.d/worker.yml) plus the `pub/` layout.
 */
export const STAGE_ENDPOINTS: Readonly<Record<StagingReleaseEndpoint, string>> = {
  balrogAdminApi: "https://admin.stage.balrog.nonprod.webservices.mozgcp.net/api",
  balrogPublic: "https://aus5.allizom.org",
  bouncerAdminApi: "https://admin.dev.bouncer.nonprod.webservices.mozgcp.net/api",
  bouncerRedirect: "https://dev.bouncer.nonprod.webservices.mozgcp.net/",
  shipitApi: "https://api.shipit.staging.mozilla-releng.net",
  archivePrefix: "https://ftp.stage.mozaws.net/pub",
};

/**
 * go-bouncer's pinned base URLs when the environment has no archive of its own: the production CDN
 * (scheme excluded, as go-bouncer's flags require; mozilla-services/go-bouncer compose.yaml).
 */
export const BOUNCER_PRODUCTION_CDN = {
  http: "download.cdn.mozilla.net/pub",
  https: "download-installer.cdn.mozilla.net/pub",
} as const;
