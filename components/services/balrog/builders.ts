// Pure builders for an environment's Balrog copy: validated settings in, Kubernetes objects out.
// Secret values never pass through here: Secrets are returned without data and the component fills
// `stringData` with Pulumi secret Outputs; containers read them through secretKeyRef.
import { ENVIRONMENT_BUCKETS_CONFIGMAP, ENVIRONMENT_KSA, type EnvironmentBucket } from "../../../catalog/platform";
import { createHash } from "node:crypto";
import {
  BALROG_AGENT_ACCOUNT,
  BALROG_DATABASE,
  BALROG_LOCAL_HISTORY_BUCKETS,
  BALROG_PORTS,
  BALROG_PROVENANCE_CONFIGMAP,
  BALROG_STAGE_AUTH0,
  BALROG_STAGE_SUBMITTERS,
  BALROG_SUBMITTER_PERMISSIONS,
  BALROG_UIDS,
  PROD_DUMP_URL,
} from "../../../catalog/balrog";
import { inClusterUrl, IN_CLUSTER_SERVICES, SERVICE_PORT } from "../../../catalog/endpoints";
import { LABELS, PRIVATE_RANGES } from "../../../catalog/environment";
import type { EnvironmentStack } from "../../../stacks/load";
import type { KubernetesTarget } from "../../../stacks/schema/common";
import type { BalrogSeed, BalrogSettings } from "../../../stacks/schema/services/balrog";
import { proxyEnv } from "../../env/egressProxy";
import { envIdentity } from "../../env/builders";
import { envLabels, workloadLabels } from "../../env/labels";
import { replicasFor } from "../../env/replicas";
import { tlsForwarding } from "../../env/tlsForwarder";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../k8s/security";
import { configMapObject, databaseStatefulSet, deploymentObject, emptySecret, namedPortService, podSpec, secretEnv, type Volume, type WorkloadIdentity } from "../objects";
import type {
  ConfigMap,
  Container,
  Deployment,
  EnvVar,
  Job,
  NetworkPolicy,
  PersistentVolumeClaim,
  ResourceRequirements,
  Role,
  RoleBinding,
  Secret,
  Service,
  ServiceAccount,
  StatefulSet,
} from "../../k8s/types";
import { SEED_SCRIPT_KEY } from "./seedScript";
import { wsgiConfigData, WSGI_MOUNT } from "./wsgiEntry";

export const SERVICE = "balrog";

/** Object names inside the namespace; admin and public come from catalog/endpoints.ts. */
export const BALROG_NAMES = {
  admin: IN_CLUSTER_SERVICES.balrogAdmin,
  public: IN_CLUSTER_SERVICES.balrogPublic,
  agent: "balrog-agent",
  db: "balrog-db",
  dbData: "balrog-db-data",
  redis: "balrog-redis",
  seed: "balrog-seed",
  seedScript: "balrog-seed-script",
  provenance: BALROG_PROVENANCE_CONFIGMAP,
  dbSecret: "balrog-db",
  appSecret: "balrog-app",
  agentSecret: "balrog-agent",
  /** The project's WSGI entry and the environment's download hosts (wsgiEntry.ts). */
  wsgi: "balrog-wsgi",
} as const;

/** Keys of the Secrets the component fills. */
export const SECRET_KEYS = {
  db: { rootPassword: "MYSQL_ROOT_PASSWORD", appPassword: "MYSQL_PASSWORD", dbUri: "DBURI" },
  app: { secretKey: "SECRET_KEY" },
  agent: { clientId: "AUTH0_M2M_CLIENT_ID", clientSecret: "AUTH0_M2M_CLIENT_SECRET" },
} as const;

export interface BalrogBuildArgs {
  namespace: string;
  /** envLabels() of the environment; every object carries them. */
  labels: Record<string, string>;
  settings: BalrogSettings;
  holder: string;
  target: KubernetesTarget;
  /** From replicasFor(): 0 when the environment is asleep. */
  replicas: number;
  asleep: boolean;
  /** Text of seed/balrog-seed.sh (read by the component; passed in to keep this pure). */
  seedScript: string;
}

/** The arguments of an environment's Balrog, from its validated stack config (the component's and the tests' one source). */
export function balrogBuildArgs(config: EnvironmentStack, namespace: string, seedScript: string): BalrogBuildArgs {
  const settings = config.services.balrog;
  if (!settings) throw new Error("Balrog needs services.balrog in the stack config");
  return {
    namespace,
    labels: envLabels(envIdentity(config)),
    settings,
    holder: config.holder,
    target: config.kubernetes,
    replicas: replicasFor(config),
    asleep: config.asleep,
    seedScript,
  };
}

