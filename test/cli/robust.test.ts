// Bad input, faults and interrupts (issue #18): each finding reproduced, then refused cleanly or
// handled — a problem block, no trace, no echoed value, no file changed.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import * as path from "node:path";
import YAML from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cli, envFile, snapshot, tempStacks, type CliRun } from "./helpers";

const TRACE = /\n\s+at .+\(|\n\s+at .+:\d+:\d+/;
const SECRET = "hunter2-Zq8vX1";

function jane(text = envFile("jane")) {
  const stacksDir = tempStacks({ "Pulumi.env-jane.yaml": text });
  return { stacksDir, file: path.join(stacksDir, "Pulumi.env-jane.yaml") };
}

/** A refusal: exit 1, a problem block on stderr, no trace, and (when given) nothing changed. */
function expectRefused(r: CliRun, before?: Record<string, string>, after?: Record<string, string>) {
  expect(r.code, r.err).toBe(1);
  expect(r.err).not.toMatch(TRACE);
  expect(r.err).not.toMatch(/PROGRAM ERROR/);
  if (before) expect(after).toEqual(before);
}

/** Makes `fs[name]` fail with errno `code` (optionally only for some paths), as a full or read-only disk would. */
function failing(name: "writeFileSync" | "linkSync" | "renameSync" | "mkdirSync" | "readFileSync", code: string, when: (p: string) => boolean = () => true) {
  const real = fs[name] as (...a: unknown[]) => unknown;
  vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
    const p = String(args[0]);
    if (!when(p)) return real(...args);
    // A full disk fails part-way: the file exists, empty.
    if (name === "writeFileSync" && code === "ENOSPC") real(p, "", { flag: (args[2] as { flag?: string })?.flag ?? "w" });
    throw Object.assign(new Error(`${code}: simulated, ${name} '${p}'`), { code, syscall: name.replace("Sync", "").replace("File", "").toLowerCase(), path: p });
  }) as never);
  syncBuiltinESMExports();
}

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

