// Which trust level a subject is judged at: every signal at once (labels, the ENV variable, the
// worker type, the stack's name), so a mislabelled pool is still judged by what it declares.
import { LABEL_KEYS } from "../defaults";
import type { StackModel, Subject, TrustLevel } from "./model";

/** Scriptworker's `ENV` values (scriptworker-scripts docker.d/init.sh: prod | fake-prod | dev). */
export const ENV_VALUE_LEVEL: Record<string, TrustLevel> = { prod: "prod", "fake-prod": "dep", dev: "dev" };

/** `{trust}-{level}-{script}[-dev]`, e.g. gecko-3-signing, gecko-t-signing, mobile-1-beetmover-dev. */
export function parseWorkerType(workerType: string): { level: string; script: string; dev: boolean } | undefined {
  const m = /^[a-z0-9]+(?:-[a-z0-9]+)*?-(3|1|t)-([a-z0-9]+)(-dev)?$/.exec(workerType.trim().toLowerCase());
  return m ? { level: m[1], script: m[2], dev: !!m[3] } : undefined;
}

export interface TrustView {
  isPool: boolean;
  isEnvironment: boolean;
  /** Every trust level some signal claims; more than one means the signals disagree. */
  levels: Set<TrustLevel>;
  /** Human-readable signals, e.g. `label trust-level=dep`, `ENV=prod`, `stack pools-dev`. */
  evidence: string[];
  workerLevel?: string;
  script?: string;
  workerType?: string;
}

function envValue(subject: Subject, name: string): string | undefined {
  return subject.env.find((e) => e.name === name && e.value !== undefined)?.value;
}

export function trustOf(subject: Subject, model: StackModel): TrustView {
  const L = subject.labels;
  const levels = new Set<TrustLevel>();
  const evidence: string[] = [];
  const add = (level: TrustLevel | undefined, why: string) => {
    if (!level) return;
    levels.add(level);
    evidence.push(why);
  };
  const trustLabel = L[LABEL_KEYS.trustLevel]?.toLowerCase();
  if (trustLabel) add((["prod", "dep", "dev"] as const).find((l) => l === trustLabel), `label trust-level=${trustLabel}`);
  const env = envValue(subject, "ENV")?.trim().toLowerCase();
  if (env) add(ENV_VALUE_LEVEL[env], `ENV=${env}`);
  const workerType = L[LABEL_KEYS.workerType] ?? envValue(subject, "WORKER_TYPE");
  const parsed = workerType ? parseWorkerType(workerType) : undefined;
  if (parsed) add(parsed.dev ? "dev" : parsed.level === "3" ? "prod" : "dep", `worker type ${workerType}`);
  const workerLevel = (L[LABEL_KEYS.workerLevel] ?? parsed?.level)?.toLowerCase();
  if (workerLevel === "3") add("prod", `worker level 3`);
  if (model.level) add(model.level, `stack ${model.stack}`);
  const script = (L[LABEL_KEYS.script] ?? parsed?.script ?? envValue(subject, "PROJECT_NAME"))?.toLowerCase();

  const kindLabel = L[LABEL_KEYS.kind]?.toLowerCase();
  const hasPoolLabel = [LABEL_KEYS.trustLevel, LABEL_KEYS.workerLevel, LABEL_KEYS.workerType, LABEL_KEYS.script].some((k) => k in L);
  const looksLikeScriptworker = !!env && env in ENV_VALUE_LEVEL && ["COT_PRODUCT", "PROJECT_NAME", "TASKCLUSTER_ROOT_URL"].some((n) => subject.env.some((e) => e.name === n));
  const isPool = model.kind === "pools" || kindLabel === "pools" || hasPoolLabel || looksLikeScriptworker;
  const isEnvironment = model.kind === "environment" || kindLabel === "environment" || LABEL_KEYS.service in L || subject.meta.namespace.startsWith("env-");
  return { isPool, isEnvironment, levels, evidence, workerLevel, script, workerType };
}

/** A pool is judged as prod if anything about it says prod (the strictest reading wins). */
export function claimsProd(t: TrustView): boolean {
  return t.isPool && t.levels.has("prod");
}

/** A pool or environment that anything says is not prod (dep, dev, or an environment at all). */
export function claimsNonProd(t: TrustView): boolean {
  return t.isEnvironment || (t.isPool && (t.levels.has("dep") || t.levels.has("dev")));
}

/** Only a pool every signal calls dev gets dev's allowances. */
export function isDevOnly(t: TrustView): boolean {
  return t.isPool && !t.isEnvironment && t.levels.size === 1 && t.levels.has("dev");
}