// ------------------------------------------------------------------------------------------------
// Derived values

export function dbHost(namespace: string): string {
  return `${BALROG_NAMES.db}.${namespace}.svc.cluster.local`;
}

/** SQLAlchemy URL the apps use (uwsgi/*.wsgi: dbo.setDb(os.environ["DBURI"])); password must be URL-safe. */
export function dbUri(namespace: string, password: string): string {
  return `mysql://${BALROG_DATABASE.user}:${password}@${dbHost(namespace)}:${BALROG_PORTS.mysql}/${BALROG_DATABASE.name}`;
}

/**
 * Admin API root as the agent and balrogscript use it (they append `/scheduled_changes/...`,
 * `/v2/releases/...`): the admin app serves its API at the root (catalog/upstream/balrog.json
 * routes); `/api` exists only behind CloudOps' nginx, which strips it (balrog scripts/nginx.conf).
 */
export function adminApiRoot(namespace: string): string {
  return inClusterUrl(namespace, "balrogAdmin");
}

export function publicUrl(namespace: string): string {
  return inClusterUrl(namespace, "balrogPublic");
}

/** The dump URL the seed downloads, or undefined for an empty seed. */
export function dumpUrl(seed: BalrogSeed): string | undefined {
  switch (seed.source) {
    case "prod-dump":
      return PROD_DUMP_URL;
    case "url":
      return seed.url;
    case "empty":
      return undefined;
  }
}

/**
 * HTTPS hosts a copy needs out of the cluster: the stage Auth0 domain (admin checks tokens against
 * its keys, the agent obtains M2M tokens there) and the dump's host (none for an empty seed).
 */
export function balrogEgressHosts(settings: BalrogSettings): string[] {
  const url = dumpUrl(settings.seed);
  return [BALROG_STAGE_AUTH0.domain, ...(url ? [new URL(url).hostname.toLowerCase()] : [])];
}

/**
 * History buckets by Kubernetes target. Outside GKE: Balrog's local mode (LOCALDEV=1 and no
 * GOOGLE_APPLICATION_CREDENTIALS: uwsgi/admin.wsgi then skips the startup write to both buckets).
 * On `gke`: the environment's own buckets (named in the ConfigMap the platform's EnvironmentCloud
 * writes), written with default credentials, i.e. the environment's GCP account through Workload
 * Identity (adminGcpAccess below).
 */
