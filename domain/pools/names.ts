// Every name derived from a pool's (script, product, level), from ONE function, so the Deployment,
// its labels, the Taskcluster client and the autoscaler entry always agree.
import {
  IMAGE_REPOSITORY_PREFIX,
  IMAGE_REPOSITORY_SUFFIX,
  IMAGE_TAG,
  PROVISIONER,
  TASKCLUSTER_CLIENT_ENV,
  TASKCLUSTER_CLIENT_PREFIX,
  TRUST_DOMAIN_OVERRIDES,
  WORKER_ENV,
  type CotProduct,
} from "../../catalog/pools";
import type { TrustLevel } from "../../catalog/trust";
import type { ScriptName } from "../../catalog/scripts";

export interface PoolIdentity {
  script: ScriptName;
  product: CotProduct;
  level: TrustLevel;
}

export interface PoolNames {
  /** gecko, comm, or the product itself. */
  trustDomain: string;
  /** `3` for prod; `1` below prod, `t` for signing below prod. */
  workerLevel: "3" | "1" | "t";
  /** `{trust}-{level}-{script}[-dev]`, e.g. gecko-t-signing-dev. */
  workerType: string;
  provisioner: string;
  /** `prod`, `fake-prod` or `dev`: the images' ENV. */
  env: "prod" | "fake-prod" | "dev";
  /** Kubernetes namespace shared by the pools of one script at one level, e.g. `dep-signing`. */
  namespace: string;
  /** e.g. `signing-prod-relengworker-firefoxci-gecko-3-1`, the name k8s-autoscale scales. */
  deployment: string;
  /** e.g. `project/releng/scriptworker/v2/signing/prod/firefoxci-gecko-t`. */
  taskclusterClientId: string;
  /** Default image reference, e.g. `mozilla/releng-signingscript:production`. */
  image: string;
}

export function trustDomain(product: CotProduct): string {
  return TRUST_DOMAIN_OVERRIDES[product] ?? product;
}

export function workerLevel(script: ScriptName, level: TrustLevel): "3" | "1" | "t" {
  if (level === "prod") return "3";
  // docker.d/init.sh: below prod, signing uses `t` instead of `1`.
  return script === "signing" ? "t" : "1";
}

export function poolNames({ script, product, level }: PoolIdentity): PoolNames {
  const trust = trustDomain(product);
  const wl = workerLevel(script, level);
  const workerType = `${trust}-${wl}-${script}${level === "dev" ? "-dev" : ""}`;
  const group = `${trust}-${wl}`;
  return {
    trustDomain: trust,
    workerLevel: wl,
    workerType,
    provisioner: PROVISIONER,
    env: WORKER_ENV[level],
    // k8s-autoscale configs use `<prod|dev>-<script>` and put level-1/t pools beside level 3 in
    // `prod-<script>`. Here dep pools have their own stack, so they get their own namespace and
    // Deployment names (`dep`), and two stacks never declare the same object.
    namespace: `${level}-${script}`,
    deployment: `${script}-${level}-relengworker-firefoxci-${group}-1`,
    taskclusterClientId: `${TASKCLUSTER_CLIENT_PREFIX}/${script}/${TASKCLUSTER_CLIENT_ENV[level]}/firefoxci-${group}`,
    image: `${IMAGE_REPOSITORY_PREFIX}${script}${IMAGE_REPOSITORY_SUFFIX}:${IMAGE_TAG[level]}`,
  };
}
