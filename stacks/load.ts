// Turns a stack's raw config (as the Pulumi engine or the offline plan hands it over) into a
// validated, typed StackConfig — or one ConfigError listing every problem. Pure: no Pulumi, no I/O.
import type { z } from "zod";
import { ConfigError } from "./errors";
import type { ConfigProblem } from "../domain/problems";
import { environmentSchema, STACK_KINDS, stackConfigSchema, type StackConfigBody, type StackKind } from "./schema";
import { credentialShape } from "./schema/credentials";
import { envPoolProblems, environmentSecretProblems, ingressProblems } from "./schema/environment";
import { poolsStackProblems } from "./schema/pools";
import { PLATFORM_FIXES } from "./schema/platform";
import { addDays, daysBetween } from "../domain/dates";
import { ENV_STACK_PREFIX } from "../catalog/environment";

export const NAMESPACE = "releng-envs";

export interface RawStackConfig {
  /** Pulumi stack name, e.g. `env-example`. */
  stack: string;
  /** Where the user edits it, e.g. `stacks/Pulumi.env-example.yaml`; named in every error. */
  file: string;
  /** Config of this project's namespace, keys without `releng-envs:`; values already JSON-typed. */
  values: Record<string, unknown>;
  /** Keys (without namespace) the engine marks secret. */
  secretKeys: readonly string[];
  /**
   * Leaf paths under `secrets` written in the stack file as plain text instead of `{secure: ...}`.
   * Only a reader of the file can know (the engine hands decrypted values over); see stackFile.ts.
   */
  plaintextSecretLeaves?: readonly string[];
}

export interface ParseOptions {
  /** Today's date (UTC, YYYY-MM-DD); injected so tests and `--today` can pin it. */
  today: string;
}

/** What the program sees: the validated body plus the names (never values) of supplied secrets. */
export type StackConfig = StackConfigBody & {
  stack: string;
  file: string;
  /** Dot paths of leaves under `releng-envs:secrets`, e.g. `shipit.authClientSecret`. */
  secretNames: readonly string[];
};

export type EnvironmentStack = Extract<StackConfig, { kind: "environment" }>;
export type PoolsStack = Extract<StackConfig, { kind: "pools" }>;

const STACK_PREFIX: Record<StackKind, string> = { environment: "env-", pools: "pools-", platform: "platform-" };

/** Key names that say "I am a secret"; such a key outside `releng-envs:secrets` is plain text in a stack file. */
const SECRET_LOOKING_KEY = /(password|passwd|passphrase|token|secret|privkey|private[_-]?key|access[_-]?key|api[_-]?key|credentials?|creds)$/i;

const FIX_BY_KEY: Record<string, (stack: string) => string> = {
  kind: (s) => `set releng-envs:kind to one of ${STACK_KINDS.join(", ")} (an env-* stack is an environment): pulumi config set releng-envs:kind environment -s ${s}`,
  name: (s) => `set releng-envs:name to the part of the stack name after 'env-' (lower-case letters, digits, '-'): pulumi config set releng-envs:name ${s.replace(/^env-/, "")} -s ${s}`,
  holder: (s) => `set releng-envs:holder to your email: pulumi config set releng-envs:holder you@mozilla.com -s ${s}`,
  purpose: (s) => `say what the environment is for: pulumi config set releng-envs:purpose "Staging release of Firefox 140.0b3" -s ${s}`,
  checkedOut: () => `set releng-envs:checkedOut to the checkout date (YYYY-MM-DD), not in the future`,
  sample: () => `set releng-envs:sample to true (documentation stack) or remove it`,
  due: () => `set releng-envs:due to a date (YYYY-MM-DD) between today and the maximum ahead, or run: npx releng-envs renew <name> --days N`,
  maxDueDays: () => `remove releng-envs:maxDueDays to use the project default from Pulumi.yaml, or give a whole number of days between 1 and 365`,
  asleep: (s) => `set releng-envs:asleep to true or false: pulumi config set releng-envs:asleep false -s ${s}`,
  services: () => `list the services to check out, a subset of balrog, bouncer, shipit, archive, e.g. services: [balrog, archive]`,
  kubernetes: () =>
    `set releng-envs:kubernetes.target to render (default, no cluster; optional renderDirectory, an absolute path or one relative to the project root, and allowRenderInWorkTree: true|false), kubeconfig (with optional context) or gke (with platformStack); see docs/config.md`,
  quota: () => `give Kubernetes quantities (e.g. requestsCpu: "8", requestsMemory: 16Gi) or remove the key for the defaults`,
  containerLimits: () => `give Kubernetes quantities (e.g. defaultLimitMemory: 1Gi) or remove the key for the defaults`,
  ingress: () => `ingress takes domain (base domain, render/kubeconfig targets only), className, clusterIssuer and controllerNamespace; see docs/config.md`,
  egress: () => `egress.allowHosts takes bare HTTPS host names (archive.mozilla.org), no scheme, port, path or wildcard`,
  level: (s) => `set releng-envs:level to prod, dep or dev, matching the stack name: pulumi config set releng-envs:level ${s.replace(/^pools-/, "").split("-")[0]} -s ${s}`,
  pools: () => `pools stacks: list pools as {script, product} objects, e.g. pools: [{script: signing, product: firefox}] (docs/pools.md); environment stacks: a subset of balrog, beetmover, bouncer, shipit (docs/staging-release.md)`,
  secrets: (s) => `set each secret with: pulumi config set --secret --path 'releng-envs:secrets.<name>' VALUE -s ${s}`,
  ...PLATFORM_FIXES,
};