export function historyBucketEnv(target: KubernetesTarget): EnvVar[] {
  switch (target.target) {
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
  return args.target.target === "gke" ? { labels: { [LABELS.gcpAccess]: "true" }, pod: { serviceAccountName: ENVIRONMENT_KSA } } : { labels: {}, pod: {} };
}

/** Seed identity: a change of source, URL, generation, app image or script makes a new Job. */
export function seedJobName(args: Pick<BalrogBuildArgs, "settings" | "seedScript">): string {
  const { seed, images } = args.settings;
  const hash = createHash("sha256")
    .update(JSON.stringify([seed.source, dumpUrl(seed) ?? "", seed.generation, images.app, args.seedScript]))
    .digest("hex")
    .slice(0, 8);
  return `${BALROG_NAMES.seed}-g${seed.generation}-${hash}`;
}

function resources(
  requested: { cpu?: string; memory?: string },
  defaults: { cpu: string; memory: string; limitCpu: string; limitMemory: string },
): ResourceRequirements {
  const cpu = requested.cpu ?? defaults.cpu;
  const memory = requested.memory ?? defaults.memory;
  // A configured size sets request and limit alike; defaults leave burst room for a test copy.
  return {
    requests: { cpu, memory },
    limits: { cpu: requested.cpu ?? defaults.limitCpu, memory: requested.memory ?? defaults.limitMemory },
  };
}

const SIZES = {
  database: { cpu: "250m", memory: "1Gi", limitCpu: "1", limitMemory: "2Gi" },
  admin: { cpu: "100m", memory: "256Mi", limitCpu: "1", limitMemory: "1Gi" },
  public: { cpu: "100m", memory: "256Mi", limitCpu: "1", limitMemory: "1Gi" },
  agent: { cpu: "50m", memory: "128Mi", limitCpu: "500m", limitMemory: "256Mi" },
  seed: { cpu: "250m", memory: "512Mi", limitCpu: "1", limitMemory: "1Gi" },
  small: { cpu: "20m", memory: "32Mi", limitCpu: "200m", limitMemory: "64Mi" },
  redis: { cpu: "50m", memory: "64Mi", limitCpu: "500m", limitMemory: "256Mi" },
} as const;

function labelsFor(args: BalrogBuildArgs, component: string): Record<string, string> {
  return { ...args.labels, [LABELS.service]: SERVICE, ...workloadLabels(SERVICE, component) };
}

function meta(args: BalrogBuildArgs, name: string, component: string, annotations?: Record<string, string>) {
  return { name, namespace: args.namespace, labels: labelsFor(args, component), ...(annotations ? { annotations } : {}) };
}

function identity(args: BalrogBuildArgs, component: string): WorkloadIdentity {
  return { namespace: args.namespace, labels: labelsFor(args, component), selector: workloadLabels(SERVICE, component) };
}

const TMP_VOLUME: Volume = { name: "tmp", emptyDir: {} };
const SCRIPT_VOLUME: Volume = { name: "seed-script", configMap: { name: BALROG_NAMES.seedScript, defaultMode: 0o555 } };

// ------------------------------------------------------------------------------------------------
// Config and Secrets

export function seedScriptConfigMap(args: BalrogBuildArgs): ConfigMap {
  return configMapObject(identity(args, "seed"), BALROG_NAMES.seedScript, { [SEED_SCRIPT_KEY]: args.seedScript });
}

/** Created empty-ish; the seed job patches `data` (the component ignores later changes to it). */
export function provenanceConfigMap(args: BalrogBuildArgs): ConfigMap {
  return configMapObject(identity(args, "seed"), BALROG_NAMES.provenance, {
    status: "pending: the seed job has not reported yet",
    source: args.settings.seed.source,
    url: dumpUrl(args.settings.seed) ?? "none",
  });
}

export function secretObjects(args: BalrogBuildArgs): { db: Secret; app: Secret; agent: Secret } {
  return {
    db: emptySecret(identity(args, "db"), BALROG_NAMES.dbSecret),
    app: emptySecret(identity(args, "admin"), BALROG_NAMES.appSecret),
    agent: emptySecret(identity(args, "agent"), BALROG_NAMES.agentSecret),
  };
}

// ------------------------------------------------------------------------------------------------
// MySQL

export function databaseObjects(args: BalrogBuildArgs): { pvc: PersistentVolumeClaim; statefulSet: StatefulSet; service: Service } {
  const { statefulSet, claim } = databaseStatefulSet({
    id: identity(args, "db"),
    name: BALROG_NAMES.db,
    replicas: args.replicas,
    pod: { uid: BALROG_UIDS.mysql, terminationGracePeriodSeconds: 60 },
    container: {
      name: "mysql",
      image: args.settings.images.mysql,
      // The official image creates MYSQL_DATABASE and MYSQL_USER (with all privileges on it) on first start.
      env: [
        secretEnv("MYSQL_ROOT_PASSWORD", BALROG_NAMES.dbSecret, SECRET_KEYS.db.rootPassword),
        { name: "MYSQL_DATABASE", value: BALROG_DATABASE.name },
        { name: "MYSQL_USER", value: BALROG_DATABASE.user },
        secretEnv("MYSQL_PASSWORD", BALROG_NAMES.dbSecret, SECRET_KEYS.db.appPassword),
      ],
      ports: [{ name: "mysql", containerPort: BALROG_PORTS.mysql }],
      // The entrypoint's first-start init runs a server without networking, so TCP answers only when
      // the real server (users and database created) is up.
      readinessProbe: { tcpSocket: { port: BALROG_PORTS.mysql }, periodSeconds: 10, failureThreshold: 3 },
      livenessProbe: { tcpSocket: { port: BALROG_PORTS.mysql }, initialDelaySeconds: 120, periodSeconds: 20, failureThreshold: 6 },
      resources: resources(args.settings.sizes.database, SIZES.database),
      // Not read-only: the official entrypoint writes outside the data directory on first start.
      securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: false }),
    },
    // The claim is declared on its own (not a volumeClaimTemplate) so returning the environment deletes it.
    data: { mount: { mountPath: "/var/lib/mysql" }, storage: args.settings.sizes.databaseStorage, claimName: BALROG_NAMES.dbData },
    runPath: "/var/run/mysqld",
  });
  return { pvc: claim!, statefulSet, service: namedPortService(identity(args, "db"), BALROG_NAMES.db, "mysql", BALROG_PORTS.mysql, BALROG_PORTS.mysql) };
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
        resources: resources({}, SIZES.redis),
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
// Seeding

