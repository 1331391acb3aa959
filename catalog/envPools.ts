// Plain data for env-scoped dep pools (issue #15): scriptworkers an environment runs in its own
// namespace, pointed at its own services. No logic here; components/pools/envPools.ts reads it.
// Sources: mozilla-releng/scriptworker-scripts at the commit in test/upstream.json.
import { ARCHIVE } from "./archive";
import { BOUNCER_ADMIN_SECRET } from "./bouncer";
import { GCS_API_HOST, HG_HOST, TASKCLUSTER_ARTIFACTS_HOST, TASKCLUSTER_ROOT_URL } from "./mozilla";

/** Scripts an environment may run for itself. */
export const ENV_POOL_SCRIPTS = ["balrog", "beetmover", "bouncer", "shipit"] as const;
export type EnvPoolScript = (typeof ENV_POOL_SCRIPTS)[number];

/** The library service each env pool talks to (it must be checked out). */
export const ENV_POOL_SERVICE: Readonly<Record<EnvPoolScript, "balrog" | "archive" | "bouncer" | "shipit">> = {
  balrog: "balrog",
  beetmover: "archive",
  bouncer: "bouncer",
  shipit: "shipit",
};

/**
 * HTTPS hosts an env pool reaches outside the cluster, each through the environment's egress proxy
 * (a TLS forwarder per host: scriptworker runs under `env -`, so HTTPS_PROXY never reaches it).
 * Every pool: the Taskcluster deployment (queue: claim, report, artifacts), its artifact storage
 * (public artifacts are served by the CDN host, uploads and private ones are signed GCS URLs), and
 * hg.mozilla.org, where chain-of-trust verification reads the decision task's .taskcluster.yml of a
 * gecko push (Try included). balrogscript also asks Balrog's stage Auth0 tenant for its M2M token.
 * The rest (the environment's own services) is inside the namespace.
 */
export const ENV_POOL_COMMON_HOSTS: readonly string[] = [new URL(TASKCLUSTER_ROOT_URL).hostname, TASKCLUSTER_ARTIFACTS_HOST, GCS_API_HOST, HG_HOST];

/**
 * Credentials an env pool reads from its environment's own services' Secrets: env var → Secret and
 * key. The policy pack gets this table too (policies/generated), so exactly these references pass
 * its credential allow-list.
 */
export const ENV_POOL_SERVICE_CREDENTIALS: Readonly<Record<EnvPoolScript, readonly { name: string; secret: string; key: string }[]>> = {
  balrog: [],
  // beetmoverscript's aws dep credentials (worker.yml `credentials: {id: DEP_ID, key: DEP_KEY}`): the archive store's writer.
  beetmover: [
    { name: "DEP_ID", secret: ARCHIVE.credentialsSecret, key: "AWS_ACCESS_KEY_ID" },
    { name: "DEP_KEY", secret: ARCHIVE.credentialsSecret, key: "AWS_SECRET_ACCESS_KEY" },
  ],
  // bouncerscript's BOUNCER_USERNAME/PASSWORD: bouncer-admin's generated Basic-auth user.
  bouncer: [
    { name: "BOUNCER_USERNAME", secret: BOUNCER_ADMIN_SECRET, key: "BOUNCER_USERNAME" },
    { name: "BOUNCER_PASSWORD", secret: BOUNCER_ADMIN_SECRET, key: "BOUNCER_PASSWORD" },
  ],
  shipit: [],
};

/** Env pools serve Firefox staging releases only (the gecko trust domain). */
export const ENV_POOL_PRODUCT = "firefox" as const;

/**
 * Taskcluster worker type (the worker pool id's second part): 1–38 characters, lower-case letters,
 * digits and '-' (taskcluster services/worker-manager schemas: workerType `^[a-z]([-a-z0-9]{0,36}[a-z0-9])?$`).
 */
export const WORKER_TYPE = { max: 38, pattern: /^[a-z]([-a-z0-9]{0,36}[a-z0-9])?$/ } as const;