function keyPath(path: readonly PropertyKey[]): string {
  let out = NAMESPACE + ":";
  path.forEach((p, i) => {
    if (typeof p === "number") out += `[${p}]`;
    // A key is echoed like any value would be: not when it is shaped like a credential.
    else out += (i === 0 ? "" : ".") + (credentialShape(String(p)) ? "(a key not shown)" : String(p));
  });
  return out;
}

function fixFor(stack: string, path: readonly PropertyKey[], explicit?: unknown): string {
  if (typeof explicit === "string") return explicit;
  const top = String(path[0] ?? "");
  return FIX_BY_KEY[top]?.(stack) ?? `edit the key in the stack file; see docs/config.md for every key and its format`;
}

/**
 * What kind of value was given, never the value itself: a refused value may be a pasted secret, and
 * errors end up in CI logs. The key path says where it is.
 */
function describeGot(values: Record<string, unknown>, path: readonly PropertyKey[]): string {
  let v: unknown = values;
  for (const p of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p as string] : undefined;
  if (v === undefined) return "";
  if (v === null) return " (got an empty value)";
  if (typeof v === "string") return ` (got text of ${[...v].length} character${[...v].length === 1 ? "" : "s"})`;
  if (typeof v === "boolean") return ` (got ${v})`;
  if (typeof v === "number") return " (got a number)";
  return Array.isArray(v) ? " (got a list)" : " (got a map)";
}

function zodProblems(stack: string, values: Record<string, unknown>, error: z.ZodError): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) {
        problems.push({
          key: keyPath([...issue.path, k]),
          problem: "is not a known key",
          fix: `remove it or check its spelling; see docs/config.md for the keys of this stack kind`,
        });
      }
      continue;
    }
    const missing = issue.code === "invalid_type" && describeGot(values, issue.path) === "";
    problems.push({
      key: keyPath(issue.path),
      problem: missing ? "is required but missing" : issue.message + (issue.code === "custom" ? "" : describeGot(values, issue.path)),
      fix: fixFor(stack, issue.path, (issue as { params?: { fix?: unknown } }).params?.fix),
    });
  }
  return problems;
}

function leafPaths(v: unknown, prefix = ""): string[] {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    return Object.entries(v as Record<string, unknown>).flatMap(([k, c]) => leafPaths(c, prefix ? `${prefix}.${k}` : k));
  }
  return prefix ? [prefix] : [];
}

function plaintextSecretProblems(stack: string, values: Record<string, unknown>): ConfigProblem[] {
  const found: ConfigProblem[] = [];
  const walk = (v: unknown, path: PropertyKey[]) => {
    if (Array.isArray(v)) v.forEach((c, i) => walk(c, [...path, i]));
    else if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
    else if (typeof v === "string" && v.length > 0) {
      const last = [...path].reverse().find((p) => typeof p === "string") as string | undefined;
      const shape = credentialShape(v);
      if (shape) {
        found.push({
          key: keyPath(path),
          problem: `looks like ${shape}: a credential written in plain text in the stack file (not shown here)`,
          fix: shape.startsWith("a URL")
            ? "remove the user name and password from the URL; give credentials only as Pulumi secrets under releng-envs:secrets"
            : `remove it; if it is needed, set it as a Pulumi secret instead: pulumi config set --secret --path 'releng-envs:secrets.<name>' VALUE -s ${stack}`,
        });
      } else if (last && SECRET_LOOKING_KEY.test(last)) {
        found.push({
          key: keyPath(path),
          problem: "looks like a secret written in plain text in the stack file",
          fix: `remove it and set it as a Pulumi secret instead: pulumi config set --secret --path 'releng-envs:secrets.<name>' VALUE -s ${stack}`,
        });
      }
    }
  };
  walk(values, []);
  return found;
}