describe("every env-* stack file is in the catalogue, whatever it holds", () => {
  const overdue = (kindLine: string) => envFile("jane", { checkedOut: "2026-10-01", due: "2026-10-20" }).replace("  releng-envs:kind: environment\n", kindLine);
  for (const [what, text] of [
    ["a missing kind", overdue("")],
    ["an empty kind", overdue('  releng-envs:kind: ""\n')],
    ["a wrong kind", overdue("  releng-envs:kind: enviroment\n")],
    ["kind: pools", overdue("  releng-envs:kind: pools\n")],
  ] as const) {
    it(`lists an overdue environment with ${what}, also under --json --overdue (the reaper's view)`, async () => {
      const { stacksDir } = jane(text);
      const all = JSON.parse((await cli(["list", "--json"], { stacksDir })).out);
      const entry = all.environments.find((e: { name: string }) => e.name === "jane");
      expect(entry).toMatchObject({ stack: "env-jane", due: "2026-10-20", overdue: true, daysLeft: -32, holder: "jane.doe@mozilla.com" });
      expect(entry.problems.join("\n")).toMatch(/releng-envs:kind/);
      const reaper = JSON.parse((await cli(["list", "--json", "--overdue"], { stacksDir })).out);
      expect(reaper.environments.map((e: { name: string }) => e.name)).toContain("jane");
      const table = await cli(["list"], { stacksDir });
      expect(table.out).toMatch(/^jane .*OVERDUE 32d, invalid/m);
    });
  }

  it("lists an empty file, a directory named like a stack file and an alias bomb, each with its problem", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [*${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}]`), "config:", "  releng-envs:purpose: *i"].join("\n");
    const stacksDir = tempStacks({ "Pulumi.env-empty.yaml": "", "Pulumi.env-bomb.yaml": bomb });
    fs.mkdirSync(path.join(stacksDir, "Pulumi.env-dir.yaml"));
    const r = await cli(["list", "--json"], { stacksDir });
    expect(r.code, r.err).toBe(0);
    const byName = Object.fromEntries(JSON.parse(r.out).environments.map((e: { name: string; problems: string[] }) => [e.name, e.problems.join("\n")]));
    expect(byName.empty).toMatch(/releng-envs:kind/);
    expect(byName.dir).toMatch(/is a directory/);
    expect(byName.bomb).toMatch(/aliases that expand too far/);
  });

  it("returns an environment whose kind is broken (it may be deployed), and refuses to renew it with the reason", async () => {
    const { stacksDir } = jane(envFile("jane").replace("  releng-envs:kind: environment\n", ""));
    const dry = await cli(["return", "jane", "--dry-run"], { stacksDir });
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toMatch(/pulumi destroy --yes --stack env-jane/);
    const before = snapshot(stacksDir);
    const renew = await cli(["renew", "jane", "--days", "3"], { stacksDir });
    expectRefused(renew, before, snapshot(stacksDir));
    expect(renew.err).toMatch(/releng-envs:kind/);
  });
});

describe("a stack file of another kind", () => {
  it("kind: pools in an env file is one problem, not nine", async () => {
    const { stacksDir } = jane(envFile("jane").replace("releng-envs:kind: environment", "releng-envs:kind: pools"));
    const r = await cli(["list", "--json"], { stacksDir });
    const entry = JSON.parse(r.out).environments.find((e: { name: string }) => e.name === "jane");
    expect(entry.problems).toEqual(["releng-envs:kind: is 'pools', but stack 'env-jane' is not named pools-<name>"]);
  });
});

describe("renew keeps the file's own shape", () => {
  it("edits a flow-style config inside config:, not after it", async () => {
    const { stacksDir, file } = jane(
      `config: {releng-envs:kind: environment, releng-envs:name: jane, releng-envs:holder: jane@mozilla.com, releng-envs:purpose: Test, releng-envs:due: "2026-11-30", releng-envs:services: [balrog]}\n`,
    );
    const r = await cli(["renew", "jane", "--days", "5"], { stacksDir });
    expect(r.code, r.err).toBe(0);
    const config = YAML.parse(fs.readFileSync(file, "utf8")).config;
    expect(config).toMatchObject({ "releng-envs:due": "2026-11-26", "releng-envs:checkedOut": "2026-11-21", "releng-envs:kind": "environment" });
    expect(Object.keys(YAML.parse(fs.readFileSync(file, "utf8")))).toEqual(["config"]);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^config: \{/);
  });

  it.each([">-", "|", ">+"])("rewrites a block-scalar due (%s) as valid YAML and keeps the comments", async (header) => {
    const { stacksDir, file } = jane(envFile("jane").replace(`releng-envs:due: '2026-11-30'`, `releng-envs:due: ${header}\n    2026-11-30\n`));
    const r = await cli(["renew", "jane", "--days", "5"], { stacksDir });
    expect(r.code, r.err).toBe(0);
    const text = fs.readFileSync(file, "utf8");
    expect(YAML.parse(text).config["releng-envs:due"]).toBe("2026-11-26");
    expect(text).toContain("# ask Jane before touching it");
    expect(r.err + r.out).not.toMatch(/\.tmp|releng-envs-validate/);
  });

  it("keeps a symlinked stack file a symlink and edits its target", async () => {
    const { stacksDir, file } = jane();
    const real = path.join(stacksDir, "..", `jane-real-${path.basename(stacksDir)}.yaml`);
    fs.renameSync(file, real);
    fs.symlinkSync(real, file);
    const r = await cli(["renew", "jane", "--days", "5"], { stacksDir });
    expect(r.code, r.err).toBe(0);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, "utf8")).toContain(`releng-envs:due: '2026-11-26'`);
  });

  it("keeps CRLF line endings, also on the line it adds", async () => {
    const text = envFile("jane").replace(/^ {2}releng-envs:checkedOut.*\n/m, "").replace(/\n/g, "\r\n");
    const { stacksDir, file } = jane(text);
    const r = await cli(["renew", "jane", "--days", "5"], { stacksDir });
    expect(r.code, r.err).toBe(0);
    const after = fs.readFileSync(file, "utf8");
    expect(after).toContain(`releng-envs:checkedOut: "2026-11-21"\r\n`);
    expect(after.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("refuses --days beyond the calendar without a trace", async () => {
    const { stacksDir } = jane();
    const before = snapshot(stacksDir);
    const r = await cli(["renew", "jane", "--days", "99999999999"], { stacksDir });
    expectRefused(r, before, snapshot(stacksDir));
    expect(r.err).toMatch(/--days/);
    expect(r.err).not.toContain("99999999999");
  });
});

describe("checkout refuses bad values cleanly, naming the right option, echoing nothing", () => {
  const base = ["checkout", "bob", "--holder", "bob@mozilla.com", "--services", "balrog", "--days", "5", "--purpose", "Testing"];
  const withArgs = (replace: Record<string, string>, extra: string[] = []) => {
    const args = [...base];
    for (const [opt, v] of Object.entries(replace)) args[args.indexOf(opt) + 1] = v;
    return [...args, ...extra];
  };

  it.each([
    ["a loose holder address", withArgs({ "--holder": "-@-.-" }), /--holder/],
    ["a 5 MB purpose", withArgs({ "--purpose": "x".repeat(5_000_000) }), /--purpose[\s\S]*at most 1000 characters/],
    ["a purpose holding an AWS access key", withArgs({ "--purpose": "test AKIAIOSFODNN7EXAMPLE please" }), /--purpose[\s\S]*AWS access key/],
    ["a purpose holding a GitHub token", withArgs({ "--purpose": `ghp_${"a1B2c3D4e5".repeat(4)}` }), /GitHub token/],
    ["a purpose holding a Taskcluster access token", withArgs({ "--purpose": "tok Xy9-abcDEF0123456789_abcdefGHIJKL01234567890" }), /Taskcluster access token/],
    ["the stack name instead of the name", base.map((a) => (a === "bob" ? "env-bob" : a)), /without the 'env-' prefix: npx releng-envs checkout bob/],
    ["a date that does not exist", ["--today", "2026-02-30", ...base], /--today[\s\S]*not a real calendar date/],
    ["a month 13", ["--today", "2026-13-45", ...base], /--today/],
    ["--days beyond the calendar", withArgs({ "--days": "99999999999" }), /--days/],
    ["a password in a fallback URL", [...base, "--set", `fallbacks.shipitApi=https://user:${SECRET}@shipit.example.org`], /--set fallbacks.shipitApi[\s\S]*(user name or password|credentials)/],
    ["a password in the Ship-it Taskcluster root URL", withArgs({ "--services": "shipit" }, ["--set", `services.shipit.taskclusterRootUrl=https://x:${SECRET}@tc.example.org`]), /--set services.shipit.taskclusterRootUrl/],
    ["a bad --set value of a known key", [...base, "--set", `services.balrog.seed.source=${SECRET}`], /--set services.balrog.seed.source/],
    ["a malformed --set value", [...base, "--set", `services.balrog.image=[${SECRET}`], /--set[\s\S]*not valid YAML/],
  ])("%s", async (_what, argv, message) => {
    const stacksDir = tempStacks();
    const before = snapshot(stacksDir);
    const r = await cli(argv, { stacksDir });
    expectRefused(r, before, snapshot(stacksDir));
    expect(r.err).toMatch(message);
    for (const v of [SECRET, "AKIAIOSFODNN7EXAMPLE", "a1B2c3D4e5a1B2c3", "Xy9-abcDEF", "xxxxxxxxxx", "-@-.-", "99999999999", "2026-13-45", "2026-02-30"]) expect(r.err + r.out).not.toContain(v);
  });

  it("keeps a numeric-looking purpose text", async () => {
    const stacksDir = tempStacks();
    const r = await cli(withArgs({ "--purpose": "1e3" }), { stacksDir });
    expect(r.code, r.err).toBe(0);
    const list = JSON.parse((await cli(["list", "--json"], { stacksDir })).out);
    expect(list.environments.find((e: { name: string }) => e.name === "bob")).toMatchObject({ purpose: "1e3", problems: [] });
  });
});

