// Config of a `pools` stack: every scriptworker pool of one trust level. A pool is a script and a
// COT product; catalog/scripts.ts fills in grace periods, resources, replicas and secret names.
// Segregation between levels is checked here (and again, independently, by the policy pack).
import { z } from "zod";
import { canonicalUrl } from "../../catalog/canonical";
import { COT_PRODUCTS } from "../../catalog/pools";
import { SCRIPT_CATALOG, SCRIPTS } from "../../catalog/scripts";
import { AUTOGRAPH_FORMATS, AUTOGRAPH_SERVER_HOSTS, AUTOGRAPH_SERVERS_ALLOWED, BUCKETS_ALLOWED, CERT_SCOPE_PREFIX, CERT_SCOPES_ALLOWED, TRUST_LEVELS, type TrustLevel } from "../../catalog/trust";
import { poolNames } from "../../domain/pools/names";
import type { ConfigProblem } from "../../domain/problems";
import { acceptedSecrets, autographCredentialsAllowed, credentialEnv, fullCertScope, refusedAtLevel, resolveAutographServer, secretForbiddenReason } from "../../domain/pools/rules";
import { kubernetesTarget } from "./common";

const quantity = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((s) => /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.test(s), "must be a Kubernetes quantity like 500m, 2, 512Mi or 16Gi");

const cpuMemory = z.object({ cpu: quantity.optional(), memory: quantity.optional() }).strict();