function seedEnv(args: BalrogBuildArgs): EnvVar[] {
  const { seed, signoff } = args.settings;
  return [
    { name: "SEED_SOURCE", value: seed.source },
    { name: "DUMP_URL", value: dumpUrl(seed) ?? "" },
    { name: "SEED_GENERATION", value: String(seed.generation) },
    { name: "DB_HOST", value: dbHost(args.namespace) },
    { name: "DB_PORT", value: String(BALROG_PORTS.mysql) },
    { name: "DB_NAME", value: BALROG_DATABASE.name },
    { name: "SCRATCH_DB", value: BALROG_DATABASE.scratch },
    { name: "PREVIOUS_DB", value: BALROG_DATABASE.previous },
    { name: "HOLDER", value: args.holder },
    { name: "AGENT_ACCOUNT", value: BALROG_AGENT_ACCOUNT },
    { name: "SUBMITTERS", value: BALROG_STAGE_SUBMITTERS.map((s) => `${s.account}:${s.products.join(",")}`).join("\n") },
    { name: "SUBMITTER_PERMISSIONS", value: BALROG_SUBMITTER_PERMISSIONS.map((p) => `${p.permission}:${p.actions.join(",")}`).join("\n") },
    { name: "SIGNOFF_PRODUCT", value: signoff.product },
    { name: "SIGNOFF_CHANNEL", value: signoff.channel },
    { name: "SIGNOFF_ROLE", value: signoff.role },
    // mozilla-releng/balrog scripts/run.sh: `upgrade-db` / `create-db` run scripts/manage-db.py on $DBURI.
    { name: "SCHEMA_UPGRADE_CMD", value: "cd /app && /app/scripts/run.sh upgrade-db" },
    { name: "SCHEMA_CREATE_CMD", value: "cd /app && /app/scripts/run.sh create-db" },
    { name: "WORK_DIR", value: "/work" },
    { name: "PROVENANCE_CONFIGMAP", value: BALROG_NAMES.provenance },
    { name: "NAMESPACE", value: args.namespace },
  ];
}

/** Init container of admin and public: block until the database holds the configured seed. */
function waitForSeedContainer(args: BalrogBuildArgs): Container {
  return {
    name: "wait-for-seed",
    image: args.settings.images.app,
    command: ["bash", `/seed/${SEED_SCRIPT_KEY}`, "wait"],
    env: [
      { name: "SEED_GENERATION", value: String(args.settings.seed.generation) },
      { name: "DB_HOST", value: dbHost(args.namespace) },
      { name: "DB_PORT", value: String(BALROG_PORTS.mysql) },
      { name: "DB_NAME", value: BALROG_DATABASE.name },
      { name: "DB_USER", value: BALROG_DATABASE.user },
      secretEnv("DB_PASSWORD", BALROG_NAMES.dbSecret, SECRET_KEYS.db.appPassword),
      { name: "WORK_DIR", value: "/tmp" },
    ],
    resources: resources({}, SIZES.small),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [
      { name: "seed-script", mountPath: "/seed", readOnly: true },
      { name: "tmp", mountPath: "/tmp" },
    ],
  };
}

