// `releng-envs balrog import` end to end: a local HTTP server answers as production's public Balrog
// API (release list, names, blobs shaped as apprelease-v9), the command writes into a real MariaDB
// (Debian's mariadb-server on 127.0.0.1) holding Balrog's release tables, through the real client.
// Skipped, with the reason printed, when MariaDB is not installed.
import * as fs from "node:fs";
import * as http from "node:http";
import type * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingMariaDb, startMariaDb, type MariaDb } from "../servers";
import { cli, envFile, tempStacks } from "./helpers";

const missing = missingMariaDb();
if (missing.length > 0) console.warn(`SKIPPED balrog import MariaDB tests: missing ${missing.join(", ")}; .ci/run installs them`);

const ROOT_PASSWORD = "import-test-root-pw";

/** An apprelease-v9 blob (balrog src/auslib/blobs/schemas/apprelease-v9.yml) with partials from `from`. */
function blob(name: string, buildID: string, from: string[] = []): Record<string, unknown> {
  const version = name.split("-")[1];
  const locale = (l: string) => ({
    buildID,
    completes: [{ filesize: 71234567, from: "*", hashValue: `${l}-complete-${buildID}` }],
    ...(from.length > 0 ? { partials: from.map((f, i) => ({ filesize: 1234567 + i, from: f, hashValue: `${l}-partial-${f}` })) } : {}),
  });
  return {
    name,
    schema_version: 9,
    hashFunction: "sha512",
    appVersion: version,
    displayVersion: version.replace("b", " Beta "),
    updateLine: [{ for: {}, fields: { type: "minor", detailsURL: `https://www.mozilla.org/firefox/${version}/releasenotes/` } }],
    fileUrls: { "beta-localtest": { completes: { "*": `https://archive.mozilla.org/pub/firefox/candidates/${version}-candidates/build1/update/%OS_FTP%/%LOCALE%/firefox-${version}.complete.mar` } } },
    platforms: {
      "WINNT_x86_64-msvc": { OS_BOUNCER: "win64", OS_FTP: "win64", locales: { "en-US": locale("en-US"), de: locale("de"), "ja-JP-mac": locale("ja"), "fr": { ...locale("fr"), note: "l'été — ünïcode \\ back" } } },
      "WINNT_x86_64-msvc-x64": { alias: "WINNT_x86_64-msvc" },
      "Linux_x86_64-gcc3": { OS_BOUNCER: "linux64", OS_FTP: "linux-x86_64", locales: { "en-US": locale("en-US") } },
    },
  };
}

const PROD: Record<string, Record<string, unknown>> = {
  "Firefox-149.0b9-build1": blob("Firefox-149.0b9-build1", "20261101000000"),
  "Firefox-150.0b1-build1": blob("Firefox-150.0b1-build1", "20261108000000"),
  "Firefox-150.0b2-build1": blob("Firefox-150.0b2-build1", "20261115000000"),
  "Firefox-150.0b2-build2": blob("Firefox-150.0b2-build2", "20261116000000", ["Firefox-150.0b1-build1", "Firefox-149.0b9-build1"]),
  "Firefox-149.0-build1": blob("Firefox-149.0-build1", "20261020000000"),
  // GMP-style blob: not split into assets.
  "GMP-20261101": { name: "GMP-20261101", schema_version: 1000, hashFunction: "sha512", vendors: { "gmp-widevinecdm": { version: "4.10", platforms: {} } } },
};
const META: Record<string, { product: string; read_only: boolean }> = Object.fromEntries(Object.keys(PROD).map((n) => [n, { product: n.startsWith("GMP") ? "GMP" : "Firefox", read_only: n !== "Firefox-150.0b2-build1" }]));

/** Balrog's schema for releases (src/auslib/alembic/versions/0001_initial_schema.py), as the seed leaves it. */
const SCHEMA = `
CREATE TABLE releases (name VARCHAR(100) NOT NULL PRIMARY KEY, product VARCHAR(15) NOT NULL, read_only TINYINT(1), data LONGTEXT NOT NULL, data_version INT NOT NULL);
CREATE TABLE releases_json (name VARCHAR(100) NOT NULL PRIMARY KEY, product VARCHAR(15) NOT NULL, read_only TINYINT(1), data JSON, data_version INT NOT NULL);
CREATE TABLE release_assets (name VARCHAR(100) NOT NULL, path VARCHAR(200) NOT NULL, data JSON, data_version INT NOT NULL, PRIMARY KEY (name, path));
INSERT INTO releases VALUES ('Firefox-149.0-build1', 'Firefox', 1, '{"name":"Firefox-149.0-build1","schema_version":9,"hashFunction":"sha512","seeded":true}', 4);
`;

