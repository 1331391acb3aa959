// Env-scoped dep pools (issue #15): scriptworkers an environment runs in its own namespace, with the
// stock images, pointed at its own services by generated files mounted where the images read them
// (mountedFiles.ts). They are dep pools in every respect the trust rules check (ENV=fake-prod,
// trust-level dep, worker level 1, dep credentials only); only the endpoints and the worker type
// differ. Pure: no Pulumi.
import { createHash } from "node:crypto";
import { BEETMOVER_DEP_PRODUCTS, ENV_POOL_PRODUCT, ENV_POOL_SCOPES, SCRIPTWORKER_PATHS, type EnvPoolScript } from "../../catalog/envPools";
import { ARCHIVE } from "../../catalog/archive";
import { inClusterUrl } from "../../catalog/endpoints";
import { LABELS, PRIVATE_RANGES } from "../../catalog/environment";
import { BOUNCER_NAMES } from "../services/bouncer/builders";
import { poolSchema } from "../../stacks/schema/pools";
import type { Deployment, EnvVar, NetworkPolicy, PodDisruptionBudget, Secret } from "../k8s/types";
import type { StagingRelease } from "../services/handoff/stagingRelease";
import { poolDeploymentObject, poolDisruptionBudgetObject, poolLabels, poolSecretObject, resolvePool, type ResolvedPool } from "./builders";
import { mountedFiles, type MountedFile, type MountedFiles } from "./mountedFiles";
import { envPoolClientId, envWorkerType } from "./envPoolNames";

export { envWorkerType };

/** Secrets of the environment's own services an env pool reads (env var → Secret and key). */
const FROM_ENVIRONMENT: Record<EnvPoolScript, { name: string; secret: string; key: string }[]> = {
  balrog: [],
  // beetmoverscript's aws dep credentials (worker.yml `credentials: {id: DEP_ID, key: DEP_KEY}`): the archive store's writer.
  beetmover: [
    { name: "DEP_ID", secret: ARCHIVE.credentialsSecret, key: "AWS_ACCESS_KEY_ID" },
    { name: "DEP_KEY", secret: ARCHIVE.credentialsSecret, key: "AWS_SECRET_ACCESS_KEY" },
  ],
  // bouncerscript's BOUNCER_USERNAME/PASSWORD: bouncer-admin's generated Basic-auth user (components/services/bouncer).
  bouncer: [
    { name: "BOUNCER_USERNAME", secret: BOUNCER_NAMES.adminSecret, key: "BOUNCER_USERNAME" },
    { name: "BOUNCER_PASSWORD", secret: BOUNCER_NAMES.adminSecret, key: "BOUNCER_PASSWORD" },
  ],
  shipit: [],
};

/** Secrets the stack supplies per env pool (`secrets.pools.<worker type>.<NAME>`): its Taskcluster token, and Balrog's stage M2M client. */
export const ENV_POOL_STACK_SECRETS: Record<EnvPoolScript, readonly string[]> = {
  balrog: ["TASKCLUSTER_ACCESS_TOKEN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET"],
  beetmover: ["TASKCLUSTER_ACCESS_TOKEN"],
  bouncer: ["TASKCLUSTER_ACCESS_TOKEN"],
  shipit: ["TASKCLUSTER_ACCESS_TOKEN"],
};

export interface EnvPoolArgs {
  script: EnvPoolScript;
  environment: string;
  namespace: string;
  /** The environment's labels (kind environment, holder, due): every object of its namespace carries them. */
  envLabels: Record<string, string>;
  /** The environment's handoff: own endpoints (in-cluster for the pool, public for links). */
  handoff: StagingRelease;
  /** Secret config paths the stack supplied (`pools.<worker type>.<NAME>`). */
  secretNames: readonly string[];
}

/** A dep pool resolved from the catalogue, renamed into the environment. */
export function resolveEnvPool(args: EnvPoolArgs): ResolvedPool {
  const base = resolvePool("dep", poolSchema.parse({ script: args.script, product: ENV_POOL_PRODUCT }), []);
  const workerType = envWorkerType(args.script, args.environment);
  const prefix = `pools.${workerType}.`;
  return {
    ...base,
    names: {
      ...base.names,
      workerType,
      namespace: args.namespace,
      deployment: `${args.script}-pool`,
      taskclusterClientId: envPoolClientId(args.script, workerType),
    },
    // One worker is enough for a staging release; the autoscaler owns spec.replicas beyond that.
    replicas: { min: 0, max: 2, initial: 1 },
    requiredSecrets: [...ENV_POOL_STACK_SECRETS[args.script]],
    suppliedSecrets: args.secretNames.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)).sort(),
    // No GCP identity: env pools write to the environment's own store, never to GCS.
    gcp: undefined,
  };
}

