// Balrog's apps: admin (the API balrogscript and the agent write to), public (what update clients
// read) with its optional Redis cache, the agent (enacts scheduled changes), their Services, the
// project's WSGI entry, and the TLS forwarding of hosts their HTTP clients reach without the proxy. Pure.
import { GCS_API_HOST } from "../../../catalog/mozilla";
import { BALROG_LOCAL_HISTORY_BUCKETS, BALROG_PORTS, BALROG_RESOURCES, BALROG_STAGE_AUTH0, BALROG_UIDS } from "../../../catalog/balrog";
import { inClusterUrl, SERVICE_PORT } from "../../../catalog/endpoints";
import { LABELS } from "../../../catalog/environment";
import { ENVIRONMENT_BUCKETS_CONFIGMAP, ENVIRONMENT_KSA, type EnvironmentBucket } from "../../../catalog/platform";
import type { ClusterKind } from "../../env/placement";
import { proxyEnv } from "../../env/egressProxy";
import { tlsForwarding } from "../../env/tlsForwarder";
import { restrictedContainerSecurityContext } from "../../k8s/security";
import type { ConfigMap, Container, Deployment, EnvVar, Service } from "../../k8s/types";
import { configMapObject, deploymentObject, namedPortService, podSpec, secretEnv, type Volume } from "../objects";
import { adminApiRoot, BALROG_NAMES, identity, resources, SCRIPT_VOLUME, SECRET_KEYS, TMP_VOLUME, type BalrogBuildArgs } from "./common";
import { waitForSeedContainer } from "./seed";
import { wsgiConfigData, WSGI_MOUNT } from "./wsgiEntry";

/**
 * History buckets by Kubernetes target. Outside GKE: Balrog's local mode (LOCALDEV=1 and no
 * GOOGLE_APPLICATION_CREDENTIALS: uwsgi/admin.wsgi then skips the startup write to both buckets).
 * On `gke`: the environment's own buckets (named in the ConfigMap the platform's EnvironmentCloud
 * writes), written with default credentials, i.e. the environment's GCP account through Workload
 * Identity (adminGcpAccess below).
 */
export function historyBucketEnv(cluster: ClusterKind): EnvVar[] {
  switch (cluster) {
    case "render":
    case "kubeconfig":
      return [
        { name: "LOCALDEV", value: "1" },
        { name: "RELEASES_HISTORY_BUCKET", value: BALROG_LOCAL_HISTORY_BUCKETS.releases },
        { name: "NIGHTLY_HISTORY_BUCKET", value: BALROG_LOCAL_HISTORY_BUCKETS.nightly },
      ];
    case "gke": {
      const fromBuckets = (name: string, key: EnvironmentBucket): EnvVar => ({ name, valueFrom: { configMapKeyRef: { name: ENVIRONMENT_BUCKETS_CONFIGMAP, key } } });
      return [fromBuckets("RELEASES_HISTORY_BUCKET", "releasesHistory"), fromBuckets("NIGHTLY_HISTORY_BUCKET", "nightlyHistory")];
    }
  }
}

/** On gke the admin pod runs as the environment's GCP account (its Kubernetes ServiceAccount) and may reach the metadata server. */
function adminGcpAccess(args: BalrogBuildArgs): { labels: Record<string, string>; pod: { serviceAccountName?: string } } {
  return args.cluster === "gke" ? { labels: { [LABELS.gcpAccess]: "true" }, pod: { serviceAccountName: ENVIRONMENT_KSA } } : { labels: {}, pod: {} };
}

// ------------------------------------------------------------------------------------------------
// Redis (optional cache of the public app)

export function redisObjects(args: BalrogBuildArgs): { deployment: Deployment; service: Service } | undefined {
  if (!args.settings.redisCache) return undefined;
  const pod = podSpec({
    uid: BALROG_UIDS.redis,
    containers: [
      {
        name: "redis",
        image: args.settings.images.redis,
        // A cache: no persistence, bounded memory.
        args: ["--save", "", "--appendonly", "no", "--maxmemory", "128mb", "--maxmemory-policy", "allkeys-lru"],
        ports: [{ name: "redis", containerPort: BALROG_PORTS.redis }],
        readinessProbe: { tcpSocket: { port: BALROG_PORTS.redis }, periodSeconds: 10 },
        livenessProbe: { tcpSocket: { port: BALROG_PORTS.redis }, periodSeconds: 20 },
        resources: BALROG_RESOURCES.redis,
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [{ name: "data", mountPath: "/data" }],
      },
    ],
    volumes: [{ name: "data", emptyDir: {} }],
  });
  return {
    deployment: deploymentObject(identity(args, "redis"), BALROG_NAMES.redis, args.replicas, pod),
    service: namedPortService(identity(args, "redis"), BALROG_NAMES.redis, "redis", BALROG_PORTS.redis, BALROG_PORTS.redis),
  };
}

// ------------------------------------------------------------------------------------------------
// Admin, public, agent

