// Pure builders for scriptworker pools: a resolved pool (resolve.ts) in, Kubernetes objects out (no Pulumi).
import { LABELS, MANAGED_BY, PART_OF } from "../../catalog/environment";
import { HEALTHCHECK_COMMAND, POOL_ANNOTATIONS, PRE_STOP_COMMAND, TASKCLUSTER_ROOT_URL, WORKER_UID } from "../../catalog/pools";
import { UNUSED_CREDENTIAL_PLACEHOLDER, type TrustLevel } from "../../catalog/trust";
import { SCRIPT_CATALOG, type ScriptName } from "../../catalog/scripts";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../k8s/security";
import type { ConfigMap, Deployment, EnvVar, Namespace, PodDisruptionBudget, Secret, ServiceAccount } from "../k8s/types";
import { configHashAnnotation, fileOverrideMounts, type FileOverride } from "./fileOverrides";
import { signingConfigMapObject, signingFileOverrides } from "./signingConfig";
import type { ResolvedPool } from "./resolve";

/** GCP display names are ≤ 100 characters; worker types are far shorter. */
export function poolAccountDisplayName(pool: ResolvedPool): string {
  return `releng-envs ${pool.identity.level} pool ${pool.names.workerType}`;
}

/** One grant per (bucket, role): bucket-level IAM members only. */
export function poolBucketGrants(pool: ResolvedPool): { bucket: string; role: string }[] {
  return (pool.gcp?.buckets ?? []).flatMap((bucket) => pool.gcp!.bucketRoles.map((role) => ({ bucket, role })));
}

/** Required secrets the stack has not supplied yet. */
export function missingSecrets(pool: ResolvedPool): string[] {
  return pool.requiredSecrets.filter((n) => !pool.suppliedSecrets.includes(n));
}

/** Labels of a pool's objects: the contract with the policy pack (catalog/environment.ts LABELS). */
export function poolLabels(pool: ResolvedPool): Record<string, string> {
  return {
    [LABELS.kind]: "pools",
    [LABELS.trustLevel]: pool.identity.level,
    [LABELS.workerLevel]: pool.names.workerLevel,
    [LABELS.script]: pool.identity.script,
    [LABELS.cotProduct]: pool.identity.product,
    [LABELS.workerType]: pool.names.workerType,
    [LABELS.name]: "scriptworker",
    [LABELS.component]: pool.identity.script,
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.partOf]: PART_OF,
  };
}

/** Stable subset for selectors: one worker type per namespace. */
export function poolSelector(pool: ResolvedPool): Record<string, string> {
  return { [LABELS.workerType]: pool.names.workerType };
}

export function poolNamespaceObject(level: TrustLevel, script: ScriptName): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: `${level}-${script}`,
      labels: {
        [LABELS.kind]: "pools",
        [LABELS.trustLevel]: level,
        [LABELS.script]: script,
        [LABELS.managedBy]: MANAGED_BY,
        [LABELS.partOf]: PART_OF,
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      },
    },
  };
}

export function secretName(pool: ResolvedPool): string {
  return `${pool.names.deployment}-secrets`;
}

/** Every secret env var the worker gets from its Secret: what it needs plus what the stack added. */
export function secretEnvNames(pool: ResolvedPool): string[] {
  return [...new Set([...pool.requiredSecrets, ...pool.suppliedSecrets])].sort();
}

/** The pool's Secret without data: the component fills `stringData` (keys = env var names) with Pulumi secrets. */
export function poolSecretObject(pool: ResolvedPool): Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: secretName(pool), namespace: pool.names.namespace, labels: poolLabels(pool) },
    type: "Opaque",
  };
}

/** The Kubernetes ServiceAccount of a pool with a GCP identity; the component adds the GKE annotation naming the account. */
export function poolServiceAccountObject(pool: ResolvedPool): ServiceAccount | undefined {
  if (!pool.gcp) return undefined;
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: pool.gcp.kubernetesServiceAccount, namespace: pool.names.namespace, labels: poolLabels(pool) },
    // GKE's metadata server identifies the pod by its ServiceAccount; the worker needs no Kubernetes API token.
    automountServiceAccountToken: false,
  };
}

export function poolEnv(pool: ResolvedPool): EnvVar[] {
  const plain: EnvVar[] = [
    { name: "PROJECT_NAME", value: pool.identity.script },
    { name: "ENV", value: pool.names.env },
    { name: "COT_PRODUCT", value: pool.identity.product },
    { name: "TASKCLUSTER_ROOT_URL", value: TASKCLUSTER_ROOT_URL },
    { name: "TASKCLUSTER_CLIENT_ID", value: pool.names.taskclusterClientId },
    // Names upstream's templates render at this level without using them: a plain placeholder, never a credential.
    ...pool.placeholders.map((name) => ({ name, value: UNUSED_CREDENTIAL_PLACEHOLDER })),
  ];
  // ED25519_PRIVKEY is required only at prod (catalogue) and refused below prod at config time.
  const fromSecret: EnvVar[] = secretEnvNames(pool).map((name) => ({ name, valueFrom: { secretKeyRef: { name: secretName(pool), key: name } } }));
  return [...plain, ...fromSecret];
}