const h = {} as { dir: string; db: MariaDb; server: http.Server; source: string; stacksDir: string; passwordFile: string; requests: string[]; down: boolean };

async function dump(): Promise<string> {
  return [
    await h.db.sql("SELECT name, product, read_only, data_version, data FROM releases_json ORDER BY name", "balrog"),
    await h.db.sql("SELECT name, path, data_version, data FROM release_assets ORDER BY name, path", "balrog"),
    await h.db.sql("SELECT name, data_version FROM releases ORDER BY name", "balrog"),
  ].join("\n--\n");
}

/** The release as Balrog's get_release merges it: base, then each asset at its path. */
async function merged(name: string): Promise<Record<string, unknown>> {
  const base = JSON.parse(await h.db.sql(`SELECT data FROM releases_json WHERE name = '${name}'`, "balrog"));
  const rows = (await h.db.sql(`SELECT path, data FROM release_assets WHERE name = '${name}' ORDER BY path`, "balrog")).split("\n").filter(Boolean);
  for (const row of rows) {
    const [p, data] = row.split("\t");
    const keys = p.split(".").slice(1);
    let at = base;
    for (const k of keys.slice(0, -1)) at = at[k] ??= {};
    at[keys[keys.length - 1]] = JSON.parse(data.replace(/\\\\/g, "\\"));
  }
  return base;
}

const balrogImport = (...args: string[]) =>
  cli(["balrog", "import", "hist", ...args, "--source", h.source, "--database", `mysql://root@127.0.0.1:${h.db.port}/balrog`, "--password-file", h.passwordFile], { stacksDir: h.stacksDir, actor: "jane" });

