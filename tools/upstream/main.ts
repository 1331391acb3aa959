// npm run upstream -- [--check] [--out DIR] <dir-with-checkouts>
//
// Reads the upstream repositories (working checkouts or bare git directories, e.g. /work/.mirror)
// and writes the contract data under catalog/upstream/, or with --check compares them with the
// committed data and exits 1 when a change breaks a workload this project declares.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { LABELS } from "../../catalog/environment";
import { WORKER_ENV } from "../../catalog/pools";
import { TRUST_LEVELS } from "../../catalog/trust";
import { SCRIPT_CATALOG, SCRIPTS } from "../../catalog/scripts";
import { todayUtc } from "../../domain/dates";
import { declaredStacks } from "../contract/stacks";
import { checkDrift, formatDrift } from "./drift";
import { readUpstreamData, UPSTREAM_DATA_DIR, type UpstreamData } from "../../catalog/upstreamContract";
import { generateFacts, stableJson } from "./generate";
import { listDir, openUpstreams, UPSTREAM_REPOSITORIES, type UpstreamRepo, type UpstreamRepository } from "./repo";

export const DEFAULT_DATA_DIR = UPSTREAM_DATA_DIR;

const HELP = `Usage: npm run upstream -- [--check] [--out DIR] <dir-with-checkouts>

Reads local checkouts (or bare git directories) of ${UPSTREAM_REPOSITORIES.join(", ")}
under <dir-with-checkouts>, each found as <name>, <name>.git, <owner>+<name> or <owner>+<name>/repo
(the layout of /work/.mirror), at its committed HEAD.

Without --check: writes the contract data to catalog/upstream/<name>.json (each names its repository
and commit). With --check: writes nothing; reports what changed upstream since the committed data and
exits 1 if a change breaks a workload this project declares (a workload of a stack in stacks/, or a
script x level x product the catalogue allows), 0 otherwise.

Options:
  --check      compare instead of writing
  --out DIR    data directory (default catalog/upstream)
  -h, --help   this text

Refreshing the data: docs/upstream.md.`;

export function writeData(dir: string, data: UpstreamData): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(data).map(([name, facts]) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, stableJson(facts));
    return file;
  });
}

export async function main(argv: string[], io = { log: (s: string) => console.log(s), error: (s: string) => console.error(s) }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { check: { type: "boolean" }, out: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    io.error(`upstream: ${(e as Error).message}\nFix: see \`npm run upstream -- --help\`.`);
    return 2;
  }
  if (parsed.values.help) {
    io.log(HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    io.error(`upstream: expected one <dir-with-checkouts>, got ${parsed.positionals.length}.\nFix: npm run upstream -- [--check] /work/.mirror`);
    return 2;
  }
  const root = resolve(parsed.positionals[0]);
  const dataDir = resolve(parsed.values.out ?? DEFAULT_DATA_DIR);
  let repos;
  try {
    repos = openUpstreams(root);
  } catch (e) {
    io.error(`upstream: ${(e as Error).message}.\nFix: pass the directory holding the checkouts.`);
    return 2;
  }
  if (repos.missing.length > 0) {
    io.error(
      `upstream: ${root} lacks ${repos.missing.join(", ")} (looked for <name>, <name>.git, <owner>+<name>, <owner>+<name>/repo; found: ${listDir(root).join(", ") || "nothing"}).\n` +
        `Fix: clone them there (git clone https://github.com/<owner>/<name>) or pass the directory that holds them.`,
    );
    return 2;
  }
  const progress = (m: string) => io.error(`upstream: reading ${m}`);
  const fresh = await generateFacts(repos.repos as Record<UpstreamRepository, UpstreamRepo>, { progress });
  if (!parsed.values.check) {
    for (const file of writeData(dataDir, fresh)) io.log(`wrote ${file}`);
    return 0;
  }
  const committed = readUpstreamData(dataDir);
  io.error("upstream: planning the stacks in stacks/ to judge them against the new facts");
  const declared = await declaredStacks(todayUtc());
  const allowed = SCRIPTS.flatMap((script) => TRUST_LEVELS.flatMap((level) => SCRIPT_CATALOG[script].products.map((product) => ({ script, env: WORKER_ENV[level], product }))));
  const drift = await checkDrift(committed, fresh, { declared, allowed, workerTypeLabel: LABELS.workerType });
  io.log(formatDrift(drift));
  return drift.breaking.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`upstream: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
