// `releng-envs list`: the catalogue — who holds which environment, with what, until when.
import * as fs from "node:fs";
import { listStacks } from "../stacks/stackFile";
import type { CliContext } from "./context";
import { ENV_STACK_PREFIX } from "../catalog/environment";
import { readEnvironmentEntry, type EnvironmentEntry } from "./environments";
import { CliError } from "./errors";
import { readHolders } from "./holders";
import { readStackState, type StackStateSummary } from "./state";

/** An environment as listed: its entry, its holder's GitHub login (holders.yaml) and, with --state, its state. */
export type CatalogueEntry = EnvironmentEntry & { holderGitHub?: string; state?: StackStateSummary };

export interface ListOptions {
  json?: boolean;
  overdue?: boolean;
  state?: string;
}

export function catalogue(ctx: CliContext, opts: ListOptions = {}): CatalogueEntry[] {
  if (opts.state !== undefined && !fs.existsSync(opts.state)) {
    throw new CliError(`--state ${opts.state}: no such directory. Give a directory holding <stack>.json files (pulumi stack export --stack <stack> > DIR/<stack>.json) or the offline plan's out/.`);
  }
  const holders = readHolders(ctx.projectRoot);
  const entries: CatalogueEntry[] = [];
  for (const stack of listStacks(ctx.stacksDir).filter((s) => s.startsWith(ENV_STACK_PREFIX))) {
    const entry: CatalogueEntry = readEnvironmentEntry(ctx, stack);
    if (opts.overdue && !entry.overdue) continue;
    const login = entry.holder ? holders[entry.holder.toLowerCase()] : undefined;
    if (login) entry.holderGitHub = login;
    if (opts.state) {
      const state = readStackState(opts.state, stack);
      if (state) entry.state = state;
    }
    entries.push(entry);
  }
  return entries;
}

function statusOf(e: EnvironmentEntry): string {
  const flags: string[] = [];
  if (e.overdue) flags.push(`OVERDUE ${-(e.daysLeft ?? 0)}d`);
  if (e.sample) flags.push("sample");
  if (e.asleep) flags.push("asleep");
  if (e.problems.length > 0) flags.push(`invalid (${e.problems.length})`);
  return flags.length > 0 ? flags.join(", ") : "ok";
}

export function catalogueTable(entries: CatalogueEntry[]): string[] {
  const header = ["NAME", "HOLDER", "SERVICES", "DUE", "LEFT", "STATUS"];
  const rows = entries.map((e) => [e.name, e.holder ?? "?", e.services.join(",") || "-", e.due ?? "?", e.daysLeft === undefined ? "?" : String(e.daysLeft), statusOf(e)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  const out = [line(header)];
  entries.forEach((e, i) => {
    out.push(line(rows[i]));
    for (const p of e.problems) out.push(`    ✗ ${p}`);
    for (const u of e.state?.urls ?? []) out.push(`    url   ${u.path}: ${u.url}`);
    for (const s of e.state?.seed ?? []) out.push(`    seed  ${s.path}: ${s.value}`);
  });
  return out;
}

export async function list(ctx: CliContext, opts: ListOptions): Promise<void> {
  const entries = catalogue(ctx, opts);
  if (opts.json) {
    ctx.out(JSON.stringify({ today: ctx.today, environments: entries }, null, 2));
    return;
  }
  if (entries.length === 0) {
    ctx.out(opts.overdue ? "No overdue environments." : `No environments checked out. Check one out: npx releng-envs checkout --help`);
    return;
  }
  catalogueTable(entries).forEach((l) => ctx.out(l));
  const overdue = entries.filter((e) => e.overdue);
  ctx.out("");
  ctx.out(`${entries.length} environment(s) as of ${ctx.today}${overdue.length > 0 ? `; overdue: ${overdue.map((e) => e.name).join(", ")} — renew (npx releng-envs renew <name> --days N) or return (npx releng-envs return <name>)` : ""}.`);
}