/**
 * The ConfigMap holding the project's WSGI entry and the environment's download hosts. The builder
 * leaves the hosts empty; the component fills them in once the environment's public domain is known.
 */
export function wsgiConfigMap(args: BalrogBuildArgs, downloadDomains: Record<string, string> = {}): ConfigMap {
  return configMapObject(identity(args, "wsgi"), BALROG_NAMES.wsgi, wsgiConfigData(downloadDomains));
}

const WSGI_VOLUMES: Volume[] = [
  { name: "wsgi", configMap: { name: BALROG_NAMES.wsgi } },
  { name: "stock-wsgi", emptyDir: {} },
];

/**
 * Balrog's allow-list extension (wsgiEntry.ts): an init container copies the image's own uwsgi file
 * aside, the project's entry is mounted over it (so uwsgi's ini and the image's entrypoint stay
 * unchanged) and runs it, then adds the environment's hosts.
 */
function wsgiEntry(args: BalrogBuildArgs, component: "admin" | "public"): { init: Container; env: EnvVar[]; mounts: NonNullable<Container["volumeMounts"]> } {
  const image = WSGI_MOUNT.imageWsgi(component);
  return {
    init: {
      name: "copy-stock-wsgi",
      image: args.settings.images.app,
      command: ["cp", image, `${WSGI_MOUNT.stockDir}/`],
      resources: BALROG_RESOURCES.small,
      securityContext: restrictedContainerSecurityContext(),
      volumeMounts: [{ name: "stock-wsgi", mountPath: WSGI_MOUNT.stockDir }],
    },
    env: [
      { name: "RELENG_ENVS_STOCK_WSGI", value: `${WSGI_MOUNT.stockDir}/${component}.wsgi` },
      { name: "RELENG_ENVS_DOWNLOAD_DOMAINS_FILE", value: `${WSGI_MOUNT.configDir}/${WSGI_MOUNT.domainsKey}` },
    ],
    mounts: [
      { name: "wsgi", mountPath: image, subPath: WSGI_MOUNT.entryKey, readOnly: true },
      { name: "wsgi", mountPath: WSGI_MOUNT.configDir, readOnly: true },
      { name: "stock-wsgi", mountPath: WSGI_MOUNT.stockDir, readOnly: true },
    ],
  };
}

function appPod(args: BalrogBuildArgs, component: "admin" | "public", container: Container): Deployment {
  const gcp = component === "admin" ? adminGcpAccess(args) : { labels: {}, pod: {} };
  // On gke admin's start-up writes history through gcloud-aio (aiohttp without trust_env: HTTPS_PROXY
  // is ignored), so the GCS host is forwarded like the agent's Auth0; elsewhere admin writes nothing.
  const forward = component === "admin" && args.cluster === "gke" ? tlsForwarding(args.namespace, [GCS_API_HOST], BALROG_UIDS.app) : undefined;
  const entry = wsgiEntry(args, component);
  const app: Container = { ...container, env: [...(container.env ?? []), ...entry.env], volumeMounts: [...(container.volumeMounts ?? []), ...entry.mounts] };
  const pod = podSpec({
    ...gcp.pod,
    uid: BALROG_UIDS.app,
    initContainers: [waitForSeedContainer(args), entry.init],
    containers: [app, ...(forward?.containers ?? [])],
    volumes: [SCRIPT_VOLUME, TMP_VOLUME, ...WSGI_VOLUMES],
  });
  return deploymentObject(
    identity(args, component),
    BALROG_NAMES[component],
    args.replicas,
    forward ? { ...pod, hostAliases: forward.hostAliases, securityContext: { ...pod.securityContext, sysctls: forward.sysctls } } : pod,
    { labels: gcp.labels },
  );
}