export function parseStackConfig(raw: RawStackConfig, options: ParseOptions): StackConfig {
  const { stack, file } = raw;
  const problems: ConfigProblem[] = [];
  const { secrets, ...values } = raw.values;

  for (const k of raw.secretKeys) {
    if (k !== "secrets") {
      problems.push({
        key: `${NAMESPACE}:${k}`,
        problem: "is a secret, but only releng-envs:secrets may hold secrets (other keys are printed in plans and outputs)",
        fix: `store it under secrets instead: pulumi config rm ${NAMESPACE}:${k} -s ${stack} && pulumi config set --secret --path '${NAMESPACE}:secrets.<name>' VALUE -s ${stack}`,
      });
    }
  }
  let secretNames: string[] = [];
  if (secrets !== undefined) {
    if (!raw.secretKeys.includes("secrets") && (raw.plaintextSecretLeaves ?? []).length === 0) {
      problems.push({ key: `${NAMESPACE}:secrets`, problem: "holds plain text; every value under it must be a Pulumi secret", fix: FIX_BY_KEY.secrets(stack) });
    } else if (!raw.secretKeys.includes("secrets")) {
      // Reported leaf by leaf below.
    } else if (!secrets || typeof secrets !== "object" || Array.isArray(secrets)) {
      problems.push({ key: `${NAMESPACE}:secrets`, problem: "must be a map of secret names to secret values", fix: FIX_BY_KEY.secrets(stack) });
    } else {
      secretNames = leafPaths(secrets);
    }
  }
  for (const leaf of raw.plaintextSecretLeaves ?? []) {
    problems.push({ key: `${NAMESPACE}:secrets.${leaf}`, problem: "is written in plain text in the stack file", fix: `encrypt it: pulumi config set --secret --path '${NAMESPACE}:secrets.${leaf}' VALUE -s ${stack}` });
  }
  problems.push(...plaintextSecretProblems(stack, values));

  const kind = (STACK_KINDS as readonly unknown[]).includes(values.kind) ? (values.kind as StackKind) : undefined;
  if (kind && !stack.startsWith(STACK_PREFIX[kind])) {
    // The other keys were written for another kind of stack: checking them against this kind's
    // schema would bury the one real problem under many false ones.
    problems.unshift({
      key: `${NAMESPACE}:kind`,
      problem: `is '${kind}', but stack '${stack}' is not named ${STACK_PREFIX[kind]}<name>`,
      fix: `name ${kind} stacks ${STACK_PREFIX[kind]}<name> (pulumi stack rename), or set the kind that matches the stack name`,
    });
    throw new ConfigError(stack, file, dedupe(problems));
  }

  const parsed = stackConfigSchema.safeParse(values);
  if (!parsed.success) problems.push(...zodProblems(stack, values, parsed.error));

  if (kind === "environment") {
    // Cross-field checks run on whichever fields are valid, so one run reports every problem.
    const dates = environmentSchema.pick({ name: true, due: true, checkedOut: true, sample: true, maxDueDays: true }).loose().safeParse(values);
    if (dates.success) problems.push(...environmentProblems(stack, dates.data, options));
    problems.push(...ingressProblems(values), ...envPoolProblems(values), ...environmentSecretProblems(values, secretNames));
  }

  if (kind === "pools") problems.push(...poolsStackProblems(stack, values, secretNames));

  if (problems.length > 0) throw new ConfigError(stack, file, dedupe(problems));
  return { ...(parsed.data as StackConfigBody), stack, file, secretNames };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.key}\u0000${p.problem}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

/** The date an environment's due date is judged against: today, or a sample's checkout date. */
export function evaluationDate(env: { sample: boolean; checkedOut?: string }, today: string): string {
  return env.sample && env.checkedOut ? env.checkedOut : today;
}

type EnvironmentDates = Pick<Extract<StackConfigBody, { kind: "environment" }>, "name" | "due" | "checkedOut" | "sample" | "maxDueDays">;

function environmentProblems(stack: string, env: EnvironmentDates, options: ParseOptions): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (env.sample && !env.checkedOut) {
    problems.push({ key: `${NAMESPACE}:checkedOut`, problem: "is required for a sample stack (it is evaluated as of that date)", fix: `add checkedOut: YYYY-MM-DD, or remove sample: true` });
  }
  if (env.checkedOut && env.checkedOut > options.today) {
    problems.push({ key: `${NAMESPACE}:checkedOut`, problem: `${env.checkedOut} is in the future (today is ${options.today})`, fix: `set it to the date the environment was checked out or renewed (npx releng-envs checkout/renew write it)` });
  }
  const today = evaluationDate(env, options.today);
  if (stack !== `${ENV_STACK_PREFIX}${env.name}`) {
    const named = stack.startsWith(ENV_STACK_PREFIX) ? stack.slice(ENV_STACK_PREFIX.length) : stack;
    problems.push({
      key: `${NAMESPACE}:name`,
      problem: `is '${env.name}', but the stack is '${stack}'; an environment's stack is env-<name>`,
      fix: `set it to '${named}' (pulumi config set ${NAMESPACE}:name ${named} -s ${stack}), or check out a new environment with that name`,
    });
  }
  const latest = addDays(today, env.maxDueDays);
  // Being overdue is lifecycle, not syntax: the pack's environment-not-overdue finding and the
  // reaper's business, so an overdue environment never fails the config of an unrelated change.
  if (env.checkedOut && env.due < env.checkedOut) {
    problems.push({
      key: `${NAMESPACE}:due`,
      problem: `${env.due} is in the past: before the checkout date ${env.checkedOut}`,
      fix: `set a due date after checkedOut (npx releng-envs renew ${env.name} --days N writes both)`,
    });
  } else if (env.due > latest) {
    problems.push({
      key: `${NAMESPACE}:due`,
      problem: `${env.due} is ${daysBetween(today, env.due)} days ahead; at most ${env.maxDueDays} days are allowed (until ${latest})`,
      fix: `set a due date on or before ${latest}; renew later if you need longer`,
    });
  }
  return problems;
}
