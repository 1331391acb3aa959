// The seed script against a real MariaDB server (Debian's mariadb-server) on 127.0.0.1, with a
// fixture dump served over HTTP by this test and a stand-in for the Kubernetes API that records the
// provenance ConfigMap patch. Skipped, with the reason printed, when mariadbd is not installed.
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findExecutable, missingMariaDb, startMariaDb, type MariaDb } from "../../../servers";
import { SEED_SCRIPT_PATH } from "../../../../components/services/balrog/seedScript";

const run = promisify(execFile);

const which = findExecutable;

const CLIENT = which(["mariadb", "mysql"]);
const DUMPER = which(["mariadb-dump", "mysqldump"]);
const XZ = which(["xz"]);
const CURL = which(["curl"]);
const missing = [
  ...missingMariaDb(),
  !DUMPER && "mariadb-dump",
  !XZ && "xz (xz-utils)",
  !CURL && "curl",
].filter(Boolean);
if (missing.length > 0) {
  console.warn(`SKIPPED seed script MariaDB tests: missing ${missing.join(", ")}; .ci/run installs them`);
}

const ROOT_PASSWORD = "test-root-pw";
const APP_PASSWORD = "test-app-pw";
const LAST_MODIFIED = "Wed, 18 Nov 2026 06:00:00 GMT";
const NAMESPACE = "env-seedtest";
const CONFIGMAP = "balrog-seed-provenance";
const SA_TOKEN = "test-service-account-token";

/** A small Balrog-shaped dump: what scripts/manage-db.py extract writes (schema + rules + releases, no permissions). */
function fixtureSql(extra = ""): string {
  return `-- fixture Balrog dump (releng-envs tests)
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS \`rules\`;
CREATE TABLE \`rules\` (
  \`rule_id\` int NOT NULL AUTO_INCREMENT, \`alias\` varchar(50) DEFAULT NULL, \`priority\` int DEFAULT NULL,
  \`mapping\` varchar(100) DEFAULT NULL, \`backgroundRate\` int DEFAULT NULL, \`update_type\` varchar(15) NOT NULL,
  \`product\` varchar(15) DEFAULT NULL, \`channel\` varchar(75) DEFAULT NULL, \`data_version\` int NOT NULL,
  PRIMARY KEY (\`rule_id\`)
);
CREATE TABLE \`rules_history\` (\`change_id\` int NOT NULL AUTO_INCREMENT, \`changed_by\` varchar(100) NOT NULL, \`timestamp\` bigint NOT NULL, \`rule_id\` int NOT NULL, \`data_version\` int DEFAULT NULL, PRIMARY KEY (\`change_id\`));
CREATE TABLE \`releases\` (\`name\` varchar(100) NOT NULL, \`product\` varchar(15) NOT NULL, \`read_only\` tinyint DEFAULT NULL, \`data\` longtext NOT NULL, \`data_version\` int NOT NULL, PRIMARY KEY (\`name\`));
CREATE TABLE \`releases_json\` (\`name\` varchar(100) NOT NULL, \`product\` varchar(15) NOT NULL, \`read_only\` tinyint DEFAULT NULL, \`data\` json DEFAULT NULL, \`data_version\` int NOT NULL, PRIMARY KEY (\`name\`));
CREATE TABLE \`permissions\` (\`permission\` varchar(50) NOT NULL, \`username\` varchar(100) NOT NULL, \`options\` text, \`data_version\` int NOT NULL, PRIMARY KEY (\`permission\`,\`username\`));
CREATE TABLE \`user_roles\` (\`username\` varchar(100) NOT NULL, \`role\` varchar(50) NOT NULL, \`data_version\` int NOT NULL, PRIMARY KEY (\`username\`,\`role\`));
CREATE TABLE \`product_req_signoffs\` (\`product\` varchar(15) NOT NULL, \`channel\` varchar(75) NOT NULL, \`role\` varchar(50) NOT NULL, \`signoffs_required\` int NOT NULL, \`data_version\` int NOT NULL, PRIMARY KEY (\`product\`,\`channel\`,\`role\`));
LOCK TABLES \`rules\` WRITE;
INSERT INTO \`rules\` VALUES (32,'firefox-beta',90,'Firefox-beta-latest',100,'minor','Firefox','beta',7),(145,'firefox-release',90,'Firefox-140.0-build1',100,'minor','Firefox','release',12);
UNLOCK TABLES;
INSERT INTO \`rules_history\` VALUES (1,'balrog-ffxbld',1700000000000,32,6);
INSERT INTO \`releases\` VALUES ('Firefox-140.0-build1','Firefox',0,'{"name":"Firefox-140.0-build1","schema_version":9}',3);
INSERT INTO \`releases_json\` VALUES ('Firefox-beta-latest','Firefox',0,'{"name":"Firefox-beta-latest"}',1);
${extra}`;
}

