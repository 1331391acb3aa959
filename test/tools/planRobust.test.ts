// The offline plan under bad input and faults (issue #18): stack arguments are names, outputs are
// replaced whole or not at all, a failed or deleted stack leaves no stale output, recordings never
// stand in for a real stack, and one broken file fails only its own stack.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseArgs, runPlan } from "../../tools/plan/main";
import { ERROR_MARKER } from "../../tools/plan/write";
import { STACKS_DIR } from "../../stacks/stackFile";

const TODAY = "2026-11-21";
const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

function stacksWith(files: Record<string, string>, copy: string[] = ["Pulumi.env-example.yaml"]): string {
  const dir = tmp("plan-stacks-");
  for (const f of copy) fs.copyFileSync(path.join(STACKS_DIR, f), path.join(dir, f));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

async function plan(stacksDir: string, outDir: string, stacks: string[] = []) {
  const lines: string[] = [];
  const result = await runPlan({ stacks, stacksDir, outDir, today: TODAY, policies: false }, (l) => lines.push(l));
  return { ...result, log: lines.join("\n") };
}

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

describe("the plan's stack arguments are names, never paths", () => {
  it.each(["../x", "..", "a/../../b", "/etc/passwd", ".hidden", "x/y"])("refuses %s before touching any directory", (arg) => {
    expect(() => parseArgs([arg])).toThrow(/is not a stack name/);
  });
  it("refuses dates that do not exist", () => {
    for (const d of ["2026-13-45", "2026-02-30"]) expect(() => parseArgs(["--today", d])).toThrow(/--today needs a date written YYYY-MM-DD that exists/);
    expect(() => parseArgs(["--today", "2026-13-45"])).not.toThrow(/2026-13-45/);
  });
});

describe("plan outputs are never stale or half-written", () => {
  const broken = (text: string) => text.replace("releng-envs:holder: releng-example@mozilla.com", "releng-envs:holder: -@-.-");

  it("replaces a now-failing stack's output with an ERROR marker, and removes the output of a deleted stack", async () => {
    const stacksDir = stacksWith({});
    const outDir = tmp("plan-out-");
    expect((await plan(stacksDir, outDir)).ok).toBe(true);
    expect(fs.existsSync(path.join(outDir, "env-example", "manifests.yaml"))).toBe(true);
    fs.mkdirSync(path.join(outDir, "render"));
    fs.writeFileSync(path.join(outDir, "render", "keep.yaml"), "x");

    const file = path.join(stacksDir, "Pulumi.env-example.yaml");
    fs.writeFileSync(file, broken(fs.readFileSync(file, "utf8")));
    const failed = await plan(stacksDir, outDir);
    expect(failed.ok).toBe(false);
    expect(fs.readdirSync(path.join(outDir, "env-example"))).toEqual([ERROR_MARKER]);
    expect(fs.readFileSync(path.join(outDir, "env-example", ERROR_MARKER), "utf8")).toMatch(/No plan output for env-example[\s\S]*releng-envs:holder/);

    fs.rmSync(file);
    fs.copyFileSync(path.join(STACKS_DIR, "Pulumi.pools-dev.yaml"), path.join(stacksDir, "Pulumi.pools-dev.yaml"));
    const after = await plan(stacksDir, outDir);
    expect(after.log).toMatch(/Removed the outputs of stacks that no longer exist: env-example/);
    expect(fs.existsSync(path.join(outDir, "env-example"))).toBe(false);
    expect(fs.readFileSync(path.join(outDir, "render", "keep.yaml"), "utf8")).toBe("x");
    expect(fs.readdirSync(outDir).filter((d) => d.startsWith("."))).toEqual([]);
  });

  it("out of disk space, leaves no truncated manifests: the stack fails and says what failed", async () => {
    const stacksDir = stacksWith({});
    const outDir = tmp("plan-out-");
    expect((await plan(stacksDir, outDir, ["env-example"])).ok).toBe(true);
    const real = fs.writeFileSync;
    vi.spyOn(fs, "writeFileSync").mockImplementation(((p: fs.PathOrFileDescriptor, data: string, o?: fs.WriteFileOptions) => {
      if (String(p).endsWith("manifests.yaml")) {
        real(p, String(data).slice(0, 100), o);
        throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC", syscall: "write", path: String(p) });
      }
      return real(p, data, o);
    }) as typeof fs.writeFileSync);
    syncBuiltinESMExports();
    const r = await plan(stacksDir, outDir, ["env-example"]);
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    expect(r.ok).toBe(false);
    expect(r.log).toMatch(/FAILED: could not write .*manifests\.yaml: no space left on the device \(ENOSPC\)/);
    expect(r.log).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(fs.existsSync(path.join(outDir, "env-example", "manifests.yaml"))).toBe(false);
    expect(fs.readdirSync(outDir).filter((d) => d.startsWith("."))).toEqual([]);
  });
});

describe("recorded stacks never hide or break real ones", () => {
  it("a stray <stack>.resources.yaml named like a stack file fails that stack instead of replacing its plan", async () => {
    const stacksDir = stacksWith({ "env-example.resources.yaml": "resources: []\n" });
    const r = await plan(stacksDir, tmp("plan-out-"));
    expect(r.ok).toBe(false);
    const p = r.plans.find((x) => x.stack === "env-example");
    expect(p?.configError?.problems[0].problem).toMatch(/recorded stack named like the stack file/);
    expect(r.plans.filter((x) => x.stack === "env-example")).toHaveLength(1);
  });

  it("one broken recording fails only its own stack, without a trace", async () => {
    const stacksDir = stacksWith({ "rec-a.resources.yaml": "resources: [oops\n", "rec-b.resources.json": "{not json", "rec-c.resources.yaml": "- 5\n" });
    const r = await plan(stacksDir, tmp("plan-out-"));
    expect(r.plans.find((p) => p.stack === "env-example")?.configError).toBeUndefined();
    for (const s of ["rec-a", "rec-b", "rec-c"]) expect(r.plans.find((p) => p.stack === s)?.configError, s).toBeDefined();
    expect(r.plans.every((p) => !p.programError)).toBe(true);
    expect(r.log).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