/** The endpoint a pool uses: its own copy, in the cluster (a pool is refused in config when the service is not checked out). */
function own(handoff: StagingRelease, endpoint: keyof StagingRelease["endpoints"]): string {
  const e = handoff.endpoints[endpoint];
  if (e.source !== "own" || !e.inCluster) throw new Error(`env pool needs the environment's own ${e.service}`);
  return e.inCluster;
}

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * init_worker.sh: the image's own init_worker.sh first (its checks and exports, unchanged) where the
 * pool keeps the image's templates, then the environment's endpoints and worker type. init.sh sources
 * it after computing WORKER_TYPE and before rendering scriptworker.yml and worker.yml.
 */
function initWorker(args: EnvPoolArgs, workerType: string, stock: boolean, exports: Record<string, string>, checks: readonly string[] = []): string {
  const lines = [
    "# Generated by releng-envs (components/pools/envPools.ts) for environment " + args.environment + ":",
    "# the stock image, pointed at the environment's own services. Sourced by /app/docker.d/init.sh.",
    ...(stock ? [`source ${SCRIPTWORKER_PATHS.stockInitWorker(args.script)}`] : []),
    ...checks.map((v) => `if [[ -z "\${${v}}" ]]; then echo "error: ${v} is not set"; exit 1; fi`),
    ...Object.entries(exports).map(([k, v]) => `export ${k}=${sh(v)}`),
    `export WORKER_TYPE=${sh(workerType)}`,
    `export WORKER_GROUP="$WORKER_TYPE"`,
    `export WORKER_ID_PREFIX="\${WORKER_TYPE}-"`,
    "",
  ];
  return lines.join("\n");
}

const evalVar = (name: string) => ({ $eval: name });

/** beetmoverscript's config template (rendered by configloader with json-e), dep only, to the environment's store. */
export function beetmoverWorkerTemplate(handoff: StagingRelease): Record<string, unknown> {
  const bucket = ARCHIVE.bucket;
  const urlPrefix = handoff.endpoints.archivePrefix.url.replace(/\/pub\/?$/, "");
  return {
    work_dir: evalVar("WORK_DIR"),
    artifact_dir: evalVar("ARTIFACTS_DIR"),
    aiohttp_max_connections: 5,
    checksums_digests: ["sha512", "sha256"],
    taskcluster_scope_prefixes: [ENV_POOL_SCOPES.beetmoverPrefix],
    verbose: { $eval: "VERBOSE == 'true'" },
    // Public links name the environment's archive front (HTTPS when published).
    url_prefix: { dep: urlPrefix },
    clouds: {
      // No GCS: setup_gcloud skips a cloud without credentials, and script.py uploads only where enabled.
      gcloud: { dep: { enabled: false, credentials: "", fail_task_on_error: true, product_buckets: {} } },
      aws: {
        dep: {
          enabled: true,
          fail_task_on_error: true,
          credentials: { id: evalVar("DEP_ID"), key: evalVar("DEP_KEY") },
          product_buckets: Object.fromEntries(BEETMOVER_DEP_PRODUCTS.map((p) => [p, bucket])),
        },
      },
    },
  };
}

/** botocore's shared config: every S3 client of the image's user talks to the environment's store. */
export function beetmoverAwsConfig(storeUrl: string): string {
  return ["[default]", "region = us-east-1", "services = releng-envs-archive", "", "[services releng-envs-archive]", "s3 =", `  endpoint_url = ${storeUrl}`, "  addressing_style = path", ""].join("\n");
}

/** bouncerscript's config template: the staging server scope, served by the environment's bouncer-admin. */
export function bouncerWorkerTemplate(handoff: StagingRelease): Record<string, unknown> {
  return {
    work_dir: evalVar("WORK_DIR"),
    artifact_dir: evalVar("ARTIFACTS_DIR"),
    verbose: { $eval: "VERBOSE == 'true'" },
    taskcluster_scope_prefix: evalVar("TASKCLUSTER_SCOPE_PREFIX"),
    require_successive_versions: false,
    bouncer_config: {
      [ENV_POOL_SCOPES.bouncerServer]: { api_root: own(handoff, "bouncerAdminApi"), timeout_in_seconds: 60, username: evalVar("BOUNCER_USERNAME"), password: evalVar("BOUNCER_PASSWORD") },
    },
  };
}