/**
 * Where the stock images read what an env pool overrides. taskcluster/docker/script/Dockerfile copies
 * <script>/docker.d/* into /app/docker.d, so the image's own init_worker.sh also stays at
 * /app/<script>script/docker.d/; docker.d/init.sh sources $(dirname $0)/init_worker.sh after it
 * computed WORKER_TYPE and before it renders $TEMPLATE_DIR/{scriptworker,worker}.yml, then runs
 * scriptworker under `env -` (an empty environment): so only files reach the task script.
 */
export const SCRIPTWORKER_PATHS = {
  initWorker: "/app/docker.d/init_worker.sh",
  workerTemplate: "/app/docker.d/worker.yml",
  stockInitWorker: (script: EnvPoolScript) => `/app/${script}script/docker.d/init_worker.sh`,
  /**
   * botocore's shared config file in the image user's home (taskcluster/docker/base/Dockerfile:
   * `useradd --home-dir /app`): beetmoverscript builds its S3 clients without an endpoint
   * (script.py `boto3.client("s3", aws_access_key_id=…, aws_secret_access_key=…)`), and botocore
   * ≥ 1.31 takes the S3 endpoint from the `services` section of this file.
   */
  awsConfig: "/app/.aws/config",
} as const;

/**
 * Taskcluster scopes of the stock configs an env pool keeps: bouncerscript's staging server scope
 * (bouncerscript/docker.d/worker.yml, firefox dev|fake-prod) and beetmover's scope prefix
 * (beetmoverscript/docker.d/worker.yml taskcluster_scope_prefixes, firefox).
 */
export const ENV_POOL_SCOPES = {
  bouncerServer: "project:releng:bouncer:server:staging",
  beetmoverPrefix: "project:releng:beetmover:",
} as const;

/** Products beetmoverscript's dep buckets are keyed by (beetmoverscript/docker.d/worker.yml, firefox dep). */
export const BEETMOVER_DEP_PRODUCTS = ["devedition", "firefox", "fenix", "focus"] as const;

/** Taskcluster client ids of env pools: `<prefix>/<script>/env/<worker type>` (fxci-config clients.yml shape). */
export const ENV_POOL_CLIENT_PREFIX = "project/releng/scriptworker/v2";

/**
 * What a Try push changes so a staging release uses an environment (docs/staging-release.md).
 * - Worker aliases: gecko's taskcluster/config.yml `workers.aliases.<script>` names each scriptworker's
 *   `worker-type: '{trust-domain}-{level}-<script>'`; an env pool replaces it (Try runs at level 1,
 *   and fxci-config grants.d/grants.yml already lets gecko level-1 projects create tasks on
 *   `scriptworker-k8s/gecko-1-*`, env worker types included).
 * - Endpoints read by non-scriptworker tasks: release-update-verify-config's `aus-server` and
 *   `archive-prefix` (update verify), and the partials' Balrog URL.
 * The kind and key names are gecko's as of this writing: check them against the tree you push.
 */
export const TRY_PUSH = {
  workerAliasesFile: "taskcluster/config.yml",
  workerAliasKey: (script: EnvPoolScript) => `workers.aliases.${script}.worker-type`,
  endpointOverrides: [
    { file: "taskcluster/kinds/release-update-verify-config/kind.yml", key: "aus-server", endpoint: "balrogPublic" },
    { file: "taskcluster/kinds/release-update-verify-config/kind.yml", key: "archive-prefix", endpoint: "archivePrefix" },
  ],
} as const;

/**
 * fxci-config (mozilla-releng/fxci-config clients.yml): the client entry registering a scriptworker
 * pool, as the `project/releng/scriptworker/v2/*` entries there are written.
 */
export function fxciClientScopes(workerType: string): string[] {
  return [`queue:claim-work:scriptworker-k8s/${workerType}`, `queue:worker-id:${workerType}/${workerType}-*`];
}

/** Secrets the stack supplies per env pool (`secrets.pools.<worker type>.<NAME>`): its Taskcluster token, and Balrog's stage M2M client. */
export const ENV_POOL_STACK_SECRETS: Readonly<Record<EnvPoolScript, readonly string[]>> = {
  balrog: ["TASKCLUSTER_ACCESS_TOKEN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET"],
  beetmover: ["TASKCLUSTER_ACCESS_TOKEN"],
  bouncer: ["TASKCLUSTER_ACCESS_TOKEN"],
  shipit: ["TASKCLUSTER_ACCESS_TOKEN"],
};
