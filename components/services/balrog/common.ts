// What every part of a Balrog copy shares: object names, Secret keys and the empty Secrets, the build
// arguments, derived URLs, sizing and metadata helpers. Pure; database.ts, seed.ts and app.ts build on it.
// Secret values never pass through the builders: Secrets are returned without data and the component
// fills `stringData` with Pulumi secret Outputs; containers read them through secretKeyRef.
import { BALROG_DATABASE, BALROG_PORTS, BALROG_PROVENANCE_CONFIGMAP, BALROG_STAGE_AUTH0, PROD_DUMP_URL } from "../../../catalog/balrog";
import { inClusterUrl, IN_CLUSTER_SERVICES } from "../../../catalog/endpoints";
import { LABELS } from "../../../catalog/environment";
import { workloadLabels } from "../../env/labels";
import type { ClusterKind, EnvironmentPlacement } from "../../env/placement";
import { replicasFor } from "../../env/replicas";
import type { ResourceRequirements, Secret } from "../../k8s/types";
import { emptySecret, type Volume, type WorkloadIdentity } from "../objects";

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

/** Where a Balrog copy seeds its database from; `generation` re-runs the seed when raised. */
export type BalrogSeed =
  | { source: "prod-dump"; generation: number }
  | { source: "url"; url: string; generation: number }
  | { source: "empty"; generation: number };

/** A container's size from the stack config; unset parts take the catalogue's default (BALROG_RESOURCES). */
export interface ContainerSize {
  cpu?: string;
  memory?: string;
}

/** A Balrog copy's settings. */
export interface BalrogCopy {
  images: { app: string; agent: string; mysql: string; redis: string };
  /** The public app caches responses in Redis instead of process memory. */
  redisCache: boolean;
  seed: BalrogSeed;
  /** Product and channel whose rule changes need a signoff (the holder holds the role). */
  signoff: { product: string; channel: string; role: string };
  sizes: { databaseStorage: string; seedScratch: string; database: ContainerSize; admin: ContainerSize; public: ContainerSize; agent: ContainerSize };
}

export interface BalrogBuildArgs {
  namespace: string;
  /** The environment's labels; every object carries them. */
  labels: Readonly<Record<string, string>>;
  settings: BalrogCopy;
  holder: string;
  cluster: ClusterKind;
  /** From replicasFor(): 0 when the environment is asleep. */
  replicas: number;
  asleep: boolean;
  /** Text of seed/balrog-seed.sh (read by the component; passed in to keep this pure). */
  seedScript: string;
  /** Served over HTTPS through the environment's gateway. */
  published: boolean;
}

/** The arguments of an environment's Balrog (the component's and the tests' one source). */
export function balrogBuildArgs(placement: EnvironmentPlacement, settings: BalrogCopy, seedScript: string): BalrogBuildArgs {
  return {
    namespace: placement.namespace,
    labels: placement.labels,
    settings,
    holder: placement.identity.holder,
    cluster: placement.cluster,
    replicas: replicasFor(placement),
    asleep: placement.asleep,
    seedScript,
    published: placement.published,
  };
}

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
export function balrogEgressHosts(settings: Pick<BalrogCopy, "seed">): string[] {
  const url = dumpUrl(settings.seed);
  return [BALROG_STAGE_AUTH0.domain, ...(url ? [new URL(url).hostname.toLowerCase()] : [])];
}

/**
 * A container's requests and limits: the catalogue's default (catalog/balrog.ts BALROG_RESOURCES)
 * unless the stack config sizes it. A configured size sets request and limit alike; defaults leave
 * burst room for a test copy.
 */
export function resources(configured: { cpu?: string; memory?: string }, defaults: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } }): ResourceRequirements {
  return {
    requests: { cpu: configured.cpu ?? defaults.requests.cpu, memory: configured.memory ?? defaults.requests.memory },
    limits: { cpu: configured.cpu ?? defaults.limits.cpu, memory: configured.memory ?? defaults.limits.memory },
  };
}

export function labelsFor(args: BalrogBuildArgs, component: string): Record<string, string> {
  return { ...args.labels, [LABELS.service]: SERVICE, ...workloadLabels(SERVICE, component) };
}

export function identity(args: BalrogBuildArgs, component: string): WorkloadIdentity {
  return { namespace: args.namespace, labels: labelsFor(args, component), selector: workloadLabels(SERVICE, component) };
}

export const TMP_VOLUME: Volume = { name: "tmp", emptyDir: {} };
export const SCRIPT_VOLUME: Volume = { name: "seed-script", configMap: { name: BALROG_NAMES.seedScript, defaultMode: 0o555 } };

export function secretObjects(args: BalrogBuildArgs): { db: Secret; app: Secret; agent: Secret } {
  return {
    db: emptySecret(identity(args, "db"), BALROG_NAMES.dbSecret),
    app: emptySecret(identity(args, "admin"), BALROG_NAMES.appSecret),
    agent: emptySecret(identity(args, "agent"), BALROG_NAMES.agentSecret),
  };
}
