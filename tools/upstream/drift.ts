// Drift: what changed upstream since the committed contract data, and whether it breaks a workload
// this project declares. A change breaks when a declared stack's workload that satisfies the
// committed contract violates the fresh one, when the catalogue allows a combination upstream
// start-up no longer completes, or when a declared pool's worker type is no longer served.
import type { AppFacts, ScriptFacts, ServiceFacts, StartupFacts, UpstreamData } from "../../catalog/upstreamContract";
import { checkObjects, unservedWorkerTypes, type Violation } from "../contract/check";
import type { DeclaredStack } from "../contract/stacks";

export interface Drift {
  /** Every difference found, one line each. */
  changes: string[];
  /** The differences that break a declared workload (non-empty → exit 1). */
  breaking: string[];
}

const diffList = (before: readonly string[] = [], after: readonly string[] = []) => ({
  added: after.filter((x) => !before.includes(x)),
  removed: before.filter((x) => !after.includes(x)),
});

function describeList(prefix: string, before: readonly string[] | undefined, after: readonly string[] | undefined, out: string[]) {
  const d = diffList(before, after);
  if (d.added.length) out.push(`${prefix}: + ${d.added.join(", ")}`);
  if (d.removed.length) out.push(`${prefix}: - ${d.removed.join(", ")}`);
}

function startupChanges(script: string, a: ScriptFacts, b: ScriptFacts, out: string[]) {
  const envs = new Set([...Object.keys(a.startup), ...Object.keys(b.startup)]);
  for (const env of envs) {
    const products = new Set([...Object.keys(a.startup[env] ?? {}), ...Object.keys(b.startup[env] ?? {})]);
    for (const product of products) {
      const x: StartupFacts | undefined = a.startup[env]?.[product];
      const y: StartupFacts | undefined = b.startup[env]?.[product];
      const where = `scriptworker ${script} ENV=${env} COT_PRODUCT=${product}`;
      if (!x || !y) continue;
      if (x.starts !== y.starts) {
        out.push(`${where}: start-up ${y.starts ? "now completes" : `now exits${y.starts === false ? ` ${y.exitCode}` : ""}`}`);
        continue;
      }
      if (x.starts && y.starts) {
        for (const file of new Set([...Object.keys(x.requires), ...Object.keys(y.requires)])) describeList(`${where} ${file} requires`, x.requires[file], y.requires[file], out);
      }
    }
  }
}

function scriptworkerChanges(a: UpstreamData["scriptworker-scripts"], b: UpstreamData["scriptworker-scripts"], out: string[]) {
  describeList("scriptworker scripts", Object.keys(a.scripts), Object.keys(b.scripts), out);
  for (const script of Object.keys(a.scripts).filter((s) => b.scripts[s])) {
    const x = a.scripts[script];
    const y = b.scripts[script];
    if (JSON.stringify(x.image.cmd) !== JSON.stringify(y.image.cmd) || JSON.stringify(x.image.entrypoint) !== JSON.stringify(y.image.entrypoint)) out.push(`scriptworker ${script} image process: ${JSON.stringify([...(x.image.entrypoint ?? []), ...(x.image.cmd ?? [])])} → ${JSON.stringify([...(y.image.entrypoint ?? []), ...(y.image.cmd ?? [])])}`);
    describeList(`scriptworker ${script} image files`, x.image.files, y.image.files, out);
    describeList(`scriptworker ${script} templates`, Object.keys(x.templates), Object.keys(y.templates), out);
    for (const t of Object.keys(x.templates).filter((t) => y.templates[t])) describeList(`scriptworker ${script} ${t} references`, x.templates[t].references, y.templates[t].references, out);
    startupChanges(script, x, y, out);
  }
}

function appChanges(name: string, x: AppFacts, y: AppFacts, out: string[]) {
  const req = (f: AppFacts) => f.env.filter((e) => e.use === "required").map((e) => e.name);
  describeList(`${name} required env`, req(x), req(y), out);
  describeList(`${name} env read`, x.env.map((e) => e.name), y.env.map((e) => e.name), out);
  describeList(`${name} routes`, x.routes.map((r) => r.path), y.routes.map((r) => r.path), out);
  describeList(`${name} health`, x.health, y.health, out);
  describeList(`${name} ports`, x.ports.map(String), y.ports.map(String), out);
  if (JSON.stringify(x.process) !== JSON.stringify(y.process)) out.push(`${name} process: ${JSON.stringify(x.process)} → ${JSON.stringify(y.process)}`);
  describeList(`${name} image files`, x.image.files, y.image.files, out);
}