async function xzCompress(sql: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn(XZ!, ["-z", "-c", "-6"], { stdio: ["pipe", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    p.stdout.on("data", (c: Buffer) => chunks.push(c));
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`xz exited ${code}`))));
    p.stdin.end(sql);
  });
}


interface Harness {
  dir: string;
  port: number;
  server: http.Server;
  baseUrl: string;
  files: Map<string, Buffer>;
  requests: string[];
  patches: { auth: string | undefined; body: any }[];
  db?: MariaDb;
  rootCnf: string;
}

const h = {} as Harness;

async function rootSql(query: string, db = ""): Promise<string> {
  return h.db!.sql(query, db);
}

async function liveDump(): Promise<string> {
  const { stdout } = await run(DUMPER!, [`--defaults-extra-file=${h.rootCnf}`, "--skip-dump-date", "--skip-comments", "--order-by-primary", "balrog"], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

function seedEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: h.dir,
    SEED_ALLOW_HTTP: "1",
    SEED_SOURCE: "url",
    DUMP_URL: `${h.baseUrl}/dumps/good.sql.xz`,
    SEED_GENERATION: "1",
    DB_HOST: "127.0.0.1",
    DB_PORT: String(h.port),
    DB_USER: "root",
    DB_PASSWORD: ROOT_PASSWORD,
    DB_NAME: "balrog",
    DB_WAIT_SECONDS: "10",
    HOLDER: "jane.doe@mozilla.com",
    AGENT_ACCOUNT: "balrogagent",
    SUBMITTERS: "balrog-stage-ffxbld:Firefox,Devedition\nbalrog-stage-tbirdbld:Thunderbird",
    // pinnable_release takes no actions (balrog db.py allPermissions: products only).
    SUBMITTER_PERMISSIONS: "release:create,modify\nrule:create,modify\npinnable_release:",
    SIGNOFF_PRODUCT: "Firefox",
    SIGNOFF_CHANNEL: "release",
    SIGNOFF_ROLE: "releng",
    SCHEMA_UPGRADE_CMD: `bash ${path.join(h.dir, "fake-upgrade.sh")}`,
    SCHEMA_CREATE_CMD: `bash ${path.join(h.dir, "fake-create.sh")}`,
    WORK_DIR: path.join(h.dir, "work"),
    PROVENANCE_FILE: path.join(h.dir, "provenance.json"),
    PROVENANCE_CONFIGMAP: CONFIGMAP,
    NAMESPACE,
    KUBE_API: h.baseUrl,
    SA_DIR: path.join(h.dir, "sa"),
    ...overrides,
  };
}

async function seed(overrides: Record<string, string> = {}, mode = "seed"): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run("bash", [SEED_SCRIPT_PATH, mode], { env: seedEnv(overrides), timeout: 60_000 });
    return { code: 0, stderr };
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stderr: err.stderr ?? String(e) };
  }
}