/** Generated files a pool's image reads instead of its own (signing: passwords.yml and init_worker.sh). */
export function poolFileOverrides(pool: ResolvedPool): { overrides: FileOverride[]; configMaps: ConfigMap[] } {
  if (!SCRIPT_CATALOG[pool.identity.script].signing) return { overrides: [], configMaps: [] };
  return { overrides: signingFileOverrides(pool), configMaps: [signingConfigMapObject(pool, poolLabels(pool))] };
}

export function poolDeploymentObject(pool: ResolvedPool, image: string = pool.image): Deployment {
  const labels = poolLabels(pool);
  const files = poolFileOverrides(pool);
  const mounts = fileOverrideMounts(files.overrides);
  const fileContents = Object.fromEntries(files.configMaps.flatMap((c) => Object.entries(c.data ?? {}).map(([k, v]) => [`${c.metadata?.name}/${k}`, v])));
  const selector = poolSelector(pool);
  const annotations: Record<string, string> = {
    [POOL_ANNOTATIONS.autoscaleMin]: String(pool.replicas.min),
    [POOL_ANNOTATIONS.autoscaleMax]: String(pool.replicas.max),
    [POOL_ANNOTATIONS.taskclusterClientId]: pool.names.taskclusterClientId,
    ...(pool.storePush !== undefined ? { [POOL_ANNOTATIONS.storePush]: String(pool.storePush) } : {}),
    ...(image !== pool.image ? { [POOL_ANNOTATIONS.imageTag]: pool.image } : {}),
  };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: pool.names.deployment, namespace: pool.names.namespace, labels, annotations },
    spec: {
      // The initial count only: the autoscaler owns spec.replicas afterwards (ignoreChanges in the component).
      replicas: pool.replicas.initial,
      selector: { matchLabels: selector },
      // A replaced pod keeps working until preStop has seen its task finish; never go below the current count.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          // gcp-access: the pod acts as the pool's GCP account (gke target).
          labels: pool.gcp ? { ...labels, [LABELS.gcpAccess]: "true" } : labels,
          // The cluster autoscaler must not remove a node under a running task.
          annotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false", ...(mounts.volumes.length > 0 ? configHashAnnotation(fileContents) : {}) },
        },
        spec: {
          ...(pool.gcp ? { serviceAccountName: pool.gcp.kubernetesServiceAccount } : {}),
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: pool.graceSeconds,
          securityContext: restrictedPodSecurityContext(WORKER_UID),
          ...(mounts.volumes.length > 0 ? { volumes: mounts.volumes } : {}),
          containers: [
            {
              name: `${pool.identity.script}script`,
              image,
              env: poolEnv(pool),
              ...(mounts.volumeMounts.length > 0 ? { volumeMounts: mounts.volumeMounts } : {}),
              resources: { requests: { ...pool.resources.requests }, limits: { ...pool.resources.limits } },
              // init.sh writes configs and keys under /app (configs, logs, workdir): the root filesystem stays writable.
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: false }),
              livenessProbe: { exec: { command: [...HEALTHCHECK_COMMAND] }, initialDelaySeconds: 120, periodSeconds: 60, timeoutSeconds: 10, failureThreshold: 3 },
              lifecycle: { preStop: { exec: { command: [...PRE_STOP_COMMAND] } } },
            },
          ],
        },
      },
    },
  };
}

/** No voluntary eviction (drain, node upgrade) of a healthy worker: it may be running a task. */
export function poolDisruptionBudgetObject(pool: ResolvedPool): PodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: pool.names.deployment, namespace: pool.names.namespace, labels: poolLabels(pool) },
    spec: {
      maxUnavailable: 0,
      selector: { matchLabels: poolSelector(pool) },
      // A crash-looping or unready worker runs no task; let drains evict it.
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    },
  };
}

/** Everything one pool declares (the namespace is per script and level: poolNamespaceObject). */
export function poolObjects(pool: ResolvedPool) {
  return {
    secret: poolSecretObject(pool),
    /** Generated files mounted over the image's own (signing pools). */
    configMaps: poolFileOverrides(pool).configMaps,
    deployment: poolDeploymentObject(pool),
    disruptionBudget: poolDisruptionBudgetObject(pool),
    serviceAccount: poolServiceAccountObject(pool),
  };
}
