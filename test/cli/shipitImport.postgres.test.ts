// `releng-envs shipit import` end to end: a local HTTP server answers as production Ship-it's public
// API (GET /releases, Release objects as api/src/shipit_api/public/api.yml defines them, sorted by
// version as public/api.py sorts them), the command writes into a real PostgreSQL (Debian's
// postgresql on 127.0.0.1, started with initdb/pg_ctl in a temp dir, stopped by PID) holding Ship-it's
// tables. Skipped, with the reason printed, when PostgreSQL is not installed.
import * as fs from "node:fs";
import * as http from "node:http";
import type * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findExecutable, missingPostgres, startPostgres, type Postgres } from "../servers";
import { cli, envFile, tempStacks } from "./helpers";

const missing = missingPostgres();
if (missing.length > 0) console.warn(`SKIPPED shipit import PostgreSQL tests: missing ${missing.join(", ")}; .ci/run installs them`);

const PASSWORD = "shipit-test-pw";

/** Ship-it's tables (shipit api/src/shipit_api/migrations/versions/3bd3bbb68ca2_initial_migration.py, then bc175ac0c2c5). */
const SCHEMA = `
CREATE TABLE shipit_api_releases (id SERIAL PRIMARY KEY, name VARCHAR(80) NOT NULL UNIQUE, product VARCHAR NOT NULL, version VARCHAR NOT NULL,
  branch VARCHAR NOT NULL, revision VARCHAR NOT NULL, build_number INTEGER NOT NULL, release_eta TIMESTAMP, status VARCHAR, created TIMESTAMP, completed TIMESTAMP);
CREATE TABLE shipit_api_phases (id SERIAL PRIMARY KEY, name VARCHAR NOT NULL, submitted BOOLEAN NOT NULL, task_id VARCHAR NOT NULL, task TEXT NOT NULL,
  context TEXT NOT NULL, created TIMESTAMP, scheduled_at TIMESTAMP, scheduled_by VARCHAR, release_id INTEGER REFERENCES shipit_api_releases (id));
`;

function release(product: string, version: string, build: number, created: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const capital = product.charAt(0).toUpperCase() + product.slice(1);
  const beta = version.includes("b");
  return {
    name: `${capital}-${version}-build${build}`,
    product,
    branch: beta ? "releases/mozilla-beta" : "releases/mozilla-release",
    project: beta ? "mozilla-beta" : "mozilla-release",
    version,
    revision: `${version.replace(/\W/g, "")}abcdef0123456789`,
    build_number: build,
    release_eta: "",
    status: "shipped",
    created,
    completed: created.replace("T10", "T18"),
    phases: [{ name: "promote_firefox", submitted: true, actionTaskId: "abc", created, scheduled_at: created, skipped: false }],
    allow_phase_skipping: false,
    ...extra,
  };
}

const RELEASES: Record<string, Record<string, unknown>[]> = {
  firefox: [
    release("firefox", "149.0", 1, "2026-10-20T10:00:00.123456Z"),
    release("firefox", "150.0b1", 1, "2026-11-03T10:00:00Z"),
    release("firefox", "150.0b2", 1, "2026-11-10T10:00:00Z", { status: "aborted", completed: "" }),
    release("firefox", "150.0b2", 2, "2026-11-11T10:00:00Z"),
    release("firefox", "150.0b3", 1, "2026-11-17T10:00:00+01:00"),
  ],
  devedition: [release("devedition", "150.0b3", 1, "2026-11-17T11:00:00Z")],
};

const h = {} as { dir: string; pg: Postgres; server: http.Server; source: string; stacksDir: string; passwordFile: string; down: boolean; requests: string[] };

const table = () => h.pg.sql("SELECT name, product, version, branch, build_number, status, created, COALESCE(completed::text, '-'), COALESCE(release_eta::text, '-') FROM shipit_api_releases ORDER BY name", "shipit");

const shipitImport = (...args: string[]) =>
  cli(["shipit", "import", "hist", ...args, "--source", h.source, "--database", `postgresql://shipit@127.0.0.1:${h.pg.port}/shipit`, "--password-file", h.passwordFile], { stacksDir: h.stacksDir, actor: "jane" });