describe.skipIf(missing.length > 0)("balrog-seed.sh against a real MariaDB on 127.0.0.1", () => {
  beforeAll(async () => {
    h.dir = fs.mkdtempSync(path.join(os.tmpdir(), "balrog-seed-"));
    h.files = new Map();
    h.requests = [];
    h.patches = [];
    h.files.set("/dumps/good.sql.xz", await xzCompress(fixtureSql()));
    const good = h.files.get("/dumps/good.sql.xz")!;
    const corrupt = Buffer.from(good);
    for (let i = Math.floor(corrupt.length / 3); i < Math.floor(corrupt.length / 3) + 16; i++) corrupt[i] ^= 0xff;
    h.files.set("/dumps/corrupt.sql.xz", corrupt);
    h.files.set("/dumps/escapes.sql.xz", await xzCompress(fixtureSql("USE mysql;\nDROP TABLE IF EXISTS user;\n")));
    h.files.set("/dumps/v2.sql.xz", await xzCompress(fixtureSql("INSERT INTO `rules` VALUES (200,'new',80,'Firefox-beta-latest',100,'minor','Firefox','aurora',1);\n")));

    // One HTTP server: the dump host, and the Kubernetes API's ConfigMap PATCH endpoint.
    h.server = http.createServer((req, res) => {
      h.requests.push(`${req.method} ${req.url}`);
      if (req.method === "PATCH" && req.url === `/api/v1/namespaces/${NAMESPACE}/configmaps/${CONFIGMAP}`) {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          h.patches.push({ auth: req.headers.authorization, body: JSON.parse(body) });
          res.writeHead(200, { "content-type": "application/json" }).end("{}");
        });
        return;
      }
      const file = h.files.get(req.url ?? "");
      if (!file) return void res.writeHead(404).end("not found");
      res.writeHead(200, { "content-type": "application/x-xz", "content-length": file.length, "last-modified": LAST_MODIFIED }).end(file);
    });
    await new Promise<void>((r) => h.server.listen(0, "127.0.0.1", r));
    h.baseUrl = `http://127.0.0.1:${(h.server.address() as net.AddressInfo).port}`;

    fs.mkdirSync(path.join(h.dir, "sa"));
    fs.writeFileSync(path.join(h.dir, "sa", "token"), SA_TOKEN);
    // Stand-ins for Balrog's `run.sh upgrade-db` / `create-db`: they change the database DBURI names
    // (and log which one), so the tests see where and when the schema step ran.
    const clientCnf = path.join(h.dir, "root.cnf");
    h.rootCnf = clientCnf;
    fs.writeFileSync(
      path.join(h.dir, "fake-upgrade.sh"),
      `set -e\ndb="\${DBURI##*/}"\necho "upgrade $db" >> ${h.dir}/schema.log\n${CLIENT} --defaults-extra-file=${clientCnf} "$db" -e "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); INSERT IGNORE INTO alembic_version VALUES ('0002')"\n`,
    );
    fs.writeFileSync(
      path.join(h.dir, "fake-create.sh"),
      `set -e\ndb="\${DBURI##*/}"\necho "create $db" >> ${h.dir}/schema.log\n${XZ} -dc ${path.join(h.dir, "schema.sql.xz")} | ${CLIENT} --defaults-extra-file=${clientCnf} "$db"\n`,
    );
    fs.writeFileSync(path.join(h.dir, "schema.sql.xz"), await xzCompress(fixtureSql().split("LOCK TABLES")[0]));

    // A private MariaDB: own datadir, socket and port under the temp dir; started and stopped by PID.
    h.db = await startMariaDb(h.dir, ROOT_PASSWORD);
    h.port = h.db.port;
    await h.db.sql(`CREATE DATABASE balrog; CREATE USER 'balrog'@'127.0.0.1' IDENTIFIED BY '${APP_PASSWORD}'; GRANT ALL ON balrog.* TO 'balrog'@'127.0.0.1';`);
  }, 120_000);

  afterAll(async () => {
    await h.db?.stop();
    await new Promise((r) => h.server?.close(r));
    if (h.dir) fs.rmSync(h.dir, { recursive: true, force: true });
  }, 60_000);

  it("refuses to start without a dump URL, with a clear message, touching nothing", async () => {
    const before = await liveDump();
    const result = await seed({ DUMP_URL: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("DUMP_URL is not set: seed source 'url' needs the URL of an xz-compressed SQL dump");
    expect(await liveDump()).toBe(before);
    expect(h.requests).toEqual([]);
  });

  it("seeds: imports the dump, upgrades the schema before the swap, adds what the dump lacks, records provenance", async () => {
    const result = await seed();
    expect(result.stderr).not.toContain("ERROR");
    expect(result.code).toBe(0);
    // Rules and their IDs survive (staging ships through rule 32 beta and 145 release).
    expect(await rootSql("SELECT rule_id, channel FROM rules ORDER BY rule_id", "balrog")).toBe("32\tbeta\n145\trelease");
    expect(await rootSql("SELECT COUNT(*) FROM releases", "balrog")).toBe("1");
    // The schema step ran on the scratch database, before the live one was replaced.
    expect(fs.readFileSync(path.join(h.dir, "schema.log"), "utf8").trim()).toBe("upgrade balrog_seed_import");
    expect(await rootSql("SELECT version_num FROM alembic_version", "balrog")).toBe("0002");
    // What the dump lacks.
    const perms = await rootSql("SELECT permission, username, IFNULL(options, 'NULL') FROM permissions ORDER BY username, permission", "balrog");
    expect(perms.split("\n")).toEqual([
      'pinnable_release\tbalrog-stage-ffxbld\t{"products": ["Firefox", "Devedition"]}',
      'release\tbalrog-stage-ffxbld\t{"actions": ["create", "modify"], "products": ["Firefox", "Devedition"]}',
      'rule\tbalrog-stage-ffxbld\t{"actions": ["create", "modify"], "products": ["Firefox", "Devedition"]}',
      'pinnable_release\tbalrog-stage-tbirdbld\t{"products": ["Thunderbird"]}',
      'release\tbalrog-stage-tbirdbld\t{"actions": ["create", "modify"], "products": ["Thunderbird"]}',
      'rule\tbalrog-stage-tbirdbld\t{"actions": ["create", "modify"], "products": ["Thunderbird"]}',
      'scheduled_change\tbalrogagent\t{"actions": ["enact"]}',
      "admin\tjane.doe@mozilla.com\tNULL",
    ]);
    expect(await rootSql("SELECT username, role FROM user_roles", "balrog")).toBe("jane.doe@mozilla.com\treleng");
    expect(await rootSql("SELECT product, channel, role, signoffs_required FROM product_req_signoffs", "balrog")).toBe("Firefox\trelease\treleng\t1");
    // No scratch or previous database is left behind.
    expect(await rootSql("SHOW DATABASES LIKE 'balrog%'")).toBe("balrog");
    // Provenance: in the database, in the file, and patched into the ConfigMap with the service account token.
    const provenance = JSON.parse(fs.readFileSync(path.join(h.dir, "provenance.json"), "utf8"));
    expect(provenance).toMatchObject({ source: "url", url: `${h.baseUrl}/dumps/good.sql.xz`, lastModified: LAST_MODIFIED, generation: "1", rules: "2", releases: "1", releasesJson: "1" });
    expect(Date.parse(provenance.importedAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(h.patches).toHaveLength(1);
    expect(h.patches[0].auth).toBe(`Bearer ${SA_TOKEN}`);
    expect(h.patches[0].body).toEqual({ data: provenance });
  });

  it("re-seeding a seeded database changes nothing and says so", async () => {
    const before = await liveDump();
    const downloads = h.requests.filter((r) => r.startsWith("GET")).length;
    const result = await seed();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`already seeded from ${h.baseUrl}/dumps/good.sql.xz (Last-Modified: ${LAST_MODIFIED}`);
    expect(result.stderr).toContain("nothing to do: data, schema (alembic:0002) and permissions are unchanged");
    expect(await liveDump()).toBe(before);
    expect(h.requests.filter((r) => r.startsWith("GET")).length).toBe(downloads);
  });

  it("rejects a corrupt dump before touching the database", async () => {
    const before = await liveDump();
    const result = await seed({ DUMP_URL: `${h.baseUrl}/dumps/corrupt.sql.xz`, SEED_GENERATION: "2" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the dump is not a valid xz file (xz -t");
    expect(result.stderr).toContain("the database was not touched");
    expect(await liveDump()).toBe(before);
    expect(await rootSql("SHOW DATABASES LIKE 'balrog%'")).toBe("balrog");
  });

  it("rejects a failed download (404) and a dump that would escape the scratch database", async () => {
    const before = await liveDump();
    const notFound = await seed({ DUMP_URL: `${h.baseUrl}/dumps/missing.sql.xz`, SEED_GENERATION: "2" });
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toContain(`download of ${h.baseUrl}/dumps/missing.sql.xz failed`);
    const escapes = await seed({ DUMP_URL: `${h.baseUrl}/dumps/escapes.sql.xz`, SEED_GENERATION: "2" });
    expect(escapes.code).toBe(1);
    expect(escapes.stderr).toContain("selects, creates or drops a database");
    expect(await liveDump()).toBe(before);
  });

  it("a new generation re-seeds from the new dump and keeps the grants", async () => {
    const result = await seed({ DUMP_URL: `${h.baseUrl}/dumps/v2.sql.xz`, SEED_GENERATION: "2" });
    expect(result.code).toBe(0);
    expect(await rootSql("SELECT GROUP_CONCAT(rule_id ORDER BY rule_id) FROM rules", "balrog")).toBe("32,145,200");
    expect(await rootSql("SELECT COUNT(*) FROM permissions WHERE username = 'balrogagent'", "balrog")).toBe("1");
    expect(JSON.parse(fs.readFileSync(path.join(h.dir, "provenance.json"), "utf8"))).toMatchObject({ generation: "2", rules: "3" });
  });

  it("the apps' wait mode passes for the seeded generation and times out for another", async () => {
    const app = { DB_USER: "balrog", DB_PASSWORD: APP_PASSWORD, WAIT_TIMEOUT_SECONDS: "2" };
    expect((await seed({ ...app, SEED_GENERATION: "2" }, "wait")).code).toBe(0);
    const other = await seed({ ...app, SEED_GENERATION: "3" }, "wait");
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("no seed generation 3 after 2s");
  });

  it("an empty seed creates the schema and the grants, with no download", async () => {
    const downloads = h.requests.filter((r) => r.startsWith("GET")).length;
    const result = await seed({ SEED_SOURCE: "empty", DUMP_URL: "", SEED_GENERATION: "4" });
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(h.dir, "schema.log"), "utf8")).toContain("create balrog_seed_import\nupgrade balrog_seed_import");
    expect(await rootSql("SELECT COUNT(*) FROM rules", "balrog")).toBe("0");
    expect(await rootSql("SELECT COUNT(*) FROM permissions WHERE permission = 'admin'", "balrog")).toBe("1");
    expect(h.requests.filter((r) => r.startsWith("GET")).length).toBe(downloads);
  });
});