describe("faults of the machine: what failed, that nothing changed, no trace, no half-written file", () => {
  const checkout = ["checkout", "bob", "--holder", "bob@mozilla.com", "--services", "balrog", "--days", "5", "--purpose", "Testing"];

  it("a full disk during checkout leaves no temporary file in stacks/", async () => {
    const stacksDir = tempStacks();
    const before = snapshot(stacksDir);
    failing("writeFileSync", "ENOSPC", (p) => p.startsWith(stacksDir));
    const r = await cli(checkout, { stacksDir });
    expectRefused(r);
    expect(r.err).toMatch(/no space left on the device \(ENOSPC\)[\s\S]*Nothing was changed/);
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    expect(fs.readdirSync(stacksDir).filter((f) => f.startsWith("."))).toEqual([]);
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("a read-only stacks/ during renew keeps the file as it was", async () => {
    const { stacksDir } = jane();
    const before = snapshot(stacksDir);
    failing("writeFileSync", "EROFS", (p) => p.startsWith(stacksDir));
    const r = await cli(["renew", "jane", "--days", "3"], { stacksDir });
    expectRefused(r);
    expect(r.err).toMatch(/the file system is read-only \(EROFS\)[\s\S]*Nothing was changed/);
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    expect(snapshot(stacksDir)).toEqual(before);
    expect(fs.readdirSync(stacksDir).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("a non-JSON file under list --state is refused without quoting it", async () => {
    const { stacksDir } = jane();
    const state = fs.mkdtempSync(path.join(path.dirname(stacksDir), "state-"));
    fs.writeFileSync(path.join(state, "env-jane.json"), `password: ${SECRET}`);
    const r = await cli(["list", "--state", state], { stacksDir });
    expectRefused(r);
    expect(r.err).toMatch(/env-jane.json is not valid JSON/);
    expect(r.err).not.toContain(SECRET);
  });

  it("never prints credentials of URLs found in state", async () => {
    const { stacksDir } = jane();
    const state = fs.mkdtempSync(path.join(path.dirname(stacksDir), "state-"));
    fs.writeFileSync(path.join(state, "env-jane.json"), JSON.stringify({ balrog: { publicUrl: `https://u:${SECRET}@balrog.example.org/` } }));
    const r = await cli(["list", "--state", state], { stacksDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/balrog.publicUrl: https:\/\/\[credentials removed\]@balrog.example.org/);
    expect(r.out).not.toContain(SECRET);
  });

  it("a bug is a PROGRAM ERROR with its trace and exit code 2", async () => {
    const { stacksDir } = jane();
    const r = await cli(["list"], { stacksDir, out: () => { throw new TypeError("boom"); } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^PROGRAM ERROR[\s\S]*TypeError: boom/);
    expect(r.err).toMatch(TRACE);
  });
});
