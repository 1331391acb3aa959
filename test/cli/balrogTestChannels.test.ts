// `releng-envs balrog test-channels` against a local HTTP server that answers as Balrog's admin API
// (rules at the root, scheduled changes) and as its public API (/api/v1/rules only): one case per kind
// of drift and one in sync, exit codes 0/1/2, --json, and bad input refused without a trace.
import * as fs from "node:fs";
import * as http from "node:http";
import type * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ruleObject, rulesList, scheduledChangesList, scheduledRuleChange } from "../tools/history/balrogFixtures";
import { cli, tempStacks } from "./helpers";

const RELEASE = ruleObject(145, "release", { alias: "firefox-release", mapping: "Firefox-149.0-build1" });
const RELEASE_LOCALTEST = ruleObject(300, "release-localtest", { alias: "firefox-release-localtest", mapping: "Firefox-149.0-build1" });
const RELEASE_CDNTEST = ruleObject(301, "release-cdntest", { alias: "firefox-release-cdntest", mapping: "Firefox-149.0-build1" });
const BETA = ruleObject(32, "beta", { alias: "firefox-beta", mapping: "Firefox-150.0b2-build1" });
const BETA_LOCALTEST = ruleObject(310, "beta-localtest", { alias: "firefox-beta-localtest", mapping: "Firefox-150.0b2-build1" });
const RULES = [RELEASE, RELEASE_LOCALTEST, RELEASE_CDNTEST, BETA, BETA_LOCALTEST, ruleObject(1, "nightly", { mapping: "Firefox-mozilla-central-nightly-latest" })];

const state = { rules: RULES as unknown[], changes: [] as unknown[], requests: [] as { url: string; auth?: string }[] };
let server: http.Server;
let root: string;
let stacksDir: string;
let tmp: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    state.requests.push({ url: req.url ?? "", auth: req.headers.authorization });
    const send = (code: number, body: unknown) => res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
    switch (req.url) {
      // The admin app behind a path prefix (as CloudOps' nginx serves production admin under /api).
      case "/admin/api/rules":
        return send(200, rulesList(state.rules as never));
      case "/admin/api/scheduled_changes/rules":
        return send(200, scheduledChangesList(state.changes as never));
      // The public app: no scheduled changes endpoint.
      case "/public/api/v1/rules":
        return send(200, rulesList(state.rules as never));
      case "/malformed/scheduled_changes/rules":
        return send(200, { count: 1, scheduled_changes: [{ sc_id: "one" }] });
      case "/html/scheduled_changes/rules":
        return res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>");
      default:
        return send(404, { status: 404, title: "Not Found" });
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  root = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  stacksDir = tempStacks();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "test-channels-"));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(stacksDir, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  state.rules = RULES;
  state.changes = [];
  state.requests = [];
});

const testChannels = (...args: string[]) => cli(["balrog", "test-channels", ...args], { stacksDir });

