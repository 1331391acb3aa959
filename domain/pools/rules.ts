// Pure rules of pools stacks, shared by the schema (config-time checks), the pool builders and the
// pack's generated catalogue: Autograph server resolution, and the allow-lists of what a pool of a
// given script and level may hold (catalog/trust.ts, catalog/scripts.ts). Comparisons of hosts go
// through catalog/canonical.ts. What a pool must hold comes from upstream's start-up (catalog/upstream/,
// `npm run upstream`); the allow-list of what it may hold is derived from the same data.
import { hostOf } from "../../catalog/canonical";
import { WORKER_ENV, type CotProduct } from "../../catalog/pools";
import { SCRIPT_CATALOG, type ScriptName } from "../../catalog/scripts";
import { upstreamData } from "../../catalog/upstreamContract";
import {
  AUTOGRAPH_ALIASES,
  AUTOGRAPH_CREDENTIALS_ALLOWED,
  AUTOGRAPH_SERVER_HOSTS,
  AUTOGRAPH_STAGE_CREDENTIALS,
  CERT_SCOPE_PREFIX,
  LEVEL_NAME_CONFLICTS,
  PROD_ONLY_SECRETS,
  STAGE_CREDENTIALS,
  TRUST_LEVELS,
  type AutographServer,
  type TrustLevel,
} from "../../catalog/trust";

/** `*` in a catalogue pattern stands for any run of env var characters. */
function globMatches(pattern: string, name: string): boolean {
  return new RegExp(`^${pattern.replace(/\*/g, "[A-Z0-9_]*")}$`).test(name);
}

/** The prod-only pattern `name` matches, if any. */
export function prodOnlySecret(name: string): string | undefined {
  return PROD_ONLY_SECRETS.find((p) => globMatches(p, name));
}

/** The stage-credential pattern `name` matches (Autograph stage), if any. */
export function stageCredential(name: string): string | undefined {
  return STAGE_CREDENTIALS.find((p) => globMatches(p, name));
}

/** Why `level` may not hold secret `name` by its name alone, or undefined. */
export function secretForbiddenReason(level: TrustLevel, name: string): string | undefined {
  const prodOnly = prodOnlySecret(name);
  if (level !== "prod" && prodOnly) return `${name} is a production-only secret (${prodOnly}); a ${level} pool must never hold it`;
  const stage = stageCredential(name);
  if (level !== "dev" && stage) return `${name} is an Autograph stage credential (${stage}); a ${level} pool must never hold it (only dev pools may use Autograph stage)`;
  return undefined;
}

export interface ResolvedServer {
  url: string;
  /** Canonical host (catalog/canonical.ts); "" when the URL has none. */
  host: string;
  /** Which Autograph it is, whatever the spelling of its host; undefined for any other host. */
  server?: AutographServer;
}

