// Where each library service answers inside an environment. Every Kubernetes Service of a library
// service listens on port 80 (targetPort is the container's own port), so an in-cluster URL depends
// only on the Service name and the namespace. Components, the staging-release handoff and tests
// all derive URLs from this table.

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
