// A pools stack: the provider, one namespace per script, and one ScriptworkerPool per pool. On the
// gke target the platform stack (StackReference) must host this level's pools; every pool pulls
// through its registry mirror onto the level's tainted node pool, and pools whose script uses GCP
// get their own GCP account through Workload Identity.
import * as pulumi from "@pulumi/pulumi";
import type { Workload } from "../catalog/platform";
import { PROVISIONER, TASKCLUSTER_ROOT_URL } from "../catalog/pools";
import type { TrustLevel } from "../catalog/trust";
import type { ScriptName } from "../catalog/scripts";
import { missingSecrets } from "../components/pools/builders";
import { resolvePool, type ResolvedPool } from "../components/pools/resolve";
import { PoolNamespace } from "../components/pools/PoolNamespace";
import { ScriptworkerPool } from "../components/pools/ScriptworkerPool";
import { ConfigError } from "../stacks/errors";
import type { ConfigProblem } from "../domain/problems";
import type { PoolsStack } from "../stacks/load";
import { kubernetesProvider } from "./kubernetesProvider";
import { renderDirectory, renderTargetProblems } from "./renderTarget";
import { platformFor } from "./platformReference";
import type { PlanOptions } from "./environmentStack";
import { configSecrets } from "./secrets";

/** The workload (and node pool) a pools stack is on a platform: its trust level's pools. */
export const POOLS_WORKLOAD: Record<TrustLevel, Workload> = { prod: "prod-pools", dep: "dep-pools", dev: "dev-pools" };

/** A pools stack resolved before anything is declared: each pool once, and the secrets still to set. */
export interface PoolsPlan {
  config: PoolsStack;
  pools: ResolvedPool[];
  /** Required secrets not yet set, per worker type (only pools with something missing). */
  pendingSecrets: Record<string, string[]>;
}

/**
 * Resolves every pool. With `deploying` (a real `pulumi up`) missing required secrets are problems:
 * the worker would crash-loop at start (init scripts `test_var_set`). Previews and the offline plan
 * only report them.
 */
export function planPools(config: PoolsStack, options: PlanOptions): PoolsPlan {
  const gke = config.kubernetes.target === "gke";
  const pools = config.pools.map((p) => resolvePool(config.level, p, config.secretNames, { gke }));
  const pendingSecrets: Record<string, string[]> = {};
  for (const pool of pools) {
    const missing = missingSecrets(pool);
    if (missing.length > 0) pendingSecrets[pool.names.workerType] = missing;
  }
  if (options.deploying) {
    const problems: ConfigProblem[] = Object.entries(pendingSecrets).flatMap(([workerType, names]) =>
      names.map((name) => ({
        key: `releng-envs:secrets.pools.${workerType}.${name}`,
        problem: `is required by ${workerType} (its image refuses to start without it) but is not set`,
        fix: `pulumi config set --secret --path 'releng-envs:secrets.pools.${workerType}.${name}' VALUE -s ${config.stack}`,
      })),
    );
    problems.push(...renderTargetProblems(config));
    if (problems.length > 0) throw new ConfigError(config.stack, config.file, problems);
  }
  return { config, pools, pendingSecrets };
}

export function declarePoolsStack(plan: PoolsPlan): Record<string, pulumi.Input<unknown>> {
  const { config, pools } = plan;
  const workload = POOLS_WORKLOAD[config.level];
  // On the gke target: the platform's cluster, mirror and project, refused unless it hosts this level.
  const platform = platformFor(config.kubernetes, { workload, stack: config.stack, file: config.file });
  const provider = kubernetesProvider(config.kubernetes, config.stack, platform);
  const secrets = configSecrets(config.secretNames);

  const namespaces = new Map<ScriptName, PoolNamespace>();
  for (const script of [...new Set(pools.map((p) => p.identity.script))]) {
    namespaces.set(script, new PoolNamespace(config.level, script, { providers: { kubernetes: provider } }));
  }

  const needsGcp = pools.some((p) => p.gcp);
  const cloud = platform && needsGcp ? pulumi.all([platform.output("project"), platform.output("workloadPool")]).apply(([project, workloadPool]) => ({ project, workloadPool })) : undefined;
  const poolOptions: pulumi.ComponentResourceOptions = platform
    ? { providers: { kubernetes: provider, ...(needsGcp ? { gcp: platform.gcpProvider() } : {}) }, transformations: [platform.workloadTransformation(workload)] }
    : { providers: { kubernetes: provider } };

  const poolOutputs: Record<string, pulumi.Input<unknown>> = {};
  for (const pool of pools) {
    const component = new ScriptworkerPool(pool.names.workerType, { pool, secrets, namespace: namespaces.get(pool.identity.script)!.name, cloud }, poolOptions);
    poolOutputs[pool.names.workerType] = {
      script: pool.identity.script,
      product: pool.identity.product,
      provisioner: pool.names.provisioner,
      env: pool.names.env,
      namespace: component.namespace,
      deployment: pool.names.deployment,
      taskclusterClientId: pool.names.taskclusterClientId,
      image: component.image,
      graceSeconds: pool.graceSeconds,
      ...(pool.gcp && component.gcpServiceAccount
        ? { gcp: { serviceAccount: component.gcpServiceAccount, kubernetesServiceAccount: pool.gcp.kubernetesServiceAccount, buckets: pool.gcp.buckets } }
        : {}),
    };
  }

  return {
    kind: "pools",
    level: config.level,
    pools: poolOutputs,
    // Entries in the shape of mozilla-releng/k8s-autoscale configs/*/config.yml, for its operators.
    autoscale: pools.map((p) => ({
      worker_type: p.names.workerType,
      provisioner: PROVISIONER,
      root_url: TASKCLUSTER_ROOT_URL,
      deployment_namespace: p.names.namespace,
      deployment_name: p.names.deployment,
      min_replicas: p.replicas.min,
      max_replicas: p.replicas.max,
    })),
    pendingSecrets: plan.pendingSecrets,
    kubernetesTarget: config.kubernetes.target,
    ...(config.kubernetes.target === "render" ? { renderDirectory: renderDirectory(config.stack, config.kubernetes) } : {}),
  };
}
