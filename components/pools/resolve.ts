// A pool as its stack declares it, resolved against the catalogue: names, image, replicas, resources,
// Autograph servers and credentials, secrets required and supplied, GCP identity. Pure; the builders
// (builders.ts, signingConfig.ts) turn a resolved pool into Kubernetes objects.
import { SCRIPT_CATALOG, type ContainerResources, type ScriptName } from "../../catalog/scripts";
import type { CotProduct } from "../../catalog/pools";
import type { TrustLevel } from "../../catalog/trust";
import { poolServiceAccountId } from "../../domain/names";
import { poolNames, type PoolIdentity, type PoolNames } from "../../domain/pools/names";
import { credentialEnv, fullCertScope, placeholderNames, requiredSecrets, resolveAutographServer } from "../../domain/pools/rules";

/** One Autograph server a signing pool uses, as a pools stack writes it. */
export interface AutographServerSpec {
  /** `prod`, `stage` or an https URL. */
  server: string;
  formats: readonly string[];
  keyId?: string;
  /** `dep-signing`, `release-signing`… or a full `project:…:cert:…` scope. */
  certScope?: string;
  /** Prefix of the credential env vars (`AUTOGRAPH_GPG` → AUTOGRAPH_GPG_USERNAME / _PASSWORD). */
  credentialsEnv: string;
}

/** A pool as a pools stack declares it (validated); the catalogue fills in the rest. */
export interface PoolSpec {
  script: ScriptName;
  product: CotProduct;
  image?: string;
  replicas: { min: number; max?: number; initial: number };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
  autograph?: readonly AutographServerSpec[];
  storePush?: boolean;
  gcp?: { buckets: readonly string[] };
}

/** One Autograph server and credential pair of a signing pool; passwords.yml (signingConfig.ts) is generated from these. */
export interface AutographEntry {
  url: string;
  formats: string[];
  keyId?: string;
  certScope?: string;
  usernameEnv: string;
  passwordEnv: string;
}

/** A pool with everything the catalogue fills in. */
export interface ResolvedPool {
  identity: PoolIdentity;
  names: PoolNames;
  /** The configured (or default) image reference; prod pools are pinned to its digest at deploy time. */
  image: string;
  replicas: { min: number; max: number; initial: number };
  resources: ContainerResources;
  graceSeconds: number;
  autograph: AutographEntry[];
  /** Secret env vars the image refuses to start without. */
  requiredSecrets: string[];
  /** Variables upstream's templates render at this level but never use there: plain placeholder values, no Secret (catalog/trust.ts LEVEL_NAME_CONFLICTS). */
  placeholders: string[];
  /** Secret env vars the stack supplied for this pool (`secrets.pools.<worker-type>.*`). */
  suppliedSecrets: string[];
  /** Store scripts only. */
  storePush?: boolean;
  /** gke target, scripts that use GCP: the pool's own GCP account and what it may use. */
  gcp?: PoolGcp;
}

/** A pool's GCP identity on the gke target (Workload Identity). */
export interface PoolGcp {
  /** GCP service account id (6–30 chars, unique per worker type). */
  accountId: string;
  /** The Kubernetes ServiceAccount the pool's pods run as; only it may act as the GCP account. */
  kubernetesServiceAccount: string;
  /** Buckets the account may use (config `gcp.buckets`; none = an account without grants). */
  buckets: string[];
  /** Roles it holds on each of those buckets (catalog/scripts.ts). */
  bucketRoles: readonly string[];
}

export interface ResolveOptions {
  /** The stack runs on the gke target: scripts that use GCP get an identity. */
  gke?: boolean;
}

export function resolvePool(level: TrustLevel, pool: PoolSpec, secretNames: readonly string[] = [], options: ResolveOptions = {}): ResolvedPool {
  const identity: PoolIdentity = { script: pool.script, product: pool.product, level };
  const names = poolNames(identity);
  const entry = SCRIPT_CATALOG[pool.script];
  const autograph: AutographEntry[] = (pool.autograph ?? []).map((s) => {
    const certScope = fullCertScope(pool.product, s.certScope ?? "dep-signing");
    return {
      url: resolveAutographServer(s.server).url,
      formats: [...s.formats],
      ...(s.keyId ? { keyId: s.keyId } : {}),
      ...(certScope ? { certScope } : {}),
      ...credentialEnv(s.credentialsEnv),
    };
  });
  const prefix = `pools.${names.workerType}.`;
  return {
    identity,
    names,
    image: pool.image ?? names.image,
    replicas: { min: pool.replicas.min, max: pool.replicas.max ?? entry.maxReplicas, initial: pool.replicas.initial },
    resources: {
      requests: { ...entry.resources.requests, ...pool.resources?.requests },
      limits: { ...entry.resources.limits, ...pool.resources?.limits },
    },
    graceSeconds: entry.graceSeconds,
    autograph,
    requiredSecrets: requiredSecrets({ ...identity, autographCredentials: pool.autograph?.map((a) => a.credentialsEnv) }),
    placeholders: placeholderNames(pool.script, level, pool.product),
    suppliedSecrets: secretNames.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)).sort(),
    ...(entry.store ? { storePush: pool.storePush ?? level === "prod" } : {}),
    ...(options.gke && entry.gcp
      ? {
          gcp: {
            // Worker types are unique per level and product, so one account per pool.
            accountId: poolServiceAccountId(names.workerType),
            kubernetesServiceAccount: names.workerType,
            buckets: [...new Set(pool.gcp?.buckets ?? [])],
            bucketRoles: entry.gcp.bucketRoles,
          },
        }
      : {}),
  };
}
