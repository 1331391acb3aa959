// What `balrog import`, `balrog test-channels` and `shipit import` do (cli/commands.ts declares them).
// Checks every option before reading anything; reads production; writes one transaction.
import * as fs from "node:fs";
import * as path from "node:path";
import { BALROG_PROD_PUBLIC_API, DEFAULT_PARTIAL_COUNT, HISTORY_SOURCES, RULE_COMPARED_FIELDS, SHIPIT_PROD_PUBLIC_API } from "../catalog/history";
import { readBalrogRules, readReleaseBlob, readReleaseMeta, readReleaseNames } from "../tools/history/balrogApi";
import { existingReleasesSql, importSql, type ImportedRelease } from "../tools/history/balrogRows";
import { apiUrl, getJson, isSourceError } from "../tools/history/http";
import { parseReleaseName, parseVersion, previousReleases, referencedReleases } from "../tools/history/releaseSelection";
import { diffTestChannels, type DriftReport, type RuleValue } from "../tools/history/ruleDrift";
import { existingShipitReleasesSql, newestReleases, shipitImportSql, shipitReleaseListSchema, type ShipitRelease } from "../tools/history/shipitRows";
import { isSqlClientError, kubectlExecClient, mysqlClient, parseDatabaseUrl, psqlClient, type SqlClient } from "../tools/history/sqlClient";
import type { CliContext } from "./context";
import { existingEnvironmentFile, readEnvironmentEntry, stackOf } from "./environments";
import { CliError, problemBlock } from "./errors";

const NOTHING_WRITTEN = "Nothing was written.";

function refuse(title: string, key: string, problem: string, fix: string, exitCode = 1): never {
  throw new CliError(problemBlock(title, [{ key, problem, fix }], NOTHING_WRITTEN), exitCode);
}

/** Turns an unreachable API or database into the problem block (exit `code`), never a trace. */
async function guarded<T>(option: string, code: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isSourceError(e)) refuse(`Could not read ${e.url}.`, option, e.problem, e.fix, code);
    if (isSqlClientError(e)) {
      refuse(`The environment's database refused or could not be reached (${e.target}).`, "--database", e.detail, "check the environment is up (kubectl -n <namespace> get pods) or the --database URL and password; the transaction was rolled back", code);
    }
    throw e;
  }
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An API root: https, or http to this machine (a port-forward); no credentials, query or fragment. */
function checkApiRoot(value: string, option: string, exitCode = 1): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    refuse(`Bad ${option} value.`, option, "is not a URL", `give an API root such as ${option === "--api" ? BALROG_PROD_PUBLIC_API : "https://..."}`, exitCode);
  }
  if (u.username || u.password) refuse(`Bad ${option} value.`, option, "holds credentials in the URL (not shown)", "give the URL without user:password@; a token goes in --token-file", exitCode);
  if (u.protocol !== "https:" && !(u.protocol === "http:" && LOCAL_HOSTS.has(u.hostname))) {
    refuse(`Bad ${option} value '${u.origin}'.`, option, "is not https (plain http is accepted only for localhost, e.g. a kubectl port-forward)", "use the https:// URL, or port-forward and use http://localhost:PORT", exitCode);
  }
  if (u.search || u.hash) refuse(`Bad ${option} value '${u.origin}${u.pathname}'.`, option, "has a query or fragment", "give the API root only", exitCode);
  return `${u.origin}${u.pathname}`.replace(/\/+$/, "");
}

/** A file holding one secret (token or password); its content is never printed. */
function readSecretFile(file: string, option: string, exitCode = 1): string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    refuse(`Cannot read ${option} ${file}.`, option, code === "ENOENT" ? "no such file" : `cannot be read (${code ?? "error"})`, "give the path of a readable file holding the value on one line", exitCode);
  }
  const value = text.trim();
  if (!value) refuse(`Empty ${option} ${file}.`, option, "the file is empty", "put the value in the file (one line)", exitCode);
  if (value.includes("\n")) refuse(`Bad ${option} ${file}.`, option, "the file holds more than one line (content not shown)", "keep only the value, on one line", exitCode);
  return value;
}

