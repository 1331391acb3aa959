// Pure rules of pools, shared by the stack schema (config-time checks) and the pool builders:
// Autograph endpoint resolution, secret classification per trust level, required secrets.
import {
  AUTOGRAPH_ALIASES,
  AUTOGRAPH_PROD_HOSTS,
  AUTOGRAPH_STAGE_HOSTS,
  CERT_SCOPE_PREFIX,
  NONPROD_ONLY_SECRETS,
  PROD_ONLY_SECRETS,
  WORKER_ENV,
  type CotProduct,
  type TrustLevel,
} from "../../catalog/pools";
import { SCRIPT_CATALOG, type ScriptName } from "../../catalog/scripts";
import { upstreamData } from "../../catalog/upstreamContract";

/** `*` in a catalogue pattern stands for any run of env var characters. */
function globMatches(pattern: string, name: string): boolean {
  return new RegExp(`^${pattern.replace(/\*/g, "[A-Z0-9_]*")}$`).test(name);
}

/** The prod-only pattern `name` matches, if any. */
export function prodOnlySecret(name: string): string | undefined {
  return PROD_ONLY_SECRETS.find((p) => globMatches(p, name));
}

/** The non-prod-only pattern `name` matches (Autograph stage credentials), if any. */
export function nonprodOnlySecret(name: string): string | undefined {
  return NONPROD_ONLY_SECRETS.find((p) => globMatches(p, name));
}

/** Why `level` may not hold secret `name`, or undefined when it may. */
export function secretForbiddenReason(level: TrustLevel, name: string): string | undefined {
  if (level !== "prod") {
    const p = prodOnlySecret(name);
    if (p) return `${name} is a production-only secret (${p}); a ${level} pool must never hold it`;
  } else {
    const p = nonprodOnlySecret(name);
    if (p) return `${name} is an Autograph stage credential (${p}); a prod pool must never hold it`;
  }
  return undefined;
}

export type AutographTier = "prod" | "stage" | "other";

export interface ResolvedServer {
  url: string;
  host: string;
  tier: AutographTier;
}

/** `prod`/`stage` alias or an https URL → URL, host and which Autograph it is (old AWS names too). */
export function resolveAutographServer(server: string): ResolvedServer {
  const url = server in AUTOGRAPH_ALIASES ? AUTOGRAPH_ALIASES[server as keyof typeof AUTOGRAPH_ALIASES] : server.replace(/\/+$/, "");
  let host = "";
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    host = "";
  }
  const tier: AutographTier = (AUTOGRAPH_STAGE_HOSTS as readonly string[]).includes(host)
    ? "stage"
    : (AUTOGRAPH_PROD_HOSTS as readonly string[]).includes(host)
      ? "prod"
      : "other";
  return { url, host, tier };
}

/** A short cert scope (`dep-signing`) in full (`project:releng:signing:cert:dep-signing`); undefined when the product has no known prefix. */
export function fullCertScope(product: CotProduct, certScope: string): string | undefined {
  if (certScope.startsWith("project:")) return certScope;
  const prefix = CERT_SCOPE_PREFIX[product];
  return prefix ? `${prefix}cert:${certScope}` : undefined;
}

/** Env var names of an Autograph credential pair: `AUTOGRAPH_GPG` → `AUTOGRAPH_GPG_USERNAME` / `_PASSWORD`. */
export function credentialEnv(credentials: string): { usernameEnv: string; passwordEnv: string } {
  return { usernameEnv: `${credentials}_USERNAME`, passwordEnv: `${credentials}_PASSWORD` };
}

/** Variables every pool's pod sets in plain text itself (components/pools/builders.ts poolEnv). */
export const POOL_PLAIN_ENV: readonly string[] = ["PROJECT_NAME", "ENV", "COT_PRODUCT", "TASKCLUSTER_ROOT_URL", "TASKCLUSTER_CLIENT_ID"];

/**
 * Pod variables the stock image's start-up demands for this script, level and product, beyond the
 * plain ones: what docker.d/init.sh and <script>/docker.d/init_worker.sh check (test_var_set) and
 * what configloader's json-e rendering of the templates looks up (catalog/upstream/
 * scriptworker-scripts.json, `npm run upstream`). Empty for a combination upstream does not start.
 */
export function upstreamPodVariables(script: ScriptName, level: TrustLevel, product: CotProduct): string[] {
  const startup = upstreamData()["scriptworker-scripts"].scripts[`${script}`]?.startup[WORKER_ENV[level]]?.[product];
  if (!startup?.starts) return [];
  return [...new Set(Object.values(startup.requires).flat())].filter((n) => !POOL_PLAIN_ENV.includes(n));
}

export interface SecretNeeds {
  script: ScriptName;
  product: CotProduct;
  level: TrustLevel;
  /** Credential prefixes of the pool's Autograph servers (signing). */
  autographCredentials?: readonly string[];
}

/**
 * Secret env vars the image refuses to start without, sorted: the upstream contract's pod variables
 * (every one of them a credential or key), except that a signing pool's Autograph credentials are
 * the ones its configured servers name (the generated signing configuration, not the stock
 * passwords.yml, decides which Autograph accounts it uses).
 */
export function requiredSecrets(p: SecretNeeds): string[] {
  const upstream = upstreamPodVariables(p.script, p.level, p.product);
  const names = SCRIPT_CATALOG[p.script].signing ? upstream.filter((n) => !n.startsWith("AUTOGRAPH_")) : upstream;
  for (const c of p.autographCredentials ?? []) {
    const { usernameEnv, passwordEnv } = credentialEnv(c);
    names.push(usernameEnv, passwordEnv);
  }
  return [...new Set(names)].sort();
}

/** Every secret env var a stack may supply for the pool: required ones plus the script's optional ones. */
export function acceptedSecrets(p: SecretNeeds): string[] {
  return [...new Set([...requiredSecrets(p), ...(SCRIPT_CATALOG[p.script].optionalSecrets ?? [])])].sort();
}