describe("admin API: rules + scheduled changes", () => {
  it("in sync: exit 0, says so", async () => {
    const r = await testChannels("--api", `${root}/admin/api`);
    expect(r.code).toBe(0);
    expect(r.out).toContain("admin API: rules and 0 pending scheduled rule change(s)");
    expect(r.out).toContain("release: 1 rule(s) after 0 scheduled change(s); test channels: release-cdntest, release-localtest");
    expect(r.out).toContain("In sync");
    expect(state.requests.map((q) => q.url)).toEqual(["/admin/api/scheduled_changes/rules", "/admin/api/rules"]);
  });

  it("changed mapping: a queued update to the live rule that the test channels lack — exit 1, a table row per test channel", async () => {
    state.changes = [scheduledRuleChange(7, "update", { ...RELEASE, mapping: "Firefox-150.0-build1" })];
    const r = await testChannels("--api", `${root}/admin/api`, "--live", "release");
    expect(r.code).toBe(1);
    const rows = r.out.split("\n").filter((l) => l.startsWith("release "));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^release\s+release-cdntest\s+#145 firefox-release \(sc 7\)\s+#301 firefox-release-cdntest\s+mapping\s+Firefox-150\.0-build1\s+Firefox-149\.0-build1$/);
    expect(r.err).toContain("Drift: 2 difference(s)");
  });

  it("changed field: a test rule that differs on another field", async () => {
    state.rules = RULES.map((x) => (x === BETA_LOCALTEST ? { ...x, backgroundRate: 25 } : x));
    const r = await testChannels("--api", `${root}/admin/api`, "--live", "beta", "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.drifts).toEqual([{ kind: "field", live: "beta", testChannel: "beta-localtest", rule: "#32 firefox-beta", testRule: "#310 firefox-beta-localtest", field: "backgroundRate", expected: 100, actual: 25 }]);
    expect(report.inSync).toBe(false);
    // --ignore takes the field out of the comparison.
    expect((await testChannels("--api", `${root}/admin/api`, "--live", "beta", "--ignore", "backgroundRate")).code).toBe(0);
  });

  it("new rule: a queued insert on the live channel missing from the test channel", async () => {
    state.changes = [scheduledRuleChange(8, "insert", ruleObject(0, "beta", { mapping: "Firefox-150.0b3-build1", buildTarget: "WINNT_aarch64-msvc-aarch64", priority: 95 }))];
    const r = await testChannels("--api", `${root}/admin/api`, "--live", "beta", "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).drifts).toEqual([{ kind: "missing-rule", live: "beta", testChannel: "beta-localtest", rule: "sc 8 (insert)", field: "mapping", expected: "Firefox-150.0b3-build1", actual: "(no rule)" }]);
  });

  it("deletion: a queued delete of a live rule still present on the test channel", async () => {
    state.changes = [scheduledRuleChange(9, "delete", BETA)];
    const r = await testChannels("--api", `${root}/admin/api`, "--live", "beta", "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).drifts).toEqual([{ kind: "extra-rule", live: "beta", testChannel: "beta-localtest", rule: "(none)", testRule: "#310 firefox-beta-localtest", field: "mapping", expected: "(no rule)", actual: "Firefox-150.0b2-build1" }]);
  });

  it("a completed change is history, not pending", async () => {
    state.changes = [scheduledRuleChange(10, "delete", BETA, { complete: true })];
    expect((await testChannels("--api", `${root}/admin/api`)).code).toBe(0);
  });

  it("--json when in sync: machine-readable, exit 0", async () => {
    const r = await testChannels("--api", `${root}/admin/api`, "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ kind: "admin", scheduledChangesVisible: true, inSync: true, drifts: [] });
    expect(report.channels.map((c: { live: string }) => c.live)).toEqual(["beta", "release"]);
  });

  it("sends the --token-file token as a bearer token and never prints it", async () => {
    const token = path.join(tmp, "token");
    fs.writeFileSync(token, "eyJhbGciOiJSUzI1NiJ9.secret-token-value\n");
    const r = await testChannels("--api", `${root}/admin/api`, "--token-file", token);
    expect(r.code).toBe(0);
    expect(state.requests.every((q) => q.auth === "Bearer eyJhbGciOiJSUzI1NiJ9.secret-token-value")).toBe(true);
    expect(r.out + r.err).not.toContain("secret-token-value");
  });
});

describe("public API: rules only", () => {
  it("works without scheduled changes and says they are not seen", async () => {
    state.changes = [scheduledRuleChange(7, "update", { ...RELEASE, mapping: "Firefox-150.0-build1" })]; // invisible here
    const r = await testChannels("--api", `${root}/public`);
    expect(r.code).toBe(0);
    expect(r.out).toContain("public API: rules only. Scheduled changes are not visible here");
    const json = JSON.parse((await testChannels("--api", `${root}/public`, "--json")).out);
    expect(json).toMatchObject({ kind: "public", scheduledChangesVisible: false, inSync: true });
  });

  it("reports drift between live and test rules as they are now", async () => {
    state.rules = RULES.map((x) => (x === RELEASE_LOCALTEST ? { ...x, mapping: "Firefox-148.0-build1" } : x));
    const r = await testChannels("--api", `${root}/public`, "--mode", "public");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/release\s+release-localtest\s+#145 firefox-release\s+#300 firefox-release-localtest\s+mapping\s+Firefox-149\.0-build1\s+Firefox-148\.0-build1/);
    expect(state.requests.map((q) => q.url)).toEqual(["/public/api/v1/rules"]);
  });
});

describe("unreachable, malformed API and bad input: exit 2, one problem block, no trace", () => {
  it.each([
    ["unreachable", () => ["--api", "http://127.0.0.1:9"], "could not be reached"],
    ["not found anywhere", () => ["--api", `${root}/nothing`], "answered HTTP 404"],
    ["wrong shape", () => ["--api", `${root}/malformed`], "answered JSON of the wrong shape at scheduled_changes.0.sc_id"],
    ["not JSON", () => ["--api", `${root}/html`], "did not answer JSON"],
    ["admin mode forced on a public API", () => ["--api", `${root}/public`, "--mode", "admin"], "answered HTTP 404"],
  ])("%s", async (_name, args, problem) => {
    const r = await testChannels(...args());
    expect(r.code).toBe(2);
    expect(r.err).toContain(problem);
    expect(r.err).toContain("✗ --api");
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("a wrong shape names the upstream spec it breaks", async () => {
    const r = await testChannels("--api", `${root}/malformed`);
    expect(r.err).toContain("the expected shape: mozilla-releng/balrog@f0c823ac12cd src/auslib/web/admin/swagger/api.yml");
  });

  it.each([
    [["--api", "https://user:hunter2@aus-api.mozilla.org"], "holds credentials in the URL", "hunter2"],
    [["--api", "http://aus-api.mozilla.org"], "is not https", undefined],
    [["--api", "https://aus-api.mozilla.org", "--ignore", "mapping,colour"], "Unknown --ignore field: colour", undefined],
    [["--api", "https://aus-api.mozilla.org", "--mode", "both"], "is not auto, admin or public", undefined],
    [["--api", "https://aus-api.mozilla.org", "--live", "release*"], "no globs", undefined],
    [["--api", "https://aus-api.mozilla.org", "--token-file", "/nonexistent/token"], "no such file", undefined],
  ])("refuses %j", async (args, problem, secret) => {
    const r = await testChannels(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toContain(problem);
    expect(r.err).toContain("fix:");
    if (secret) expect(r.err).not.toContain(secret);
  });

  it("--api is required; --help documents the exit codes", async () => {
    expect((await testChannels()).code).toBe(1);
    const help = await testChannels("--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("Exit 0 in sync, 1");
    expect(help.out).toContain("The production public API shows no scheduled changes");
    for (const argv of [["balrog", "import", "--help"], ["shipit", "import", "--help"], ["balrog", "--help"], ["--help"]]) {
      const r = await cli(argv, { stacksDir });
      expect(r.code, argv.join(" ")).toBe(0);
      expect(r.out).toMatch(/-h, --help/);
    }
    expect((await cli(["--help"], { stacksDir })).out).toMatch(/^  balrog .*\n(.|\n)*^  shipit /m);
  });
});
