import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, snapshot } from "./helpers";
import { STACKS_DIR } from "../../stacks/stackFile";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin", "releng-envs.js");

function npxReleng(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
}

describe("npx releng-envs (bin/releng-envs.js)", () => {
  it("is the package's bin and prints help for itself and every command", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.bin["releng-envs"]).toBe("bin/releng-envs.js");
    const top = npxReleng(["--help"]);
    expect(top.status).toBe(0);
    for (const c of ["checkout", "list", "renew", "return", "plan"]) expect(top.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
    const r = npxReleng(["checkout", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: releng-envs checkout \[options\] <name>/);
  });

  it("loads no Pulumi SDK for --help and list: the plan, the pack and the SDK are imported only by the commands that use them", () => {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-probe-")), "probe.js");
    fs.writeFileSync(probe, `process.on("exit", () => { const m = Object.keys(require.cache).filter((k) => k.includes("/node_modules/@pulumi/")); if (m.length) process.stderr.write("LOADED " + m[0] + "\\n"); });`);
    for (const args of [["--help"], ["list", "--json"]]) {
      const r = spawnSync(process.execPath, ["-r", probe, BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stderr, args.join(" ")).not.toMatch(/LOADED/);
    }
  });

  it("loads neither zod nor YAML nor a stack schema for --help: the command table imports a command's work only when it runs", () => {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-probe-")), "probe.js");
    fs.writeFileSync(probe, `process.on("exit", () => { const m = Object.keys(require.cache).filter((k) => /\\/node_modules\\/(zod|yaml)\\/|\\/stacks\\/(schema|load|stackFile)/.test(k)); if (m.length) process.stderr.write("LOADED " + m.slice(0, 3).join(" ") + "\\n"); });`);
    for (const args of [["--help"], ["checkout", "--help"], ["balrog", "import", "--help"]]) {
      const r = spawnSync(process.execPath, ["-r", probe, BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stdout, args.join(" ")).toMatch(/^Usage: releng-envs/);
      expect(r.stderr, args.join(" ")).not.toMatch(/LOADED/);
    }
    // The probe sees what it looks for: list reading the stack files does load them (--state: never from the catalogue cache).
    const list = spawnSync(process.execPath, ["-r", probe, BIN, "list", "--state", fs.mkdtempSync(path.join(os.tmpdir(), "cli-state-"))], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(list.stderr).toMatch(/LOADED .*stacks\/stackFile/);
  });

  it("has --help on every command", async () => {
    for (const c of ["checkout", "list", "renew", "return", "plan"]) {
      const r = await cli([c, "--help"], {});
      expect(r.code, c).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: releng-envs ${c} `));
      expect(r.out).toMatch(/-h, --help/);
    }
  });

  it("exits non-zero with a clear error and no stack trace on bad input", () => {
    const before = snapshot(STACKS_DIR);
    const r = npxReleng(["renew", "no-such-env", "--days", "3"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/No environment 'no-such-env'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const unknown = npxReleng(["frobnicate"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(snapshot(STACKS_DIR)).toEqual(before);
  });
});

describe("npx releng-envs | head -1: a reader that leaves early", () => {
  /** Runs the CLI with its stdout pipe already closed by the reader, as `| head -1` does after one line. */
  function withClosedStdout(args: string[], preload: string[] = []): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [...preload, BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.destroy();
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code, signal) => resolve({ code, signal, stderr }));
    });
  }

  it.each(["--help", "list", "list --json", "checkout --help", "plan --help"])("%s exits 0 without a word on stderr", async (args) => {
    const r = await withClosedStdout(args.split(" "));
    expect(r.stderr).toBe("");
    expect(r).toMatchObject({ code: 0, signal: null });
  });

  it("a direct write to the closed stdout (commander's default output, a library) ends quietly too", async () => {
    // Console output swallows EPIPE; process.stdout.write alone raises it as an 'error' event.
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-epipe-")), "write.js");
    fs.writeFileSync(probe, `setTimeout(() => { for (let i = 0; i < 1000; i++) process.stdout.write("line " + i + "\\n"); }, 100);`);
    const r = await withClosedStdout(["--help"], ["-r", probe]);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r).toMatchObject({ code: 0, signal: null });
  });
});

describe("releng-envs plan", () => {
  // The pack's run inside the plan is test/policies/plan.test.ts's subject; here only the command line
  // is, so the pack (seconds to start) stays off.
  it("runs the offline plan with the plan's own options", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-plan-"));
    const r = await cli(["plan", "--today", "2026-11-21", "--out", outDir, "--no-policies", "env-example"], {});
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OFFLINE PLAN/);
    expect(r.out).toMatch(/OK: 1 stack\(s\) planned offline/);
    expect(fs.existsSync(path.join(outDir, "env-example", "manifests.yaml"))).toBe(true);
  });

  it("rejects bad options as npm run plan does", async () => {
    const r = await cli(["plan", "--today", "tomorrow"], {});
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--today needs a date written YYYY-MM-DD/);
  });

  it("fails for an unknown stack", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-plan-"));
    const r = await cli(["plan", "--out", outDir, "--no-policies", "env-nope"], {});
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/has no stack file/);
  });
});
