import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { listStacks, STACKS_DIR } from "../../stacks/stackFile";
import { parseArgs, runPlan } from "../../tools/plan/main";
import { evaluateStack } from "../../tools/plan/evaluate";
import { envRaw, fixtureStacksDir, TODAY } from "../helpers";

describe("npm run plan (offline)", () => {
  it("runs as precompiled JavaScript (bin/plan.js): the plan's own help, options and exit codes, without tsx", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
    expect(pkg.scripts.plan).toBe("node bin/plan.js");
    const plan = (args: string[]) => spawnSync(process.execPath, [path.join(__dirname, "../../bin/plan.js"), ...args], { encoding: "utf8", timeout: 60_000 });
    const help = plan(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run plan -- \[options\] \[stack \.\.\.\]/);
    const bad = plan(["--today", "2026-02-30"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--today needs a date written YYYY-MM-DD that exists/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("bin/plan.js starts the pack ahead and uses it: a stack planned and analyzed, the reports written, no pack left running; a refused option ends the pack it started at once", () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-bin-"));
    const bin = path.join(__dirname, "../../bin/plan.js");
    // A pack left behind is an orphan (its parent, the plan, has ended): other tests' packs have a parent.
    const orphanPacks = () =>
      spawnSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
        .stdout.split("\n")
        .map((l) => l.trim().split(/\s+/))
        .filter(([, ppid, ...args]) => ppid === "1" && args.join(" ").includes("bin/policy-pack.js"))
        .map(([pid]) => pid);
    const before = new Set(orphanPacks());
    const r = spawnSync(process.execPath, [bin, "--today", TODAY, "--out", outDir, "--stacks-dir", fixtureStacksDir(), "pools-dev"], { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/── pools-dev: \d+ resources analyzed/);
    expect(JSON.parse(fs.readFileSync(path.join(outDir, "report.json"), "utf8"))).toMatchObject({ ok: true });
    const t0 = Date.now();
    const refused = spawnSync(process.execPath, [bin, "--out", outDir, "--bogus"], { encoding: "utf8", timeout: 60_000 });
    expect(refused.status).toBe(1);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(orphanPacks().filter((p) => !before.has(p))).toEqual([]);
  }, 180_000);


  it("plans every stack of a stacks directory, writes schema-valid manifests in apply order and resources.json", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const stacksDir = fixtureStacksDir();
    const lines: string[] = [];
    const { ok, plans } = await runPlan({ stacks: [], stacksDir, today: TODAY, outDir, policies: false }, (l) => lines.push(l));
    expect(ok).toBe(true);
    expect(plans.map((p) => p.stack)).toEqual(listStacks(stacksDir));
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(outDir, "env-example", "manifests.yaml"), "utf8")).map((d) => d.toJS());
    expect(docs[0].kind).toBe("Namespace");
    expect(docs.at(-1).kind).not.toBe("Namespace");
    // Date-like label values stay strings for kubectl.
    expect(typeof docs[0].metadata.labels["releng.mozilla.org/due"]).toBe("string");
    const resources = JSON.parse(fs.readFileSync(path.join(outDir, "env-example", "resources.json"), "utf8"));
    expect(resources.some((r: { type: string }) => r.type === "releng:env:Environment")).toBe(true);
    expect(resources.every((r: { type: string; name: string }) => r.type && r.name)).toBe(true);
    expect(lines[0]).toMatch(/OFFLINE PLAN/);
  });

  it("plans from fixture directories that never include a user checkout, so no real checkout or date reaches a test", () => {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-src-"));
    fs.copyFileSync(path.join(STACKS_DIR, "Pulumi.env-example.yaml"), path.join(source, "Pulumi.env-example.yaml"));
    fs.copyFileSync(path.join(STACKS_DIR, "Pulumi.pools-dev.yaml"), path.join(source, "Pulumi.pools-dev.yaml"));
    fs.writeFileSync(path.join(source, "Pulumi.env-jane.yaml"), "config:\n  releng-envs:kind: environment\n  releng-envs:name: jane\n  releng-envs:checkedOut: \"2099-01-01\"\n");
    fs.writeFileSync(path.join(source, "Pulumi.env-broken.yaml"), "config: [\n");
    expect(listStacks(fixtureStacksDir({}, source))).toEqual(["env-example", "pools-dev"]);
  });

  it("fails with the config error block and writes nothing for a bad stack", async () => {
    const plan = await evaluateStack(envRaw({ holder: "not-an-email" }), { today: "2026-11-21" });
    expect(plan.configError?.message).toMatch(/releng-envs:holder/);
    expect(plan.resources).toHaveLength(0);
  });

  it("reports a stack file that is not valid YAML as a config error naming the file, without a trace", async () => {
    const stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.writeFileSync(path.join(stacksDir, "Pulumi.env-broken.yaml"), "config:\n  releng-envs:kind: environment\n  releng-envs:name: [oops\n");
    fs.writeFileSync(path.join(stacksDir, "Pulumi.env-list.yaml"), "config:\n  - releng-envs:kind\n");
    const lines: string[] = [];
    const { ok, plans } = await runPlan({ stacks: [], stacksDir, today: "2026-11-21", outDir: fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), policies: false }, (l) => lines.push(l));
    expect(ok).toBe(false);
    expect(plans.map((p) => p.configError?.problems[0]?.key)).toEqual(["(the whole file)", "config"]);
    expect(plans[0].configError?.message).toMatch(/Pulumi\.env-broken\.yaml.*\n[\s\S]*not valid YAML/);
    expect(plans.every((p) => !p.programError)).toBe(true);
    expect(lines.join("\n")).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("parses its arguments and rejects bad ones clearly", () => {
    expect(parseArgs(["--today", "2026-01-02", "stacks/Pulumi.env-example.yaml"])).toMatchObject({ today: "2026-01-02", stacks: ["env-example"] });
    expect(parseArgs(["--help"])).toBe("help");
    expect(() => parseArgs(["--today", "tomorrow"])).toThrow(/YYYY-MM-DD/);
    expect(() => parseArgs(["--frobnicate"])).toThrow(/unknown option --frobnicate/);
  });
});
