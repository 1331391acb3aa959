// The catalogue `list` read last time, kept so an unchanged library lists without loading the config
// schemas and YAML (about 0.3 s of every listing, docs/benchmarks.md). An entry is keyed by
// everything the catalogue is made of: the day, the stacks and project directories, and the bytes of
// every file in the stacks directory and of every YAML file of the project's root (Pulumi.yaml,
// holders.yaml); the code is keyed by where the cache lives (inside the compiled tree, so a change of
// code starts afresh). Any change makes a new key, so a stale entry can never hide a problem. The
// cache is best effort: an unreadable or corrupt entry is read afresh, a failed write is ignored.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CliContext } from "./context";
import type { CatalogueEntry } from "./list";

/** Entries kept; older ones are removed when a new one is written. */
const KEEP = 16;

type KeyedContext = Pick<CliContext, "catalogueCache" | "stacksDir" | "projectRoot" | "today">;

function filesOf(dir: string, keep: (name: string) => boolean): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && keep(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** The key of the catalogue as it would be read now. */
export function catalogueKey(ctx: KeyedContext): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([ctx.today, path.resolve(ctx.stacksDir), path.resolve(ctx.projectRoot)]));
  const add = (dir: string, names: string[]) => {
    for (const name of names) {
      hash.update(`\0${path.join(dir, name)}\0`);
      hash.update(fs.readFileSync(path.join(dir, name)));
    }
  };
  add(ctx.stacksDir, filesOf(ctx.stacksDir, () => true));
  add(ctx.projectRoot, filesOf(ctx.projectRoot, (n) => /\.ya?ml$/.test(n)));
  return hash.digest("hex");
}

const entryFile = (ctx: KeyedContext, key: string) => path.join(ctx.catalogueCache!, `${key}.json`);

export function readCachedCatalogue(ctx: KeyedContext): CatalogueEntry[] | undefined {
  try {
    const entries = JSON.parse(fs.readFileSync(entryFile(ctx, catalogueKey(ctx)), "utf8")) as unknown;
    return Array.isArray(entries) ? (entries as CatalogueEntry[]) : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedCatalogue(ctx: KeyedContext, entries: readonly CatalogueEntry[]): void {
  try {
    const dir = ctx.catalogueCache!;
    fs.mkdirSync(dir, { recursive: true });
    const file = entryFile(ctx, catalogueKey(ctx));
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(entries));
    fs.renameSync(tmp, file);
    const byAge = filesOf(dir, (n) => n.endsWith(".json"))
      .map((n) => ({ n, t: fs.statSync(path.join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const old of byAge.slice(KEEP)) fs.rmSync(path.join(dir, old.n), { force: true });
  } catch {
    // Best effort: the listing itself is already right.
  }
}
