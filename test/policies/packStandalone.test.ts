// The pack runs wherever `pulumi up` runs: every real preview or update command the CLI and the docs
// print passes --policy-pack, and the pack starts alone — packed with `npm pack`, installed in an
// empty directory with its production dependencies only, and served over the analyzer protocol.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PolicyPackProcess, POLICY_PACK_DIR } from "../../tools/plan/policyPack";
import { PROJECT_ROOT } from "../../stacks/stackFile";
import { POLICIES } from "../../policies/pack";

const COMMAND = /(^|&&|\$|`|\s{2,})\s*pulumi (preview|up)\b[^\n`]*/gm;

describe("printed pulumi preview/up commands", () => {
  it("all pass --policy-pack policies (README, docs, CLI)", () => {
    const files = ["README.md", ...fs.readdirSync(path.join(PROJECT_ROOT, "docs")).map((f) => `docs/${f}`), ...fs.readdirSync(path.join(PROJECT_ROOT, "cli")).filter((f) => f.endsWith(".ts")).map((f) => `cli/${f}`)];
    const missing: string[] = [];
    let seen = 0;
    for (const f of files) {
      const text = fs.readFileSync(path.join(PROJECT_ROOT, f), "utf8");
      for (const m of text.matchAll(COMMAND)) {
        // Prose naming the command ("`pulumi up` refuses") is not a command to run.
        const cmd = m[0].trim();
        if (/^`pulumi (preview|up)$/.test(cmd)) continue;
        seen++;
        if (!cmd.includes("--policy-pack policies")) missing.push(`${f}: ${cmd}`);
      }
    }
    expect(seen).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});

describe("the policy pack alone", () => {
  it("packs, installs with production dependencies only in an empty directory, and serves every policy over the analyzer protocol, started as the engine starts it (ts-node, type-checked)", { timeout: 900_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-alone-"));
    try {
      const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: POLICY_PACK_DIR, encoding: "utf8" }).trim().split("\n").pop()!;
      const packDir = path.join(dir, "pack");
      fs.mkdirSync(packDir);
      execFileSync("tar", ["-xzf", path.join(dir, tarball), "-C", packDir, "--strip-components=1"]);
      expect(fs.existsSync(path.join(packDir, "generated", "catalog.ts"))).toBe(true);
      execFileSync("npm", ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: packDir, stdio: "ignore" });
      const pack = await PolicyPackProcess.start({ packDir, start: "engine", timeoutMs: 600_000 });
      try {
        const info = await pack.analyzerInfo();
        expect(info.name).toBe("releng-envs");
        expect(info.policies.map((p) => p.name).sort()).toEqual(POLICIES.map((p) => p.name).sort());
      } finally {
        await pack.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
