// Plain data for pools stacks: products, Taskcluster, images, names. What each trust level may hold
// and reach lives in catalog/trust.ts. No logic here; components/pools/ and stacks/schema/pools.ts read it.
import type { TrustLevel } from "./trust";

export const COT_PRODUCTS = [
  "firefox",
  "thunderbird",
  "mobile",
  "app-services",
  "glean",
  "xpi",
  "mozillavpn",
  "adhoc",
  "enterprise",
  "translations",
] as const;
export type CotProduct = (typeof COT_PRODUCTS)[number];

/**
 * Trust domain of a product where it differs from the product's own name.
 * mozilla-releng/scriptworker-scripts docker.d/init.sh: firefox → gecko, thunderbird → comm.
 */
export const TRUST_DOMAIN_OVERRIDES: Partial<Record<CotProduct, string>> = { firefox: "gecko", thunderbird: "comm" };

/** `ENV` a pool runs with (docker.d/init.sh accepts exactly these three). */
export const WORKER_ENV: Record<TrustLevel, "prod" | "fake-prod" | "dev"> = { prod: "prod", dep: "fake-prod", dev: "dev" };

/** docker.d/init.sh exports PROVISIONER_ID=scriptworker-k8s; k8s-autoscale configs/*: provisioner. */
export const PROVISIONER = "scriptworker-k8s";
export { TASKCLUSTER_ROOT_URL } from "./mozilla";

/**
 * Taskcluster client ids follow mozilla-releng/fxci-config clients.yml (scriptworker-k8s-clients):
 * `project/releng/scriptworker/v2/<script>/<env>/firefoxci-<trust>-<level>`, where <env> is `dev`
 * for dev pools and `prod` for every pool in the production cluster (level 3 and level 1/t alike).
 */
export const TASKCLUSTER_CLIENT_PREFIX = "project/releng/scriptworker/v2";
export const TASKCLUSTER_CLIENT_ENV: Record<TrustLevel, "prod" | "dev"> = { prod: "prod", dep: "prod", dev: "dev" };

/** Image tag each level runs (scriptworker-scripts docs/scriptworkers-rollback.md: `production`, `dev`). */
export const IMAGE_TAG: Record<TrustLevel, "production" | "dev"> = { prod: "production", dep: "production", dev: "dev" };

/** Image repository of a script: Docker Hub `mozilla/releng-<script>script` (docs/scriptworkers-rollback.md). */
export const IMAGE_REPOSITORY_PREFIX = "mozilla/releng-";
export const IMAGE_REPOSITORY_SUFFIX = "script";

/** The images' user (taskcluster/docker/base/Dockerfile: `useradd --uid 10001`). */
export const WORKER_UID = 10001;
/** Symlink to docker.d/healthcheck in the images (fails when /app/logs/worker.log is older than 180 s). */
export const HEALTHCHECK_COMMAND = ["/bin/healthcheck"];
/** docker.d/pre-stop.sh: SIGUSR1 to scriptworker, then wait for the running task (see graceSeconds). */
export const PRE_STOP_COMMAND = ["/app/docker.d/pre-stop.sh"];

/** Annotations pools carry for reviewers and the autoscaler's operators. */
export const POOL_ANNOTATIONS = {
  autoscaleMin: "releng.mozilla.org/autoscale-min-replicas",
  autoscaleMax: "releng.mozilla.org/autoscale-max-replicas",
  storePush: "releng.mozilla.org/store-push",
  imageTag: "releng.mozilla.org/image-tag",
  taskclusterClientId: "releng.mozilla.org/taskcluster-client-id",
} as const;