describe.skipIf(missing.length > 0)("balrog import into a real MariaDB", () => {
  beforeAll(async () => {
    h.dir = fs.mkdtempSync(path.join(os.tmpdir(), "balrog-import-"));
    h.db = await startMariaDb(h.dir, ROOT_PASSWORD);
    await h.db.sql(`CREATE DATABASE balrog CHARACTER SET utf8mb4; USE balrog; ${SCHEMA}`);
    h.passwordFile = path.join(h.dir, "db-password");
    fs.writeFileSync(h.passwordFile, `${ROOT_PASSWORD}\n`, { mode: 0o600 });
    h.requests = [];
    h.down = false;
    h.server = http.createServer((req, res) => {
      h.requests.push(req.url ?? "");
      const send = (code: number, body: unknown) => res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (h.down) return send(503, { title: "Service Unavailable" });
      const u = new URL(req.url ?? "/", "http://x");
      if (u.pathname === "/api/v1/releases") {
        if (u.searchParams.get("names_only")) return send(200, { names: Object.keys(PROD).filter((n) => META[n].product === u.searchParams.get("product")).sort() });
        const prefix = u.searchParams.get("name_prefix") ?? "";
        return send(200, { releases: Object.keys(PROD).filter((n) => n.startsWith(prefix)).map((n) => ({ name: n, product: META[n].product, data_version: 2, read_only: META[n].read_only, rule_ids: [] })) });
      }
      const m = /^\/api\/v1\/releases\/([^/]+)$/.exec(u.pathname);
      if (m && PROD[decodeURIComponent(m[1])]) return send(200, PROD[decodeURIComponent(m[1])]);
      return send(404, { status: 404, title: "Not Found", detail: "Release not found" });
    });
    await new Promise<void>((r) => h.server.listen(0, "127.0.0.1", r));
    h.source = `http://127.0.0.1:${(h.server.address() as net.AddressInfo).port}`;
    h.stacksDir = tempStacks({ "Pulumi.env-hist.yaml": envFile("hist", { services: "[balrog, archive]" }), "Pulumi.env-nobalrog.yaml": envFile("nobalrog", { services: "[archive]" }) });
  }, 120_000);

  afterAll(async () => {
    await h.db?.stop();
    await new Promise((r) => h.server?.close(r));
    fs.rmSync(h.dir, { recursive: true, force: true });
    fs.rmSync(h.stacksDir, { recursive: true, force: true });
  }, 60_000);

  it("a missing release is refused before anything is written", async () => {
    const before = await dump();
    const r = await balrogImport("Firefox-150.0b1-build1", "Firefox-150.0b7-build1");
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Not in ${h.source}: Firefox-150.0b7-build1.`);
    expect(r.err).toContain("fix:");
    expect(await dump()).toBe(before);
  });

  it("--partials-for a release production has: imports the releases its partials come from, split as Balrog stores them, with provenance", async () => {
    const r = await balrogImport("GMP-20261101", "--partials-for", "Firefox-150.0b2-build2");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Firefox-149\.0b9-build1\s+import\s+partial from, in Firefox-150\.0b2-build2/);
    expect(r.out).toContain("Imported 3, replaced 0, kept 0.");
    expect(await h.db.sql("SELECT name, product, read_only, data_version FROM releases_json ORDER BY name", "balrog")).toBe(
      ["Firefox-149.0b9-build1\tFirefox\t1\t1", "Firefox-150.0b1-build1\tFirefox\t1\t1", "GMP-20261101\tGMP\t1\t1"].join("\n"),
    );
    // Each locale is its own asset row; the alias platform stays in the base.
    expect(await h.db.sql("SELECT path FROM release_assets WHERE name = 'Firefox-150.0b1-build1' ORDER BY path", "balrog")).toBe(
      [".platforms.Linux_x86_64-gcc3.locales.en-US", ".platforms.WINNT_x86_64-msvc.locales.de", ".platforms.WINNT_x86_64-msvc.locales.en-US", ".platforms.WINNT_x86_64-msvc.locales.fr", ".platforms.WINNT_x86_64-msvc.locales.ja-JP-mac"].join("\n"),
    );
    // Merged back as Balrog serves it, the release is exactly production's blob (unicode, quotes, backslashes intact).
    expect(await merged("Firefox-150.0b1-build1")).toEqual(PROD["Firefox-150.0b1-build1"]);
    expect(await merged("GMP-20261101")).toEqual(PROD["GMP-20261101"]);
    expect(await h.db.sql("SELECT COUNT(*) FROM release_assets WHERE name = 'GMP-20261101'", "balrog")).toBe("0");
    // Provenance: source URL, sha256 of the bytes received, times, who.
    const prov = (await h.db.sql("SELECT name, source_url, LENGTH(sha256), bytes > 0, imported_by, replaced FROM releng_envs_release_imports ORDER BY name", "balrog")).split("\n");
    expect(prov[0]).toBe(`Firefox-149.0b9-build1\t${h.source}/api/v1/releases/Firefox-149.0b9-build1\t64\t1\tjane\t0`);
    expect(prov).toHaveLength(3);
  });

  it("running it again changes nothing and says so", async () => {
    const before = await dump();
    const prov = await h.db.sql("SELECT * FROM releng_envs_release_imports ORDER BY name", "balrog");
    const r = await balrogImport("GMP-20261101", "--partials-for", "Firefox-150.0b2-build2");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Nothing to do: the environment has every release.");
    expect(r.out).toMatch(/GMP-20261101\s+keep\s+named; already there; --replace to overwrite/);
    expect(await dump()).toBe(before);
    expect(await h.db.sql("SELECT * FROM releng_envs_release_imports ORDER BY name", "balrog")).toBe(prov);
  });

  it("--replace rewrites releases that exist, in either storage (a seeded legacy row too)", async () => {
    await h.db.sql("UPDATE release_assets SET data = '{\"buildID\": \"tampered\"}' WHERE name = 'Firefox-150.0b1-build1' AND path LIKE '%en-US'", "balrog");
    const r = await balrogImport("Firefox-150.0b1-build1", "Firefox-149.0-build1", "--replace");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Imported 0, replaced 2, kept 0.");
    expect(await merged("Firefox-150.0b1-build1")).toEqual(PROD["Firefox-150.0b1-build1"]);
    expect(await h.db.sql("SELECT COUNT(*) FROM releases WHERE name = 'Firefox-149.0-build1'", "balrog")).toBe("0");
    expect(await merged("Firefox-149.0-build1")).toEqual(PROD["Firefox-149.0-build1"]);
    expect(await h.db.sql("SELECT replaced FROM releng_envs_release_imports WHERE name = 'Firefox-149.0-build1'", "balrog")).toBe("1");
  });

  it("--partials-for a release production does not have: the previous releases of its line", async () => {
    const r = await balrogImport("--partials-for", "Firefox-150.0b3-build1", "--partials", "2", "--dry-run");
    expect(r.code).toBe(0);
    // 150.0b2 at its last build, then 150.0b1 (already imported); releases (149.0) are another line.
    expect(r.out).toMatch(/Firefox-150\.0b2-build2\s+import\s+previous release of Firefox-150\.0b3-build1's line/);
    expect(r.out).toMatch(/Firefox-150\.0b1-build1\s+keep/);
    expect(r.out).toContain("Dry run: would write 1 release(s); nothing was written.");
    expect(await h.db.sql("SELECT COUNT(*) FROM releases_json WHERE name = 'Firefox-150.0b2-build2'", "balrog")).toBe("0");
  });

  it("an unreachable or failing source exits 2 with the problem block, nothing written", async () => {
    const before = await dump();
    h.down = true;
    try {
      const r = await balrogImport("Firefox-150.0b2-build1");
      expect(r.code).toBe(2);
      expect(r.err).toContain("answered HTTP 503");
      expect(r.err).toContain("✗ --source");
    } finally {
      h.down = false;
    }
    expect(await dump()).toBe(before);
  });

  it("a wrong database password exits 2 without printing it", async () => {
    const wrong = path.join(h.dir, "wrong-password");
    fs.writeFileSync(wrong, "not-the-password-xyzzy\n");
    const r = await cli(["balrog", "import", "hist", "Firefox-150.0b2-build1", "--source", h.source, "--database", `mysql://root@127.0.0.1:${h.db.port}/balrog`, "--password-file", wrong], { stacksDir: h.stacksDir });
    expect(r.code).toBe(2);
    expect(r.err).toContain("Access denied");
    expect(r.err).not.toContain("xyzzy");
  });

  it("by default writes through kubectl exec into balrog-db-0, running the pod's own mysql client with the pod's root password", async () => {
    // A stand-in kubectl: records its arguments, then runs the in-pod shell line as the pod would, with
    // MYSQL_ROOT_PASSWORD in its environment and a `mysql` that reaches this test's server.
    const bin = path.join(h.dir, "fake-bin");
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, "mysql"), `#!/bin/sh\nexec ${h.db.client} --host=127.0.0.1 --port=${h.db.port} --protocol=tcp "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(
      path.join(bin, "kubectl"),
      `#!/bin/sh\nprintf '%s\\n' "$@" > ${h.dir}/kubectl-args\nfor last; do :; done\nMYSQL_ROOT_PASSWORD='${ROOT_PASSWORD}' PATH=${bin}:$PATH exec sh -c "$last"\n`,
      { mode: 0o755 },
    );
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      const r = await cli(["balrog", "import", "hist", "Firefox-150.0b2-build1", "--source", h.source], { stacksDir: h.stacksDir, actor: "jane" });
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toContain("Balrog releases for env-hist (pod env-hist/balrog-db-0 (mysql))");
    } finally {
      process.env.PATH = savedPath;
    }
    const args = fs.readFileSync(path.join(h.dir, "kubectl-args"), "utf8").trim().split("\n");
    expect(args.slice(0, 9)).toEqual(["--namespace", "env-hist", "exec", "-i", "balrog-db-0", "-c", "mysql", "--", "sh"]);
    expect(args.join(" ")).not.toContain(ROOT_PASSWORD);
    expect(await merged("Firefox-150.0b2-build1")).toEqual(PROD["Firefox-150.0b2-build1"]);
    // read_only comes from production's release list (this one is not read-only there).
    expect(await h.db.sql("SELECT read_only FROM releases_json WHERE name = 'Firefox-150.0b2-build1'", "balrog")).toBe("0");
  });

  it.each([
    [["balrog", "import", "nobalrog", "Firefox-150.0b2-build1"], "<env>", "has no Balrog"],
    [["balrog", "import", "hist"], "<releases>", "no release named and no --partials-for"],
    [["balrog", "import", "hist", "Firefox 150"], "<releases>", "is not a Balrog release name"],
    [["balrog", "import", "hist", "Firefox-150.0b2-build1", "--partials", "3"], "--partials", "only applies with --partials-for"],
    [["balrog", "import", "hist", "--partials-for", "Firefox-150.0b3-build1", "--partials", "0"], "--partials", "is not a whole number from 1 to 20"],
    [["balrog", "import", "hist", "Firefox-150.0b2-build1", "--password-file", "/x"], "--password-file", "only applies to --database"],
    [["balrog", "import", "hist", "Firefox-150.0b2-build1", "--database", "mysql://root:s3cr3t-pw@db/balrog"], "--database", "holds a password"],
    [["balrog", "import", "hist", "Firefox-150.0b2-build1", "--source", "http://aus-api.mozilla.org"], "--source", "is not https"],
  ])("refuses %j with the problem block", async (argv, key, problem) => {
    const before = await dump();
    const r = await cli(argv as string[], { stacksDir: h.stacksDir });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`✗ ${key}`);
    expect(r.err).toContain(problem);
    expect(r.err).not.toContain("s3cr3t-pw");
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(await dump()).toBe(before);
  });
});
