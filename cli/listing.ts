// `releng-envs list`, the command: the catalogue as a table or JSON. The catalogue itself
// (cli/list.ts: every stack file through the program's own schema) is read only when the cache of
// the last listing does not hold it (cli/catalogueCache.ts).
import type { CliContext } from "./context";
import type { EnvironmentEntry } from "./environments";
import type { CatalogueEntry, ListOptions } from "./list";
import { readCachedCatalogue, writeCachedCatalogue } from "./catalogueCache";

/** The catalogue, from the cache when nothing it is made of changed (never with --state: state files are not keyed). */
async function catalogueOf(ctx: CliContext, opts: ListOptions): Promise<CatalogueEntry[]> {
  const cacheable = ctx.catalogueCache !== undefined && opts.state === undefined;
  const cached = cacheable ? readCachedCatalogue(ctx) : undefined;
  const all = cached ?? (await import("./list")).catalogue(ctx, { state: opts.state });
  if (cacheable && !cached) writeCachedCatalogue(ctx, all);
  return opts.overdue ? all.filter((e) => e.overdue) : all;
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
  const entries = await catalogueOf(ctx, opts);
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