export function seedObjects(args: BalrogBuildArgs): {
  serviceAccount: ServiceAccount;
  role: Role;
  roleBinding: RoleBinding;
  apiServerPolicy: NetworkPolicy;
  job: Job;
} {
  const roleName = `${BALROG_NAMES.seed}-provenance-writer`;
  const seedRole = { [LABELS.role]: BALROG_NAMES.seed };
  const job: Job = {
    apiVersion: "batch/v1",
    kind: "Job",
    // The app gates itself on the seed (init container), so `pulumi up` need not wait for an import
    // of production size; `kubectl logs job/<name>` shows progress.
    metadata: meta(args, seedJobName(args), "seed", { "pulumi.com/skipAwait": "true" }),
    spec: {
      // Asleep: the Job is suspended (no pod); waking resumes it. The script is idempotent.
      suspend: args.asleep,
      backoffLimit: 3,
      template: {
        metadata: { labels: { ...labelsFor(args, "seed"), ...seedRole } },
        spec: {
          restartPolicy: "Never",
          serviceAccountName: BALROG_NAMES.seed,
          // The token is what lets the script patch the provenance ConfigMap (Role below).
          automountServiceAccountToken: true,
          securityContext: restrictedPodSecurityContext(BALROG_UIDS.app),
          containers: [
            {
              name: "seed",
              image: args.settings.images.app,
              command: ["bash", `/seed/${SEED_SCRIPT_KEY}`, "seed"],
              env: [
                ...seedEnv(args),
                { name: "DB_USER", value: "root" },
                secretEnv("DB_PASSWORD", BALROG_NAMES.dbSecret, SECRET_KEYS.db.rootPassword),
                ...proxyEnv(args.namespace),
              ],
              resources: resources({}, SIZES.seed),
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [
                { name: "seed-script", mountPath: "/seed", readOnly: true },
                { name: "work", mountPath: "/work" },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [SCRIPT_VOLUME, { name: "work", emptyDir: { sizeLimit: args.settings.sizes.seedScratch } }, TMP_VOLUME],
        },
      },
    },
  };
  return {
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(args, BALROG_NAMES.seed, "seed"), automountServiceAccountToken: false },
    // Least privilege: read and patch the one provenance ConfigMap; nothing else in the namespace.
    role: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(args, roleName, "seed"),
      rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: [BALROG_NAMES.provenance], verbs: ["get", "patch"] }],
    },
    roleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(args, roleName, "seed"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: roleName },
      subjects: [{ kind: "ServiceAccount", name: BALROG_NAMES.seed, namespace: args.namespace }],
    },
    // default-deny-all blocks the API server too; the seed pod alone may reach cluster-internal
    // addresses on the API server's ports. Its internet traffic still goes through the egress proxy.
    apiServerPolicy: {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(args, `${BALROG_NAMES.seed}-to-apiserver`, "seed"),
      spec: {
        podSelector: { matchLabels: seedRole },
        policyTypes: ["Egress"],
        egress: [
          {
            to: PRIVATE_RANGES.filter((r) => r !== "169.254.0.0/16").map((cidr) => ({ ipBlock: { cidr } })),
            ports: [
              { protocol: "TCP", port: 443 },
              { protocol: "TCP", port: 6443 },
            ],
          },
        ],
      },
    },
    job,
  };
}

// ------------------------------------------------------------------------------------------------
// Admin, public, agent

/**
 * Host the admin app writes history to on the gke target. Its start-up write goes through gcloud-aio
 * (aiohttp without trust_env: HTTPS_PROXY is ignored), so the host is forwarded like the agent's Auth0
 * (components/env/tlsForwarder.ts); elsewhere admin runs in local mode and writes nothing.
 */
export const GCS_HOST = "storage.googleapis.com";

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
      resources: resources({}, SIZES.small),
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
  const forward = component === "admin" && args.target.target === "gke" ? tlsForwarding(args.namespace, [GCS_HOST], BALROG_UIDS.app) : undefined;
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
      ...historyBucketEnv(args.target),
      { name: "AUTH0_DOMAIN", value: BALROG_STAGE_AUTH0.domain },
      { name: "AUTH0_AUDIENCE", value: BALROG_STAGE_AUTH0.audience },
      // Served over plain HTTP inside the cluster, so the session cookie cannot be Secure.
      { name: "INSECURE_SESSION_COOKIE", value: "1" },
      // Token checks fetch the Auth0 domain's keys over HTTPS, through the egress proxy.
      ...proxyEnv(args.namespace),
    ],
    ports: [{ name: "http", containerPort: port }],
    ...probes(port),
    resources: resources(args.settings.sizes.admin, SIZES.admin),
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
    resources: resources(args.settings.sizes.public, SIZES.public),
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
        resources: resources({}, SIZES.small),
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
        resources: resources(args.settings.sizes.agent, SIZES.agent),
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

/** Every object of a Balrog copy, grouped by what the component needs to order them. */
export function balrogObjects(args: BalrogBuildArgs) {
  return {
    seedScript: seedScriptConfigMap(args),
    provenance: provenanceConfigMap(args),
    secrets: secretObjects(args),
    database: databaseObjects(args),
    redis: redisObjects(args),
    seed: seedObjects(args),
    admin: adminDeployment(args),
    public: publicDeployment(args),
    agent: agentDeployment(args),
    services: appServices(args),
    wsgi: wsgiConfigMap(args),
  };
}