/** The files each env pool mounts over the image's own. */
export function envPoolFiles(args: EnvPoolArgs, workerType: string): MountedFile[] {
  const script = (stock: boolean, exports: Record<string, string> = {}, checks: readonly string[] = []): MountedFile => ({
    path: SCRIPTWORKER_PATHS.initWorker,
    content: initWorker(args, workerType, stock, exports, checks),
    mode: 0o555,
  });
  const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
  switch (args.script) {
    // balrogscript/docker.d/init_worker.sh sets API_ROOT and STAGE_API_ROOT from ENV; worker.yml reads them.
    case "balrog": {
      const api = own(args.handoff, "balrogAdminApi");
      return [script(true, { API_ROOT: api, STAGE_API_ROOT: api })];
    }
    // shipitscript/docker.d/init_worker.sh sets API_ROOT_V2 from ENV; worker.yml reads it.
    case "shipit":
      return [script(true, { API_ROOT_V2: own(args.handoff, "shipitApi") })];
    // bouncerscript's api_root is a literal in its worker.yml: the pool gets its own template.
    case "bouncer":
      return [script(true), { path: SCRIPTWORKER_PATHS.workerTemplate, content: json(bouncerWorkerTemplate(args.handoff)) }];
    // beetmoverscript's buckets and credentials are literals per ENV: its own template, its own checks
    // (the stock ones demand GCS and Maven credentials this pool never uses), and the S3 endpoint.
    case "beetmover":
      return [
        script(false, {}, ["DEP_ID", "DEP_KEY"]),
        { path: SCRIPTWORKER_PATHS.workerTemplate, content: json(beetmoverWorkerTemplate(args.handoff)) },
        { path: SCRIPTWORKER_PATHS.awsConfig, content: beetmoverAwsConfig(ownStore(args.handoff)) },
      ];
  }
}

/** The archive's S3 API inside the cluster (the pool writes there; the public host is for people). */
function ownStore(handoff: StagingRelease): string {
  own(handoff, "archivePrefix");
  return inClusterUrl(handoff.namespace, "archiveStore");
}

const CONFIG_HASH_ANNOTATION = "releng.mozilla.org/config-sha256";

function configHash(data: Record<string, string>): string {
  return createHash("sha256").update(JSON.stringify(Object.entries(data).sort())).digest("hex");
}

export interface EnvPoolObjects {
  pool: ResolvedPool;
  files: MountedFiles;
  /** The pool's way out: HTTPS to public addresses (Taskcluster; Auth0 for balrogscript). */
  egress: NetworkPolicy;
  secret: Secret;
  deployment: Deployment;
  disruptionBudget: PodDisruptionBudget;
}

export function envPoolObjects(args: EnvPoolArgs): EnvPoolObjects {
  const pool = resolveEnvPool(args);
  // Environment labels first, then the pool's trust labels; the stack kind stays `environment`.
  const labels = { ...poolLabels(pool), ...args.envLabels, [LABELS.kind]: "environment" };
  const place = { namespace: args.namespace, labels };
  const files = mountedFiles({ name: `${pool.names.deployment}-config`, ...place }, envPoolFiles(args, pool.names.workerType));
  const base = poolDeploymentObject(pool);
  const fromEnvironment: EnvVar[] = FROM_ENVIRONMENT[args.script].map((v) => ({ name: v.name, valueFrom: { secretKeyRef: { name: v.secret, key: v.key } } }));
  const pod = base.spec!.template.spec!;
  const [container] = pod.containers;
  const deployment: Deployment = {
    ...base,
    metadata: { ...base.metadata, labels },
    spec: {
      ...base.spec!,
      template: {
        metadata: {
          ...base.spec!.template.metadata,
          labels: { ...base.spec!.template.metadata!.labels, ...labels },
          // subPath mounts never see a changed ConfigMap: a new hash rolls the pods instead.
          annotations: { ...base.spec!.template.metadata!.annotations, [CONFIG_HASH_ANNOTATION]: configHash(files.configMap.data!) },
        },
        spec: { ...pod, containers: [{ ...container, env: [...(container.env ?? []), ...fromEnvironment], volumeMounts: files.mounts }], volumes: [files.volume] },
      },
    },
  };
  // scriptworker runs under `env -` (docker.d/init.sh), so no proxy variable reaches it or the task
  // script: the pool goes out directly, to public addresses on 443 only. Everything inside the
  // environment it reaches through allow-same-namespace.
  const egress: NetworkPolicy = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: `allow-${pool.names.deployment}-https`, namespace: args.namespace, labels },
    spec: {
      podSelector: { matchLabels: { [LABELS.workerType]: pool.names.workerType } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...PRIVATE_RANGES] } }], ports: [{ protocol: "TCP", port: 443 }] }],
    },
  };
  return {
    pool,
    files,
    egress,
    secret: { ...poolSecretObject(pool), metadata: { ...poolSecretObject(pool).metadata, labels } },
    deployment,
    disruptionBudget: { ...poolDisruptionBudgetObject(pool), metadata: { ...poolDisruptionBudgetObject(pool).metadata, labels } },
  };
}