function positiveInt(value: string | undefined, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) refuse(`Bad ${option} value '${value.slice(0, 20)}'.`, option, `is not a whole number from 1 to ${max}`, `pass e.g. ${option} ${fallback}`);
  return Number(value);
}

/** The environment's namespace, after checking it exists and has `service` checked out. */
function environmentWith(ctx: CliContext, name: string, service: "balrog" | "shipit"): string {
  existingEnvironmentFile(ctx, name);
  const entry = readEnvironmentEntry(ctx, stackOf(name));
  if (!entry || !entry.services.includes(service)) {
    refuse(`Environment '${name}' has no ${service === "balrog" ? "Balrog" : "Ship-it"}.`, "<env>", `its services are ${entry?.services.join(", ") || "none"}`, `check ${service} out in ${entry?.file ?? "its stack file"} (releng-envs:services) and pulumi up, or name another environment`);
  }
  return stackOf(name);
}

function onPath(names: readonly string[]): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) for (const n of names) if (dir && fs.existsSync(path.join(dir, n))) return path.join(dir, n);
  return undefined;
}

interface DatabaseOptions {
  database?: string;
  passwordFile?: string;
}

function databaseClient(kind: "balrog" | "shipit", namespace: string, opts: DatabaseOptions): SqlClient {
  if (opts.passwordFile !== undefined && opts.database === undefined) refuse("--password-file without --database.", "--password-file", "only applies to --database", "add --database <url>, or drop --password-file (kubectl exec needs no password)");
  if (opts.database === undefined) {
    // The database pods keep their passwords in their environment (Secrets); nothing leaves the pod.
    return kind === "balrog"
      ? kubectlExecClient(namespace, "balrog-db-0", "mysql", 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" exec mysql --user=root --batch --skip-column-names --default-character-set=utf8mb4 balrog')
      : kubectlExecClient(namespace, "shipit-postgres-0", "postgres", 'exec psql -X -q -A -t -F "$(printf "\\t")" -v ON_ERROR_STOP=1 --username="$POSTGRES_USER" --dbname="$POSTGRES_DB"');
  }
  const scheme = kind === "balrog" ? "mysql" : "postgresql";
  const db = parseDatabaseUrl(opts.database, scheme, kind === "balrog" ? 3306 : 5432);
  if (typeof db === "string") refuse("Bad --database value.", "--database", db, `give ${scheme}://user@host:port/database and the password in --password-file`);
  const password = opts.passwordFile !== undefined ? readSecretFile(opts.passwordFile, "--password-file") : undefined;
  return kind === "balrog" ? mysqlClient(db, password, onPath(["mariadb", "mysql"]) ?? "mysql") : psqlClient(db, password, onPath(["psql"]) ?? "psql");
}

/** The names a one-column query prints, one a line. */
async function namesIn(client: SqlClient, sql: string): Promise<Set<string>> {
  const out = await guarded("--database", 2, () => client.run(sql));
  return new Set(
    out
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

const RELEASE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/;

function checkReleaseName(name: string, key: string): void {
  if (!RELEASE_NAME.test(name)) refuse(`Bad release name '${name.slice(0, 100)}'.`, key, "is not a Balrog release name (letters, digits, . _ + -, at most 100 characters)", "give a name as Balrog shows it, e.g. Firefox-149.0b2-build1");
}

// ------------------------------------------------------------------------------------------------

interface BalrogImportOptions extends DatabaseOptions {
  partialsFor?: string;
  partials?: string;
  replace?: boolean;
  source?: string;
  dryRun?: boolean;
}

export async function balrogImport(ctx: CliContext, env: string, named: string[], opts: BalrogImportOptions): Promise<void> {
  const namespace = environmentWith(ctx, env, "balrog");
  for (const n of named) checkReleaseName(n, "<releases>");
  if (opts.partialsFor !== undefined) checkReleaseName(opts.partialsFor, "--partials-for");
  if (opts.partials !== undefined && opts.partialsFor === undefined) refuse("--partials without --partials-for.", "--partials", "only applies with --partials-for", "add --partials-for <release>, or drop --partials");
  const count = positiveInt(opts.partials, "--partials", DEFAULT_PARTIAL_COUNT, 20);
  if (named.length === 0 && opts.partialsFor === undefined) refuse("Nothing to import.", "<releases>", "no release named and no --partials-for", "name releases (Firefox-149.0b2-build1 ...) or pass --partials-for <release>");
  const source = checkApiRoot(opts.source ?? BALROG_PROD_PUBLIC_API, "--source");
  const client = databaseClient("balrog", namespace, opts);

  const why = new Map<string, string>(named.map((n) => [n, "named"]));
  await guarded("--source", 2, async () => {
    if (opts.partialsFor === undefined) return;
    const target = opts.partialsFor;
    const blob = await readReleaseBlob(source, target);
    if (blob) {
      const refs = referencedReleases(blob.data);
      if (opts.partials !== undefined) ctx.out(`note: ${target} is in ${source}; its partials come from its blob, so --partials is not used`);
      if (refs.length === 0) ctx.out(`note: ${target} has no partials in ${source}`);
      for (const r of refs) if (!why.has(r)) why.set(r, `partial from, in ${target}`);
      return;
    }
    const parsed = parseReleaseName(target);
    if (!parsed || !parseVersion(parsed.version)) {
      refuse(`Cannot work out the partials of '${target}'.`, "--partials-for", `is not in ${source} and is not a {Product}-{version}-build{N} name with a Firefox-style version`, "give the release being staged as Product-version-buildN (e.g. Firefox-150.0b3-build1), or name the releases to import");
    }
    const previous = previousReleases(parsed, await readReleaseNames(source, parsed.product), count);
    if (previous.length === 0) refuse(`No earlier releases for '${target}'.`, "--partials-for", `${source} has no ${parsed.product} release of the same line older than ${parsed.version}`, "check the product and version, or name the releases to import");
    for (const r of previous) if (!why.has(r)) why.set(r, `previous release of ${target}'s line`);
  });

  const names = [...why.keys()];
  const fetched: ImportedRelease[] = [];
  const missing: string[] = [];
  await guarded("--source", 2, async () => {
    for (const name of names) {
      const meta = await readReleaseMeta(source, name);
      const blob = meta ? await readReleaseBlob(source, name, { now: ctx.now }) : undefined;
      if (!meta || !blob) {
        missing.push(name);
        continue;
      }
      fetched.push({ name, product: meta.product, readOnly: meta.readOnly, blob: blob.data, provenance: { url: blob.url, sha256: blob.sha256, bytes: blob.bytes, fetchedAt: blob.fetchedAt } });
    }
  });
  if (missing.length > 0) {
    throw new CliError(
      problemBlock(
        `Not in ${source}: ${missing.join(", ")}.`,
        missing.map((m) => ({ key: why.get(m) === "named" ? "<releases>" : "--partials-for", problem: `${m} is not a release there`, fix: `check the name: ${apiUrl(source, `/api/v1/releases?name_prefix=${encodeURIComponent(m.split("-build")[0])}&names_only=1`)}` })),
        NOTHING_WRITTEN,
      ),
    );
  }

  const existing = await namesIn(client, existingReleasesSql(names));
  const replace = new Set(opts.replace ? names.filter((n) => existing.has(n)) : []);
  const toWrite = fetched.filter((r) => !existing.has(r.name) || replace.has(r.name));

  ctx.out(`Balrog releases for ${namespace} (${client.describe}) from ${source}:`);
  const width = Math.max(...names.map((n) => n.length));
  for (const r of fetched) {
    const action = !existing.has(r.name) ? "import " : replace.has(r.name) ? "replace" : "keep   ";
    const detail = existing.has(r.name) && !replace.has(r.name) ? "already there; --replace to overwrite" : `sha256 ${r.provenance.sha256.slice(0, 12)}, ${r.provenance.bytes} bytes`;
    ctx.out(`  ${r.name.padEnd(width)}  ${action}  ${why.get(r.name)}; ${detail}`);
  }
  if (nothingToWrite(ctx, toWrite.length, opts.dryRun)) return;
  await guarded("--database", 2, () => client.run(importSql(toWrite, { replace, importedAt: ctx.now().toISOString(), importedBy: ctx.actor })));
  ctx.out(`Imported ${toWrite.length - replace.size}, replaced ${replace.size}, kept ${fetched.length - toWrite.length}. Provenance: table releng_envs_release_imports.`);
}

// ------------------------------------------------------------------------------------------------

interface TestChannelsOptions {
  api: string;
  live?: string;
  ignore?: string;
  mode?: string;
  tokenFile?: string;
  json?: boolean;
}

/** Bad input to test-channels exits 2, like an unreachable API: exit 1 means drift. */
const TC_BAD_INPUT = 2;

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

const show = (v: RuleValue | "(no rule)"): string => (v === null ? "null" : String(v));

function driftTable(report: DriftReport): string[] {
  const header = ["LIVE", "TEST CHANNEL", "RULE", "TEST RULE", "FIELD", "LIVE+SCHEDULED", "TEST"];
  const rows = report.drifts.map((d) => [d.live, d.testChannel, d.rule, d.testRule ?? "(none)", d.field, show(d.expected), show(d.actual)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  "));
}

export async function balrogTestChannels(ctx: CliContext, opts: TestChannelsOptions): Promise<void> {
  const root = checkApiRoot(opts.api, "--api", TC_BAD_INPUT);
  const mode = opts.mode ?? "auto";
  if (mode !== "auto" && mode !== "admin" && mode !== "public") refuse(`Bad --mode value '${mode.slice(0, 20)}'.`, "--mode", "is not auto, admin or public", "pass --mode auto (default), admin or public", TC_BAD_INPUT);
  const live = list(opts.live);
  for (const c of live) if (!/^[A-Za-z0-9._-]{1,75}$/.test(c)) refuse(`Bad --live channel '${c.slice(0, 75)}'.`, "--live", "is not a channel name (letters, digits, . _ -; no globs)", "pass live channels, e.g. --live release,beta", TC_BAD_INPUT);
  const ignore = list(opts.ignore);
  const unknown = ignore.filter((f) => !(RULE_COMPARED_FIELDS as readonly string[]).includes(f));
  if (unknown.length > 0) refuse(`Unknown --ignore field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ").slice(0, 200)}.`, "--ignore", "names a field that is not compared", `use some of: ${RULE_COMPARED_FIELDS.join(", ")}`, TC_BAD_INPUT);
  const token = opts.tokenFile !== undefined ? readSecretFile(opts.tokenFile, "--token-file", TC_BAD_INPUT) : undefined;

  const source = await guarded("--api", 2, () => readBalrogRules(root, mode, { token }));
  const report = diffTestChannels({ rules: source.rules, changes: source.changes, live, ignore });
  const scheduledVisible = source.kind === "admin";
  const note = scheduledVisible
    ? `admin API: rules and ${source.changes.filter((c) => !c.complete).length} pending scheduled rule change(s)`
    : "public API: rules only. Scheduled changes are not visible here, so the expected test rules are the live rules as they are now (use an admin API root to include queued changes)";

  if (opts.json) {
    ctx.out(JSON.stringify({ api: root, kind: source.kind, scheduledChangesVisible: scheduledVisible, note, sources: source.urls, inSync: report.drifts.length === 0, ...report }, null, 2));
  } else {
    ctx.out(`Test channels at ${root} (${note}).`);
    for (const c of report.channels) {
      const tests = c.testChannels.length > 0 ? c.testChannels.join(", ") : "none (no <live>-<suffix> rules)";
      ctx.out(`  ${c.live}: ${c.expectedRules} rule(s) after ${c.scheduledChanges} scheduled change(s); test channels: ${tests}`);
    }
    if (report.channels.length === 0) ctx.out("  no live channel has a test channel (no <live>-<suffix> rules)");
    if (report.sharedGlobRules > 0) ctx.out(`  ${report.sharedGlobRules} rule(s) with a glob channel (e.g. release*) serve live and test alike and are not compared`);
    if (report.drifts.length === 0) ctx.out("In sync: every test channel matches its live channel plus scheduled changes.");
    else for (const line of driftTable(report)) ctx.out(line);
  }
  if (report.drifts.length > 0) {
    throw new CliError(`Drift: ${report.drifts.length} difference(s) between live + scheduled rules and test channels.`, 1);
  }
}

// ------------------------------------------------------------------------------------------------

interface ShipitImportOptions extends DatabaseOptions {
  products: string;
  limit?: string;
  source?: string;
  dryRun?: boolean;
}

export async function shipitImport(ctx: CliContext, env: string, opts: ShipitImportOptions): Promise<void> {
  const namespace = environmentWith(ctx, env, "shipit");
  const products = list(opts.products);
  if (products.length === 0) refuse("No products.", "--products", "names no product", "pass Ship-it product names, e.g. --products firefox,devedition");
  for (const p of products) if (!/^[a-z][a-z0-9-]{0,40}$/.test(p)) refuse(`Bad --products entry '${p.slice(0, 40)}'.`, "--products", "is not a Ship-it product name (lower-case letters, digits, -)", "use Ship-it's names, e.g. firefox, devedition, thunderbird, firefox-android");
  const limit = positiveInt(opts.limit, "--limit", 50, 1000);
  const source = checkApiRoot(opts.source ?? SHIPIT_PROD_PUBLIC_API, "--source");
  const client = databaseClient("shipit", namespace, opts);

  const fetched: { release: ShipitRelease; url: string; fetchedAt: string }[] = [];
  await guarded("--source", 2, async () => {
    for (const product of products) {
      const res = await getJson(apiUrl(source, `/releases?product=${encodeURIComponent(product)}&status=shipped,aborted`), shipitReleaseListSchema, {
        now: ctx.now,
        spec: `${HISTORY_SOURCES.shipit.repository}@${HISTORY_SOURCES.shipit.commit.slice(0, 12)} api/src/shipit_api/public/api.yml`,
      });
      if (res.data.length === 0) refuse(`No releases of '${product}' at ${source}.`, "--products", `${product} has no shipped or aborted release there`, "check the product name (Ship-it's names: firefox, devedition, thunderbird, firefox-android, ...)");
      for (const release of newestReleases(res.data, limit)) fetched.push({ release, url: res.url, fetchedAt: res.fetchedAt });
    }
  });
  const chosen = fetched.map((f) => f.release);
  const names = chosen.map((r) => r.name);
  const existing = await namesIn(client, existingShipitReleasesSql(names));
  const toWrite = fetched.filter((f) => !existing.has(f.release.name));
  ctx.out(`Ship-it releases for ${namespace} (${client.describe}) from ${source}: ${chosen.length} chosen (newest ${limit} per product), ${existing.size} already there.`);
  for (const { release: r } of toWrite) ctx.out(`  import  ${r.name}  (${r.status}, ${r.branch}, created ${r.created ?? "?"})`);
  if (nothingToWrite(ctx, toWrite.length, opts.dryRun)) return;
  const inserted = [...(await namesIn(client, shipitImportSql(toWrite, { importedAt: ctx.now().toISOString(), importedBy: ctx.actor })))].filter((l) => names.includes(l));
  ctx.out(`Imported ${inserted.length}, kept ${chosen.length - inserted.length}. Provenance: table releng_envs_shipit_imports.`);
}

/** Both imports stop here when nothing is missing or on --dry-run, saying which (nothing written). */
function nothingToWrite(ctx: { out(line: string): void }, count: number, dryRun: boolean | undefined): boolean {
  if (count === 0) ctx.out("Nothing to do: the environment has every release.");
  else if (dryRun) ctx.out(`Dry run: would write ${count} release(s); nothing was written.`);
  return count === 0 || Boolean(dryRun);
}
