// The staging-release handoff: every endpoint a staging release needs, from validated config alone
// (pure; no Pulumi). Each endpoint is the environment's own copy when its service is checked out,
// otherwise the configured fallback (the shared stage service unless the stack overrides it).
import { inClusterUrl, publicUrl, STAGING_RELEASE_ENDPOINTS, type InClusterService, type StagingReleaseEndpoint } from "../../../catalog/endpoints";
import { publishedServices } from "../../env/gatewayObjects";
import { TRY_PUSH, type EnvPoolScript } from "../../../catalog/envPools";
import { PROVISIONER } from "../../../catalog/pools";
import { envPoolClientId, envWorkerType } from "../../../domain/pools/envNames";
import { SERVICE_NAMES, type ServiceName } from "../../../catalog/services";
import type { EnvironmentPlacement } from "../../env/placement";
import type { ConfigMap } from "../../k8s/types";

export type EndpointSource = "own" | "fallback";

export interface HandoffEndpoint {
  /** HTTPS on the environment's public host for an own copy that is published; else in-cluster or the fallback. */
  url: string;
  source: EndpointSource;
  /** The library service the endpoint belongs to. */
  service: ServiceName;
  /** Own copies: the same endpoint inside the cluster (for the environment's own pools). */
  inCluster?: string;
}

export interface StagingRelease {
  environment: string;
  namespace: string;
  /** Per service: the environment's own copy, or the fallback. */
  services: Record<ServiceName, EndpointSource>;
  /** Base domain the own copies are published under (`<service>.<env>.<domain>`); absent: in-cluster only. */
  publicDomain?: string;
  endpoints: Record<StagingReleaseEndpoint, HandoffEndpoint>;
  /** Every published Service of the own copies by name (e.g. `archive-store`, the S3 API), HTTPS. */
  published: Record<string, string>;
  /** The environment's own dep pools (releng-envs:pools): worker type and Taskcluster client per script. */
  pools: Partial<Record<EnvPoolScript, { provisioner: string; workerType: string; taskclusterClientId: string }>>;
  /** What a Try push changes to run a staging release here (catalog/envPools.ts TRY_PUSH). */
  tryPush: { file: string; key: string; value: string }[];
}

/** Which service owns each endpoint, which in-cluster Service serves it, and the path a worker appends to. */
const OWN: Record<StagingReleaseEndpoint, { service: ServiceName; via: InClusterService; path: string }> = {
  // Balrog's admin app serves its API at the root (catalog/upstream/balrog.json); the /api in
  // balrogscript's stage/prod API_ROOT exists only behind CloudOps' nginx, which strips it.
  balrogAdminApi: { service: "balrog", via: "balrogAdmin", path: "" },
  balrogPublic: { service: "balrog", via: "balrogPublic", path: "" },
  // bouncer-admin serves its API under /api itself (nazgul/api.py Blueprint url_prefix; catalog/upstream/bouncer-admin.json).
  bouncerAdminApi: { service: "bouncer", via: "bouncerAdmin", path: "/api" },
  bouncerRedirect: { service: "bouncer", via: "bouncerRedirector", path: "/" },
  // shipitscript's API_ROOT_V2 is the admin API's root (shipitscript/docker.d/init_worker.sh).
  shipitApi: { service: "shipit", via: "shipitAdmin", path: "" },
  archivePrefix: { service: "archive", via: "archiveFront", path: "/pub" },
};

/** What the handoff is built from: the environment, what it checked out, its fallbacks and its own pools. */
export interface HandoffInput {
  placement: EnvironmentPlacement;
  /** The checked-out services: their endpoints are the environment's own copies. */
  services: readonly ServiceName[];
  /** Where each endpoint points when its service is not checked out (the shared stage services unless overridden). */
  fallbacks: Readonly<Record<StagingReleaseEndpoint, string>>;
  /** The environment's own dep pools. */
  pools: readonly EnvPoolScript[];
}

/**
 * The handoff. `publicDomain` is where the environment's gateway publishes its own copies: the
 * stack's `ingress.domain` (render/kubeconfig) or the platform stack's DNS zone (gke); without one
 * the own copies are reachable in the cluster only.
 */
export function stagingRelease(input: HandoffInput, publicDomain?: string): StagingRelease {
  const { namespace } = input.placement;
  const environment = input.placement.identity.name;
  const own = (s: ServiceName) => input.services.includes(s);
  const reach = (via: InClusterService) => (publicDomain ? publicUrl(via, environment, publicDomain) : inClusterUrl(namespace, via));
  const endpoints = Object.fromEntries(
    STAGING_RELEASE_ENDPOINTS.map((e) => {
      const { service, via, path } = OWN[e];
      const endpoint: HandoffEndpoint = own(service)
        ? { url: `${reach(via)}${path}`, source: "own", service, inCluster: `${inClusterUrl(namespace, via)}${path}` }
        : { url: input.fallbacks[e], source: "fallback", service };
      return [e, endpoint];
    }),
  ) as Record<StagingReleaseEndpoint, HandoffEndpoint>;
  const services = Object.fromEntries(SERVICE_NAMES.map((s) => [s, own(s) ? "own" : "fallback"])) as Record<ServiceName, EndpointSource>;
  const published = Object.fromEntries(publishedServices(SERVICE_NAMES.filter(own)).map((s) => [s, reach(s)]));
  const pools = Object.fromEntries(
    input.pools.map((script) => {
      const workerType = envWorkerType(script, environment);
      return [script, { provisioner: PROVISIONER, workerType, taskclusterClientId: envPoolClientId(script, workerType) }];
    }),
  );
  const tryPush = [
    ...input.pools.map((script) => ({ file: TRY_PUSH.workerAliasesFile, key: TRY_PUSH.workerAliasKey(script), value: envWorkerType(script, environment) })),
    ...TRY_PUSH.endpointOverrides.filter((o) => endpoints[o.endpoint].source === "own").map((o) => ({ file: o.file, key: o.key, value: endpoints[o.endpoint].url })),
  ];
  return { environment, namespace, services, ...(publicDomain ? { publicDomain } : {}), endpoints, published, pools, tryPush };
}

/** Name of the ConfigMap that holds the handoff inside the environment. */
export const STAGING_RELEASE_CONFIGMAP = "staging-release";

/**
 * The handoff as a ConfigMap in the environment's namespace: readable in the cluster
 * (`kubectl get configmap staging-release`), and a resource the policy pack judges, so a fallback
 * endpoint (which otherwise reaches only a stack output) is checked on what is deployed too.
 */
export function stagingReleaseConfigMapObject(handoff: StagingRelease, labels: Readonly<Record<string, string>>): ConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: STAGING_RELEASE_CONFIGMAP, namespace: handoff.namespace, labels: { ...labels } },
    data: { "staging-release.json": `${JSON.stringify(handoff, null, 2)}\n` },
  };
}
