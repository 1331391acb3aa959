// Writes a stack plan to out/<stack>/: manifests.yaml (apply order) and resources.json.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { redactSecrets } from "./mocks";
import type { StackPlan } from "./evaluate";
import { FXCI_CONFIG_HEADER, fxciConfig } from "../../components/services/handoff/fxciConfig";
import type { StagingRelease } from "../../components/services/handoff/stagingRelease";

/** The order `kubectl apply` needs: namespaces and guardrails first, workloads last. */
export const APPLY_ORDER = [
  "Namespace",
  "ResourceQuota",
  "LimitRange",
  "NetworkPolicy",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ConfigMap",
  "Secret",
  "PersistentVolumeClaim",
  "Service",
  "StatefulSet",
  "Deployment",
  "Job",
  "CronJob",
  "PodDisruptionBudget",
  "ManagedCertificate",
  "Ingress",
];

export function orderedManifests(plan: StackPlan): Record<string, unknown>[] {
  const rank = (kind: unknown) => {
    const i = APPLY_ORDER.indexOf(String(kind));
    return i === -1 ? APPLY_ORDER.length : i;
  };
  return plan.kubeObjects
    .map((k, i) => ({ i, object: redactSecrets(k.resource.inputs) as Record<string, unknown> }))
    .sort((a, b) => rank(a.object.kind) - rank(b.object.kind) || a.i - b.i)
    .map((x) => x.object);
}

export function resourcesJson(plan: StackPlan) {
  return plan.resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    parent: r.parent || null,
    provider: r.provider || null,
    options: r.options,
    inputs: redactSecrets(r.inputs),
  }));
}

export function countsByType(plan: StackPlan): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of plan.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Files that make a directory under out/ a stack's plan output (so only those are ever removed). */
export const STACK_OUTPUT_FILES = ["manifests.yaml", "resources.json", "outputs.json", "staging-release.yaml", "fxci-config.yaml"] as const;
/** The one file a failed stack's out/<stack>/ holds: why there is no plan (reports link to it). */
export const ERROR_MARKER = "ERROR";

/** Stack names only: a `..`, a slash or a leading dot would make out/<stack> a path outside out/. */
export const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export function isStackName(s: string): boolean {
  return STACK_NAME.test(s) && !s.includes("..");
}

/** True for a directory under out/ that this plan wrote for a stack (never anything else, e.g. render/). */
export function isStackOutputDir(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory() && [...STACK_OUTPUT_FILES, ERROR_MARKER].some((f) => fs.existsSync(path.join(dir, f)));
  } catch {
    return false;
  }
}

/**
 * Puts `files` in place as out/<stack>/, all at once: they are written to a hidden sibling directory
 * first, which then replaces the old output by rename. A failure (disk full) leaves the old output
 * untouched and no partial files; the caller decides what the stale output becomes.
 */
function replaceStackDir(outDir: string, stack: string, files: Record<string, string>): string {
  if (!isStackName(stack)) throw new Error(`not a stack name: ${JSON.stringify(stack)}`);
  const dir = path.join(outDir, stack);
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(outDir, `.${stack}.new-`));
  const old = path.join(outDir, `.${stack}.old-${process.pid}-${Date.now()}`);
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), text);
    if (fs.existsSync(dir)) fs.renameSync(dir, old);
    fs.renameSync(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
  return dir;
}

export function stackPlanFiles(plan: StackPlan): Record<string, string> {
  // YAML 1.1 output quotes date-like strings (labels such as due dates), as kubectl's parser needs.
  const docs = orderedManifests(plan).map((o) => YAML.stringify(o, { lineWidth: 0, version: "1.1" }));
  const outputs = Object.fromEntries(Object.entries(plan.outputs).map(([k, v]) => [k, plan.secretOutputNames?.includes(k) ? "[secret]" : v]));
  return {
    "manifests.yaml": docs.join("---\n"),
    "resources.json": JSON.stringify(resourcesJson(plan), null, 2) + "\n",
    "outputs.json": JSON.stringify(redactSecrets(outputs), null, 2) + "\n",
    ...(plan.outputs.stagingRelease ? handoffFiles(redactSecrets(plan.outputs.stagingRelease) as StagingRelease) : {}),
  };
}

/** staging-release.yaml, and fxci-config.yaml when the environment runs its own pools. */
function handoffFiles(handoff: StagingRelease): Record<string, string> {
  const fxci = fxciConfig(handoff);
  return {
    "staging-release.yaml": YAML.stringify(handoff, { lineWidth: 0 }),
    ...(fxci ? { "fxci-config.yaml": FXCI_CONFIG_HEADER + YAML.stringify(fxci, { lineWidth: 0 }) } : {}),
  };
}

export function writeStackPlan(plan: StackPlan, outDir: string): string {
  return replaceStackDir(outDir, plan.stack, stackPlanFiles(plan));
}

/**
 * A failed stack's out/<stack>/ holds only ERROR (why), so no earlier, now stale, manifests look
 * valid. If even that cannot be written (disk full), the old output is removed.
 */
export function writeStackError(stack: string, outDir: string, why: string): void {
  if (!isStackName(stack)) return;
  try {
    replaceStackDir(outDir, stack, { [ERROR_MARKER]: `${why.trimEnd()}\n` });
  } catch {
    fs.rmSync(path.join(outDir, stack), { recursive: true, force: true });
  }
}

/** Removes out/<dir> plan outputs of stacks that no longer exist (only when every stack was planned). */
export function removeStaleOutputs(outDir: string, stacks: readonly string[]): string[] {
  if (!fs.existsSync(outDir)) return [];
  const keep = new Set(stacks);
  const stale = fs.readdirSync(outDir).filter((d) => !d.startsWith(".") && !keep.has(d) && isStackOutputDir(path.join(outDir, d)));
  for (const d of stale) fs.rmSync(path.join(outDir, d), { recursive: true, force: true });
  return stale;
}