describe.skipIf(missing.length > 0)("shipit import into a real PostgreSQL", () => {
  beforeAll(async () => {
    h.dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipit-import-"));
    h.pg = await startPostgres(h.dir, "shipit", PASSWORD);
    await h.pg.sql("CREATE DATABASE shipit");
    await h.pg.sql(SCHEMA, "shipit");
    // A release the environment made itself: same name as production's, must be left alone.
    await h.pg.sql("INSERT INTO shipit_api_releases (name, product, version, branch, revision, build_number, status, created) VALUES ('Firefox-150.0b3-build1', 'firefox', '150.0b3', 'releases/mozilla-beta', 'localrev', 1, 'scheduled', '2026-11-20 09:00:00')", "shipit");
    h.passwordFile = path.join(h.dir, "pg-password");
    fs.writeFileSync(h.passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    h.down = false;
    h.requests = [];
    h.server = http.createServer((req, res) => {
      h.requests.push(req.url ?? "");
      const send = (code: number, body: unknown) => res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (h.down) return send(502, { title: "Bad Gateway" });
      const u = new URL(req.url ?? "/", "http://x");
      if (u.pathname !== "/releases") return send(404, { title: "Not Found" });
      const statuses = (u.searchParams.get("status") ?? "scheduled").split(",");
      return send(200, (RELEASES[u.searchParams.get("product") ?? ""] ?? []).filter((r) => statuses.includes(r.status as string)));
    });
    await new Promise<void>((r) => h.server.listen(0, "127.0.0.1", r));
    h.source = `http://127.0.0.1:${(h.server.address() as net.AddressInfo).port}`;
    h.stacksDir = tempStacks({ "Pulumi.env-hist.yaml": envFile("hist", { services: "[shipit, archive]" }), "Pulumi.env-noshipit.yaml": envFile("noshipit", { services: "[balrog, archive]" }) });
  }, 180_000);

  afterAll(async () => {
    await h.pg?.stop();
    await new Promise((r) => h.server?.close(r));
    fs.rmSync(h.dir, { recursive: true, force: true });
    fs.rmSync(h.stacksDir, { recursive: true, force: true });
  }, 60_000);

  it("an unknown product is refused before anything is written", async () => {
    const before = await table();
    const r = await shipitImport("--products", "firefox,firefx");
    expect(r.code).toBe(1);
    expect(r.err).toContain("No releases of 'firefx'");
    expect(r.err).toContain("✗ --products");
    expect(await table()).toBe(before);
  });

  it("imports the newest releases per product (shipped and aborted), leaves the environment's own alone, records provenance", async () => {
    const r = await shipitImport("--products", "firefox,devedition", "--limit", "4");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("5 chosen (newest 4 per product), 1 already there.");
    expect(r.out).toContain("Imported 4, kept 1.");
    expect(h.requests).toContain("/releases?product=firefox&status=shipped,aborted");
    expect((await table()).split("\n")).toEqual([
      "Devedition-150.0b3-build1\tdevedition\t150.0b3\treleases/mozilla-beta\t1\tshipped\t2026-11-17 11:00:00\t2026-11-17 11:00:00\t-",
      // aborted, completed "" -> created (as upstream's shipit-import)
      "Firefox-150.0b2-build1\tfirefox\t150.0b2\treleases/mozilla-beta\t1\taborted\t2026-11-10 10:00:00\t2026-11-10 10:00:00\t-",
      "Firefox-150.0b2-build2\tfirefox\t150.0b2\treleases/mozilla-beta\t2\tshipped\t2026-11-11 10:00:00\t2026-11-11 18:00:00\t-",
      // the environment's own row, untouched
      "Firefox-150.0b3-build1\tfirefox\t150.0b3\treleases/mozilla-beta\t1\tscheduled\t2026-11-20 09:00:00\t-\t-",
      "Firefox-150.0b1-build1\tfirefox\t150.0b1\treleases/mozilla-beta\t1\tshipped\t2026-11-03 10:00:00\t2026-11-03 18:00:00\t-",
    ].sort());
    // 149.0 is the oldest of five firefox releases: not among the newest 4.
    expect(await h.pg.sql("SELECT COUNT(*) FROM shipit_api_releases WHERE name = 'Firefox-149.0-build1'", "shipit")).toBe("0");
    expect(await h.pg.sql("SELECT COUNT(*) FROM shipit_api_phases", "shipit")).toBe("0");
    const prov = (await h.pg.sql("SELECT name, source_url, LENGTH(sha256), imported_by FROM releng_envs_shipit_imports ORDER BY name", "shipit")).split("\n");
    expect(prov).toEqual([
      `Devedition-150.0b3-build1\t${h.source}/releases?product=devedition&status=shipped,aborted\t64\tjane`,
      `Firefox-150.0b1-build1\t${h.source}/releases?product=firefox&status=shipped,aborted\t64\tjane`,
      `Firefox-150.0b2-build1\t${h.source}/releases?product=firefox&status=shipped,aborted\t64\tjane`,
      `Firefox-150.0b2-build2\t${h.source}/releases?product=firefox&status=shipped,aborted\t64\tjane`,
    ]);
  });

  it("running it again changes nothing and says so", async () => {
    const before = await table();
    const prov = await h.pg.sql("SELECT * FROM releng_envs_shipit_imports ORDER BY name", "shipit");
    const r = await shipitImport("--products", "firefox,devedition", "--limit", "4");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Nothing to do");
    expect(await table()).toBe(before);
    expect(await h.pg.sql("SELECT * FROM releng_envs_shipit_imports ORDER BY name", "shipit")).toBe(prov);
  });

  it("--dry-run writes nothing; a larger limit then adds only what is missing", async () => {
    const before = await table();
    const dry = await shipitImport("--products", "firefox", "--limit", "10", "--dry-run");
    expect(dry.out).toContain("import  Firefox-149.0-build1");
    expect(dry.out).toContain("Dry run: would write 1 release(s)");
    expect(await table()).toBe(before);
    const r = await shipitImport("--products", "firefox", "--limit", "10");
    expect(r.out).toContain("Imported 1, kept 4.");
    // An offset in the API's time is honoured; microseconds kept.
    expect(await h.pg.sql("SELECT created FROM shipit_api_releases WHERE name = 'Firefox-149.0-build1'", "shipit")).toBe("2026-10-20 10:00:00.123456");
  });

  it("an unreachable source exits 2; a wrong password exits 2 and is not printed", async () => {
    const before = await table();
    h.down = true;
    try {
      const r = await shipitImport("--products", "firefox");
      expect(r.code).toBe(2);
      expect(r.err).toContain("answered HTTP 502");
    } finally {
      h.down = false;
    }
    const wrong = path.join(h.dir, "wrong");
    fs.writeFileSync(wrong, "plugh-wrong-password\n");
    const r = await cli(["shipit", "import", "hist", "--products", "firefox", "--source", h.source, "--database", `postgresql://shipit@127.0.0.1:${h.pg.port}/shipit`, "--password-file", wrong], { stacksDir: h.stacksDir });
    expect(r.code).toBe(2);
    expect(r.err).toContain("password authentication failed");
    expect(r.err).not.toContain("plugh");
    expect(await table()).toBe(before);
  });

  it("by default writes through kubectl exec into shipit-postgres-0, running the pod's psql as the pod's database user", async () => {
    await h.pg.sql("DELETE FROM releng_envs_shipit_imports WHERE name = 'Devedition-150.0b3-build1'; DELETE FROM shipit_api_releases WHERE name = 'Devedition-150.0b3-build1'", "shipit");
    const bin = path.join(h.dir, "fake-bin");
    fs.mkdirSync(bin, { recursive: true });
    const psql = findExecutable(["psql"])!;
    fs.writeFileSync(path.join(bin, "psql"), `#!/bin/sh\nPGPASSWORD='${PASSWORD}' exec ${psql} -h 127.0.0.1 -p ${h.pg.port} "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(
      path.join(bin, "kubectl"),
      `#!/bin/sh\nprintf '%s\\n' "$@" > ${h.dir}/kubectl-args\nfor last; do :; done\nPOSTGRES_USER=shipit POSTGRES_DB=shipit PATH=${bin}:$PATH exec sh -c "$last"\n`,
      { mode: 0o755 },
    );
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      const r = await cli(["shipit", "import", "hist", "--products", "devedition", "--source", h.source], { stacksDir: h.stacksDir, actor: "jane" });
      expect(r.err).toBe("");
      expect(r.out).toContain("Ship-it releases for env-hist (pod env-hist/shipit-postgres-0 (postgres))");
      expect(r.out).toContain("Imported 1, kept 0.");
    } finally {
      process.env.PATH = savedPath;
    }
    expect(fs.readFileSync(path.join(h.dir, "kubectl-args"), "utf8").trim().split("\n").slice(0, 9)).toEqual(["--namespace", "env-hist", "exec", "-i", "shipit-postgres-0", "-c", "postgres", "--", "sh"]);
    expect(await h.pg.sql("SELECT COUNT(*) FROM shipit_api_releases WHERE name = 'Devedition-150.0b3-build1'", "shipit")).toBe("1");
  });

  it.each([
    [["shipit", "import", "noshipit", "--products", "firefox"], "<env>", "has no Ship-it"],
    [["shipit", "import", "hist", "--products", "Fire Fox"], "--products", "is not a Ship-it product name"],
    [["shipit", "import", "hist", "--products", "firefox", "--limit", "many"], "--limit", "is not a whole number"],
    [["shipit", "import", "hist", "--products", "firefox", "--database", "mysql://u@h/db"], "--database", "has scheme 'mysql'"],
  ])("refuses %j", async (argv, key, problem) => {
    const r = await cli(argv as string[], { stacksDir: h.stacksDir });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`✗ ${key}`);
    expect(r.err).toContain(problem);
  });
});