/** Dockerflow endpoints (src/auslib/dockerflow.py): lbheartbeat has no dependencies, heartbeat touches the DB. */
function probes(port: number): Pick<Container, "livenessProbe" | "readinessProbe" | "startupProbe"> {
  return {
    startupProbe: { httpGet: { path: "/__lbheartbeat__", port }, periodSeconds: 5, failureThreshold: 60 },
    livenessProbe: { httpGet: { path: "/__lbheartbeat__", port }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: "/__heartbeat__", port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
  };
}

export function adminDeployment(args: BalrogBuildArgs): Deployment {
  const port = BALROG_PORTS.admin;
  return appPod(args, "admin", {
    name: "admin",
    image: args.settings.images.app,
    args: ["admin"], // ENTRYPOINT scripts/run.sh <mode> (mozilla-releng/balrog Dockerfile)
    env: [
      secretEnv("DBURI", BALROG_NAMES.dbSecret, SECRET_KEYS.db.dbUri),
      secretEnv("SECRET_KEY", BALROG_NAMES.appSecret, SECRET_KEYS.app.secretKey),
      { name: "PORT", value: String(port) },
      // Stage behaviour: stage submitter accounts and stage download domains (uwsgi/admin.wsgi).
      { name: "STAGING", value: "1" },
      ...historyBucketEnv(args.cluster),
      { name: "AUTH0_DOMAIN", value: BALROG_STAGE_AUTH0.domain },
      { name: "AUTH0_AUDIENCE", value: BALROG_STAGE_AUTH0.audience },
      // Without the gateway's HTTPS the admin is plain HTTP inside the cluster, where a Secure session
      // cookie would never be sent back; published, the cookie stays Secure as upstream defaults.
      ...(args.published ? [] : [{ name: "INSECURE_SESSION_COOKIE", value: "1" }]),
      // Token checks fetch the Auth0 domain's keys over HTTPS, through the egress proxy.
      ...proxyEnv(args.namespace),
    ],
    ports: [{ name: "http", containerPort: port }],
    ...probes(port),
    resources: resources(args.settings.sizes.admin, BALROG_RESOURCES.admin),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  });
}

export function publicDeployment(args: BalrogBuildArgs): Deployment {
  const port = BALROG_PORTS.public;
  const redis: EnvVar[] = args.settings.redisCache
    ? [
        { name: "REDIS_CACHE", value: "1" },
        { name: "REDIS_URL", value: `redis://${BALROG_NAMES.redis}.${args.namespace}.svc.cluster.local:${BALROG_PORTS.redis}/0` },
      ]
    : [];
  return appPod(args, "public", {
    name: "public",
    image: args.settings.images.app,
    args: ["public"],
    env: [secretEnv("DBURI", BALROG_NAMES.dbSecret, SECRET_KEYS.db.dbUri), { name: "PORT", value: String(port) }, { name: "STAGING", value: "1" }, ...redis],
    ports: [{ name: "http", containerPort: port }],
    ...probes(port),
    resources: resources(args.settings.sizes.public, BALROG_RESOURCES.public),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  });
}

/**
 * The agent's aiohttp session ignores HTTPS_PROXY (no trust_env), so its one outside host, the Auth0
 * domain, is forwarded through the egress proxy by a sidecar (components/env/tlsForwarder.ts).
 */
export function agentDeployment(args: BalrogBuildArgs): Deployment {
  const heartbeat = `${inClusterUrl(args.namespace, "balrogAdmin")}/__heartbeat__`;
  const auth0 = tlsForwarding(args.namespace, [BALROG_STAGE_AUTH0.domain], BALROG_UIDS.app);
  const pod = podSpec({
    uid: BALROG_UIDS.app,
    // The agent talks only to the admin API: wait until admin answers its DB heartbeat
    // (which itself waits for the seed) instead of crash-looping on connection errors.
    initContainers: [
      {
        name: "wait-for-admin",
        image: args.settings.images.app,
        command: ["bash", "-c", `until curl -fsS --max-time 5 --noproxy '*' ${heartbeat} >/dev/null; do echo "waiting for ${heartbeat}"; sleep 5; done`],
        resources: BALROG_RESOURCES.small,
        securityContext: restrictedContainerSecurityContext(),
      },
    ],
    containers: [
      {
        name: "agent",
        image: args.settings.images.agent,
        // agent/src/balrogagent/cmd.py main(): these six are read with os.environ[...].
        env: [
          { name: "BALROG_API_ROOT", value: adminApiRoot(args.namespace) },
          // Only used for telemetry-uptake scheduled changes, which a copy has no data for;
          // mozilla-releng/balrog docker-compose.yml sets a placeholder the same way.
          { name: "TELEMETRY_API_ROOT", value: "unused-in-an-environment-copy" },
          { name: "AUTH0_DOMAIN", value: BALROG_STAGE_AUTH0.domain },
          { name: "AUTH0_AUDIENCE", value: BALROG_STAGE_AUTH0.audience },
          secretEnv("AUTH0_M2M_CLIENT_ID", BALROG_NAMES.agentSecret, SECRET_KEYS.agent.clientId),
          secretEnv("AUTH0_M2M_CLIENT_SECRET", BALROG_NAMES.agentSecret, SECRET_KEYS.agent.clientSecret),
        ],
        resources: resources(args.settings.sizes.agent, BALROG_RESOURCES.agent),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      },
      ...auth0.containers,
    ],
    volumes: [TMP_VOLUME],
  });
  return deploymentObject(identity(args, "agent"), BALROG_NAMES.agent, args.replicas, {
    ...pod,
    hostAliases: auth0.hostAliases,
    securityContext: { ...pod.securityContext, sysctls: auth0.sysctls },
  });
}

export function appServices(args: BalrogBuildArgs): { admin: Service; public: Service } {
  const http = (component: "admin" | "public", targetPort: number) => namedPortService(identity(args, component), BALROG_NAMES[component], "http", SERVICE_PORT, targetPort);
  return { admin: http("admin", BALROG_PORTS.admin), public: http("public", BALROG_PORTS.public) };
}