/** `prod`/`stage` alias or an https URL → URL, canonical host and which Autograph it is (old AWS names too). */
export function resolveAutographServer(server: string): ResolvedServer {
  const url = server in AUTOGRAPH_ALIASES ? AUTOGRAPH_ALIASES[server as AutographServer] : server.trim().replace(/\/+$/, "");
  const host = hostOf(url) ?? "";
  const which = (Object.keys(AUTOGRAPH_SERVER_HOSTS) as AutographServer[]).find((s) => AUTOGRAPH_SERVER_HOSTS[s].includes(host));
  return { url, host, ...(which ? { server: which } : {}) };
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

/** Autograph credential prefixes a `level` pool may use with `server` (stage ones only at dev, only with stage). */
export function autographCredentialsAllowed(level: TrustLevel, server: AutographServer | undefined): readonly string[] {
  return server === "stage" ? (level === "dev" ? AUTOGRAPH_STAGE_CREDENTIALS : []) : server === "prod" ? AUTOGRAPH_CREDENTIALS_ALLOWED[level] : [];
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

/** The decided conflicts (catalog/trust.ts LEVEL_NAME_CONFLICTS) that apply to this script, level and product. */
function levelConflicts(script: ScriptName, level: TrustLevel, product: CotProduct) {
  return LEVEL_NAME_CONFLICTS.filter((c) => c.script === script && c.levels.includes(level) && (c.product === undefined || c.product === product));
}

/** Names the pod gets as the plain placeholder value at this level (upstream renders them, never uses them there). */
export function placeholderNames(script: ScriptName, level: TrustLevel, product: CotProduct): string[] {
  const upstream = upstreamPodVariables(script, level, product);
  return [...new Set(levelConflicts(script, level, product).filter((c) => c.decision === "placeholder").flatMap((c) => c.names))].filter((n) => upstream.includes(n)).sort();
}

/** Why this script and product is no pool of `level` here, or undefined. */
export function refusedAtLevel(script: ScriptName, level: TrustLevel, product: CotProduct): string | undefined {
  return levelConflicts(script, level, product).find((c) => c.decision === "refused")?.why;
}

/**
 * A pool's upstream variables that are credentials it holds: without Autograph's (a signing pool's
 * Autograph credentials are the ones its configured servers name: the generated signing
 * configuration, not the stock passwords.yml, decides which Autograph accounts it uses) and without
 * the names it gets as a plain placeholder.
 */
function upstreamCredentials(script: ScriptName, level: TrustLevel, product: CotProduct): string[] {
  const placeholders = placeholderNames(script, level, product);
  const upstream = upstreamPodVariables(script, level, product).filter((n) => !placeholders.includes(n));
  return SCRIPT_CATALOG[script].signing ? upstream.filter((n) => !n.startsWith("AUTOGRAPH_")) : upstream;
}

export interface SecretNeeds {
  script: ScriptName;
  product: CotProduct;
  level: TrustLevel;
  /** Credential prefixes of the pool's Autograph servers (signing). */
  autographCredentials?: readonly string[];
}

/** Secret env vars the image refuses to start without, sorted: upstream's pod variables plus the configured Autograph pairs. */
export function requiredSecrets(p: SecretNeeds): string[] {
  const names = upstreamCredentials(p.script, p.level, p.product);
  for (const c of p.autographCredentials ?? []) {
    const { usernameEnv, passwordEnv } = credentialEnv(c);
    names.push(usernameEnv, passwordEnv);
  }
  return [...new Set(names)].sort();
}

/** Every secret env var a stack may supply for the pool: required ones plus the script's optional ones the level may hold. */
export function acceptedSecrets(p: SecretNeeds): string[] {
  const optional = (SCRIPT_CATALOG[p.script].optionalSecrets ?? []).filter((n) => !secretForbiddenReason(p.level, n));
  return [...new Set([...requiredSecrets(p), ...optional])].sort();
}

/**
 * The allow-list of credential names a pool of `script` may hold at `level`, for any product:
 * what upstream's start-up reads for any of the script's products at that level, its optional ones, and (signing) every Autograph credential
 * pair the level may use. Names a level may not hold by name (prod-only, stage) are never on it.
 */
export function credentialsAllowed(script: ScriptName, level: TrustLevel): string[] {
  const entry = SCRIPT_CATALOG[script];
  const names = entry.products.flatMap((product) => upstreamCredentials(script, level, product));
  names.push(...(entry.optionalSecrets ?? []));
  if (entry.signing) {
    for (const server of ["prod", "stage"] as const) for (const c of autographCredentialsAllowed(level, server)) names.push(...Object.values(credentialEnv(c)));
  }
  return [...new Set(names)].filter((n) => !secretForbiddenReason(level, n)).sort();
}

/** credentialsAllowed for every level and script: the table the pack gets. */
export function credentialsAllowedTable(): Record<TrustLevel, Record<ScriptName, string[]>> {
  return tableByLevelAndScript(credentialsAllowed);
}

/** `fact(script, level)` for every level and script: the shape of the tables the pack gets. */
function tableByLevelAndScript(fact: (script: ScriptName, level: TrustLevel) => string[]): Record<TrustLevel, Record<ScriptName, string[]>> {
  return Object.fromEntries(TRUST_LEVELS.map((level) => [level, Object.fromEntries((Object.keys(SCRIPT_CATALOG) as ScriptName[]).map((s) => [s, fact(s, level)]))])) as Record<TrustLevel, Record<ScriptName, string[]>>;
}

/** Placeholder names per level and script, over all the script's products: the table the pack gets. */
export function placeholderTable(): Record<TrustLevel, Record<ScriptName, string[]>> {
  return tableByLevelAndScript((script, level) => [...new Set(SCRIPT_CATALOG[script].products.flatMap((product) => placeholderNames(script, level, product)))].sort());
}