function serviceChanges(a: ServiceFacts, b: ServiceFacts, out: string[]) {
  describeList(`${a.repository} apps`, Object.keys(a.apps), Object.keys(b.apps), out);
  for (const app of Object.keys(a.apps).filter((x) => b.apps[x])) appChanges(`${a.repository} ${app}`, a.apps[app], b.apps[app], out);
}

/** Every difference between two sets of contract data, one line each. */
export function describeChanges(a: UpstreamData, b: UpstreamData): string[] {
  const out: string[] = [];
  for (const name of Object.keys(a) as (keyof UpstreamData)[]) if (a[name].commit !== b[name].commit) out.push(`${a[name].repository}: ${a[name].commit.slice(0, 12)} → ${b[name].commit.slice(0, 12)}`);
  scriptworkerChanges(a["scriptworker-scripts"], b["scriptworker-scripts"], out);
  for (const name of ["balrog", "shipit", "go-bouncer", "bouncer-admin"] as const) serviceChanges(a[name], b[name], out);
  for (const cluster of new Set([...Object.keys(a["k8s-autoscale"].clusters), ...Object.keys(b["k8s-autoscale"].clusters)])) {
    const types = (d: UpstreamData) => (d["k8s-autoscale"].clusters[cluster] ?? []).map((w) => w.workerType);
    describeList(`k8s-autoscale ${cluster} worker types`, types(a), types(b), out);
  }
  return out;
}

const key = (v: Violation) => `${v.workload}: ${v.problem}`;

export interface DriftOptions {
  /** The declared stacks, planned (tools/contract/stacks.ts declaredStacks). */
  declared: DeclaredStack[];
  /** (script, ENV, COT_PRODUCT) combinations the catalogue allows. */
  allowed: { script: string; env: string; product: string }[];
  workerTypeLabel: string;
}

/**
 * A stack's objects checked against one contract, once: the committed contract is the baseline of
 * every fresh one compared with it, and checking runs upstream's start-up scripts.
 */
const checked = new WeakMap<UpstreamData, WeakMap<DeclaredStack, Promise<Violation[]>>>();

function violations(stack: DeclaredStack, data: UpstreamData): Promise<Violation[]> {
  let byStack = checked.get(data);
  if (!byStack) checked.set(data, (byStack = new WeakMap()));
  let result = byStack.get(stack);
  if (!result) byStack.set(stack, (result = checkObjects(stack.objects, data)));
  return result;
}

export async function checkDrift(committed: UpstreamData, fresh: UpstreamData, options: DriftOptions): Promise<Drift> {
  const changes = describeChanges(committed, fresh);
  const breaking: string[] = [];
  for (const stack of options.declared) {
    if (stack.error) continue;
    const before = new Set((await violations(stack, committed)).map(key));
    for (const v of await violations(stack, fresh)) if (!before.has(key(v))) breaking.push(`${stack.stack}: ${key(v)}`);
    const unservedBefore = new Set(unservedWorkerTypes(stack.objects, committed, options.workerTypeLabel));
    for (const w of unservedWorkerTypes(stack.objects, fresh, options.workerTypeLabel)) if (!unservedBefore.has(w)) breaking.push(`${stack.stack}: worker type ${w} is no longer served by k8s-autoscale`);
  }
  for (const { script, env, product } of options.allowed) {
    const before = committed["scriptworker-scripts"].scripts[script]?.startup[env]?.[product];
    const after = fresh["scriptworker-scripts"].scripts[script]?.startup[env]?.[product];
    if (before?.starts && !after?.starts) breaking.push(`catalogue: ${script} ENV=${env} COT_PRODUCT=${product} is allowed (catalog/scripts.ts) but upstream start-up no longer completes`);
  }
  return { changes, breaking };
}

export function formatDrift(drift: Drift): string {
  const lines: string[] = [];
  lines.push(drift.changes.length ? `Upstream changes since the committed contract data (${drift.changes.length}):` : "No upstream change since the committed contract data.");
  for (const c of drift.changes) lines.push(`  ${c}`);
  if (drift.breaking.length) {
    lines.push(`Breaks declared workloads (${drift.breaking.length}):`);
    for (const b of drift.breaking) lines.push(`  ${b}`);
    lines.push("Fix: adapt the workloads (or the catalogue) to the new contract, then refresh the data: npm run upstream -- <dir> (docs/upstream.md).");
  } else if (drift.changes.length) lines.push("None of these breaks a declared workload; refresh the data: npm run upstream -- <dir> (docs/upstream.md).");
  return lines.join("\n");
}