/** An image reference: `repo[:tag]` and/or `@sha256:<64 hex>`, no whitespace or scheme. */
const imageRef = z
  .string({ error: "expected an image reference like mozilla/releng-signingscript:production" })
  .regex(/^[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, "must be an image reference like mozilla/releng-signingscript:production or repo@sha256:<digest>");

const envVarName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be an env var name in capitals, like AUTOGRAPH_GPG");

export const autographServerSchema = z
  .object({
    /** `prod`, `stage`, or an https URL of an Autograph server. */
    server: z.string({ error: "expected prod, stage or an https URL" }).superRefine((s, ctx) => {
      if (s === "prod" || s === "stage") return;
      const u = canonicalUrl(s, { allowPath: false });
      if (!u.ok) ctx.addIssue({ code: "custom", message: `${u.problem}; must be prod, stage or an https URL of an Autograph server`, params: { fix: "write server: prod (or stage, dev pools only)" } });
    }),
    formats: z.array(z.string().regex(/^[a-z0-9_]+$/, "must be a signing format name like autograph_gpg")).min(1, "must list at least one format"),
    keyId: z.string().min(1).optional(),
    /** `dep-signing`, `release-signing`… (prefixed with the product's scope) or a full `project:…:cert:…` scope. */
    certScope: z.string().min(1).optional(),
    /** Prefix of the credential env vars: `AUTOGRAPH_GPG` → AUTOGRAPH_GPG_USERNAME / AUTOGRAPH_GPG_PASSWORD (Secret keys). */
    credentialsEnv: envVarName,
  })
  .strict();

/** A GCS bucket name (3–63 characters; dotted names up to 222): lower-case letters, digits, '-', '_', '.'. */
const bucketName = z
  .string({ error: "expected a GCS bucket name" })
  .regex(/^[a-z0-9][-a-z0-9_.]{1,220}[a-z0-9]$/, "must be a GCS bucket name: lower-case letters, digits, '-', '_' and '.', starting and ending with a letter or digit");

/** On the gke target: what the pool's own GCP account may use (Workload Identity). */
export const poolGcpSchema = z
  .object({
    /** Buckets the pool writes to; its account gets the script's bucket roles on each (never a project role). */
    buckets: z.array(bucketName).min(1, "must list at least one bucket (or remove gcp)"),
  })
  .strict();

export const replicasSchema = z
  .object({
    min: z.number().int().min(0).default(0),
    /** Default: the script's catalogue ceiling. */
    max: z.number().int().min(1).max(200).optional(),
    /** Replicas at creation; afterwards the autoscaler owns spec.replicas. */
    initial: z.number().int().min(0).default(0),
  })
  .strict();

export const poolSchema = z
  .object({
    script: z.enum(SCRIPTS, oneOf("script", SCRIPTS)),
    product: z.enum(COT_PRODUCTS, oneOf("product", COT_PRODUCTS)),
    /** Default `mozilla/releng-<script>script:<production|dev>`; prod pools are pinned by digest. */
    image: imageRef.optional(),
    replicas: replicasSchema.default(() => replicasSchema.parse({})),
    resources: z.object({ requests: cpuMemory.optional(), limits: cpuMemory.optional() }).strict().optional(),
    /** Signing pools: which format goes to which Autograph, with which credentials. */
    autograph: z.array(autographServerSchema).optional(),
    /** Store scripts only: whether the pool pushes to the store. The image pushes only when ENV=prod. */
    storePush: z.boolean({ error: "expected true or false" }).optional(),
    /** gke target, scripts that use GCP (catalog/scripts.ts `gcp`): buckets the pool's GCP account may write to. */
    gcp: poolGcpSchema.optional(),
  })
  .strict();
export type PoolConfig = z.infer<typeof poolSchema>;

/** Enum error that says "missing" when the key is absent (zod reports both as invalid values). */
function oneOf(what: string, values: readonly string[]) {
  return { error: (iss: { input?: unknown }) => (iss.input === undefined ? "is required but missing" : `${what} must be one of: ${values.join(", ")}`) };
}

type Issue = { path: PropertyKey[]; message: string; fix: string };

/** Cross-field checks of one pool at `level` (product served, Autograph, store pushes, replicas). */
export function poolIssues(level: TrustLevel, pool: PoolConfig): Issue[] {
  const issues: Issue[] = [];
  const entry = SCRIPT_CATALOG[pool.script];
  if (!entry.products.includes(pool.product)) {
    issues.push({ path: ["product"], message: `${pool.script} does not serve ${pool.product}`, fix: `use one of ${entry.products.join(", ")} (catalog/scripts.ts), or add the product there if the image now supports it` });
  }
  const refused = refusedAtLevel(pool.script, level, pool.product);
  if (refused) {
    issues.push({ path: ["product"], message: `a ${level} ${pool.script} pool of ${pool.product} is not available at this level`, fix: refused });
  }
  const max = pool.replicas.max ?? entry.maxReplicas;
  if (pool.replicas.min > max) issues.push({ path: ["replicas", "min"], message: `is ${pool.replicas.min}, above max (${max})`, fix: "set min ≤ max (min 0 lets the autoscaler stop every worker when the queue is empty)" });
  if (pool.replicas.initial < pool.replicas.min || pool.replicas.initial > max) {
    issues.push({ path: ["replicas", "initial"], message: `is ${pool.replicas.initial}, outside min..max (${pool.replicas.min}..${max})`, fix: "set initial between min and max" });
  }

  if (pool.storePush !== undefined) {
    if (!entry.store) issues.push({ path: ["storePush"], message: `${pool.script} does not push to a store`, fix: "remove storePush; only pushapk, pushflatpak and pushmsix pools have it" });
    else if (pool.storePush && level !== "prod") {
      issues.push({ path: ["storePush"], message: `a ${level} pool may not push to a store (only prod pools ship to stores; non-prod store pools only spot-check)`, fix: "remove storePush (non-prod pools run with ENV fake-prod/dev: do_not_contact_server, push_to_flathub: false, push_to_store: false)" });
    } else if (!pool.storePush && level === "prod") {
      issues.push({ path: ["storePush"], message: "a prod store pool always pushes: the image decides from ENV=prod (pushmsixscript/docker.d/worker.yml push_to_store)", fix: "remove storePush, or remove the pool if it must not push" });
    }
  }

  if (pool.gcp) {
    if (!entry.gcp) issues.push({ path: ["gcp"], message: `${pool.script} pools do not use Google Cloud`, fix: "remove gcp; only scripts with gcp access in catalog/scripts.ts (beetmover) get a GCP account" });
    pool.gcp.buckets.forEach((bucket, i) => {
      // A malformed name is reported by the field's own schema; judge only well-formed ones here.
      if (bucketName.safeParse(bucket).success && !BUCKETS_ALLOWED[level].includes(bucket)) {
        issues.push({ path: ["gcp", "buckets", i], message: `${bucket} is not a bucket a ${level} pool may write to (allowed: ${BUCKETS_ALLOWED[level].join(", ")})`, fix: "list one of the level's buckets (catalog/trust.ts BUCKETS_ALLOWED; production buckets only in pools-prod)" });
      }
    });
  }

  if (!entry.signing) {
    if (pool.autograph) issues.push({ path: ["autograph"], message: `${pool.script} pools do not sign through Autograph`, fix: "remove autograph; only signing pools list Autograph servers" });
    return issues;
  }
  if (!pool.autograph || pool.autograph.length === 0) {
    issues.push({ path: ["autograph"], message: "a signing pool must list its Autograph servers", fix: "add autograph: [{server: prod, formats: [autograph_gpg], credentialsEnv: AUTOGRAPH_GPG}] (see docs/pools.md)" });
    return issues;
  }
  const prefix = CERT_SCOPE_PREFIX[pool.product];
  pool.autograph.forEach((s, i) => {
    const at = (k: string) => ["autograph", i, k];
    const server = resolveAutographServer(s.server);
    const allowedServers = AUTOGRAPH_SERVERS_ALLOWED[level];
    if (!server.server || !allowedServers.includes(server.server)) {
      const hosts = allowedServers.flatMap((x) => AUTOGRAPH_SERVER_HOSTS[x]);
      issues.push({
        path: at("server"),
        message: server.server === "stage" ? `${server.host} is Autograph stage; a ${level} pool may never send a format to it (if stage went down, ${level === "prod" ? "releases" : "CI signing"} would stop)` : `${server.host || s.server} is not an Autograph server a ${level} pool may use (${hosts.join(", ")})`,
        fix: level === "dev" ? "use server: prod or server: stage" : "use server: prod (dep pools sign with dep keys on production Autograph)",
      });
    } else {
      const formats = AUTOGRAPH_FORMATS[server.server];
      const bad = s.formats.filter((f) => !formats.includes(f));
      if (bad.length > 0) issues.push({ path: at("formats"), message: `${bad.join(", ")} ${bad.length === 1 ? "is not a format" : "are not formats"} of Autograph ${server.server}`, fix: `use formats Autograph ${server.server} serves (catalog/trust.ts AUTOGRAPH_FORMATS), e.g. ${formats[0]}` });
    }
    const allowedCredentials = autographCredentialsAllowed(level, server.server);
    const { usernameEnv, passwordEnv } = credentialEnv(s.credentialsEnv);
    const forbidden = [usernameEnv, passwordEnv].map((n) => secretForbiddenReason(level, n)).find(Boolean);
    if (forbidden) issues.push({ path: at("credentialsEnv"), message: forbidden, fix: level === "prod" ? "use the production credentials (AUTOGRAPH_<FORMAT>) and production Autograph" : "use the dep credentials of the format (e.g. AUTOGRAPH_MAR for MAR on dep)" });
    else if (server.server && !allowedCredentials.includes(s.credentialsEnv)) {
      issues.push({ path: at("credentialsEnv"), message: `${s.credentialsEnv} is not an Autograph credential a ${level} pool may use with Autograph ${server.server}`, fix: `use one of: ${allowedCredentials.join(", ")}` });
    }
    const scope = s.certScope ?? (level === "prod" ? undefined : "dep-signing");
    if (scope === undefined) {
      issues.push({ path: at("certScope"), message: "is required for prod pools", fix: `set certScope to one of ${CERT_SCOPES_ALLOWED.prod.join(", ")} (one entry per scope)` });
      return;
    }
    const full = fullCertScope(pool.product, scope);
    const name = /cert:([a-z0-9-]+)$/.exec(full ?? "")?.[1];
    if (!full || !prefix) {
      issues.push({ path: at("certScope"), message: `no cert scope prefix is known for ${pool.product}`, fix: "add the product's prefix to catalog/trust.ts CERT_SCOPE_PREFIX (from signingscript/docker.d/worker.yml)" });
    } else if (!full.startsWith(`${prefix}cert:`) || !name || full !== `${prefix}cert:${name}`) {
      issues.push({ path: at("certScope"), message: `${full} is not a cert scope of ${pool.product} (${prefix}cert:<name>)`, fix: `write the short name, e.g. certScope: ${CERT_SCOPES_ALLOWED[level][0]}` });
    } else if (!CERT_SCOPES_ALLOWED[level].includes(name)) {
      issues.push({ path: at("certScope"), message: `${full} is not a cert scope a ${level} pool may hold (…cert:{${CERT_SCOPES_ALLOWED[level].join(",")}})`, fix: level === "prod" ? `use one of ${CERT_SCOPES_ALLOWED.prod.join(", ")}` : "use certScope: dep-signing (or remove it: dep-signing is the default below prod)" });
    }
  });
  return issues;
}

export const poolsSchema = z
  .object({
    kind: z.literal("pools"),
    level: z.enum(TRUST_LEVELS, oneOf("level", TRUST_LEVELS)),
    kubernetes: kubernetesTarget.default({ target: "render" }),
    pools: z.array(poolSchema).min(1, "must list at least one pool"),
    /** A documentation stack (e.g. pools-dev-gke): planned offline, never deployed or previewed by CI; `pulumi up` refuses it. */
    sample: z.boolean({ error: "expected true or false" }).default(false),
    /** Project default from Pulumi.yaml (environments' due dates); the engine passes it to every stack. Unused here. */
    maxDueDays: z.number().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.pools.forEach((pool, i) => {
      const wt = poolNames({ ...pool, level: v.level }).workerType;
      if (seen.has(wt)) {
        ctx.addIssue({ code: "custom", path: ["pools", i], message: `declares ${wt} again (already pools[${seen.get(wt)}])`, params: { fix: "list each script and product once per stack" } });
      }
      seen.set(wt, i);
      if (pool.gcp && v.kubernetes.target !== "gke") {
        ctx.addIssue({ code: "custom", path: ["pools", i, "gcp"], message: `is used only on the gke target (a GCP account through Workload Identity); this stack's target is ${v.kubernetes.target}`, params: { fix: "remove gcp, or set releng-envs:kubernetes to {target: gke, platformStack: …} (docs/platform.md)" } });
      }
      for (const issue of poolIssues(v.level, pool)) {
        ctx.addIssue({ code: "custom", path: ["pools", i, ...issue.path], message: issue.message, params: { fix: issue.fix } });
      }
    });
  });

/**
 * Checks that need the supplied secret names (which the schema never sees): every secret sits
 * under `secrets.pools.<worker-type>.<ENV_VAR>`, belongs to a declared pool that uses it, and is
 * allowed at the stack's level. Also: a pools stack is named `pools-<level>[-…]`.
 */
export function poolsStackProblems(stack: string, values: { level?: unknown; pools?: unknown }, secretNames: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const level = (TRUST_LEVELS as readonly unknown[]).includes(values.level) ? (values.level as TrustLevel) : undefined;
  if (!level) return problems;
  if (stack !== `pools-${level}` && !stack.startsWith(`pools-${level}-`)) {
    problems.push({
      key: "releng-envs:level",
      problem: `is '${level}', but stack '${stack}' is not named pools-${level}[-<suffix>]`,
      fix: `set the level that matches the stack name, or declare ${level} pools in the pools-${level} stack (one trust level per stack keeps secrets apart)`,
    });
  }
  const parsedPools = z.array(poolSchema).safeParse(values.pools);
  const pools = new Map<string, PoolConfig>();
  if (parsedPools.success) for (const p of parsedPools.data) pools.set(poolNames({ ...p, level }).workerType, p);

  for (const name of secretNames) {
    const key = `releng-envs:secrets.${name}`;
    const [root, workerType, envVar, ...rest] = name.split(".");
    if (root !== "pools" || !workerType || !envVar || rest.length > 0) {
      problems.push({ key, problem: "is not where a pools stack keeps secrets", fix: `move it to releng-envs:secrets.pools.<worker-type>.<ENV_VAR>, e.g. pulumi config set --secret --path 'releng-envs:secrets.pools.gecko-1-balrog.AUTH0_CLIENT_SECRET' VALUE -s ${stack}` });
      continue;
    }
    const forbidden = secretForbiddenReason(level, envVar);
    if (forbidden) {
      problems.push({ key, problem: forbidden, fix: `remove it: pulumi config rm --path 'releng-envs:secrets.${name}' -s ${stack}` });
      continue;
    }
    if (!/^[A-Z][A-Z0-9_]*$/.test(envVar)) {
      problems.push({ key, problem: "is not an env var name (capitals, digits, '_')", fix: "name the secret exactly as the worker's env var, e.g. AUTH0_CLIENT_SECRET" });
      continue;
    }
    const pool = pools.get(workerType);
    if (!parsedPools.success) continue; // pools are reported by the schema
    if (!pool) {
      problems.push({ key, problem: `names pool '${workerType}', which this stack does not declare`, fix: `use one of: ${[...pools.keys()].join(", ")}` });
      continue;
    }
    const accepted = acceptedSecrets({ ...pool, level, autographCredentials: pool.autograph?.map((a) => a.credentialsEnv) });
    if (!accepted.includes(envVar)) {
      problems.push({ key, problem: `${workerType} does not use ${envVar}`, fix: `remove it, or check the spelling; ${workerType} uses: ${accepted.join(", ")}` });
    }
  }
  return problems;
}
