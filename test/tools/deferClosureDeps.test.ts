// tools/deferClosureDeps.ts (a setup file of every test worker, and the first import of the plan):
// the SDK starts without the TypeScript compiler and Arborist, and its closure serializer, which
// needs them, still works.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../stacks/stackFile";

const require = createRequire(__filename);

describe("deferring the closure serializer's dependencies", () => {
  it("the deferred requires are where the installed SDK makes them (an SDK upgrade that moves them fails here, not silently)", () => {
    const closure = (f: string) => fs.readFileSync(require.resolve(`@pulumi/pulumi/runtime/closure/${f}`), "utf8");
    expect(closure("parseFunction.js")).toMatch(/^const ts = require\("\.\.\/\.\.\/typescript-shim"\);$/m);
    expect(closure("codePaths.js")).toMatch(/require\("@npmcli\/arborist"\)/);
  });

  // In a fresh process: test workers share their module cache across files (vitest.config.mts), so
  // another file may have loaded TypeScript in this one already.
  it("importing the SDK loads neither TypeScript nor Arborist; serializing a function loads TypeScript and still captures its closure", () => {
    const child = `
      require(${JSON.stringify(path.join(PROJECT_ROOT, "tools", "deferClosureDeps.ts"))});
      const loaded = (name) => Object.keys(require.cache).filter((k) => k.includes("/node_modules/" + name + "/")).length;
      const pulumi = require("@pulumi/pulumi");
      const atImport = { typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist"), serializer: typeof pulumi.runtime.serializeFunction };
      const captured = "captured-by-value-7f3a";
      pulumi.runtime.serializeFunction(() => captured.length).then((s) => {
        console.log(JSON.stringify({ atImport, text: s.text, typescriptAfter: loaded("typescript") }));
      });`;
    const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", child], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { atImport: Record<string, unknown>; text: string; typescriptAfter: number };
    expect(out.atImport).toEqual({ typescript: 0, arborist: 0, serializer: "function" });
    expect(out.text).toContain("captured-by-value-7f3a");
    expect(out.typescriptAfter).toBeGreaterThan(0);
  });

  // Every way the plan starts imports the SDK only after the hook: a module that imports it first
  // (as a refactor once made tools/plan/write.ts do) would load both again, ~0.5 s of every plan.
  it("the plan's modules, loaded as npm run plan loads them and as tests import them, load neither TypeScript nor Arborist", () => {
    const loadedAfter = (entry: string) => {
      const child = `
        require(${JSON.stringify(entry)});
        const loaded = (name) => Object.keys(require.cache).filter((k) => k.includes("/node_modules/" + name + "/")).length;
        console.log(JSON.stringify({ typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist") }));`;
      const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", child], { cwd: PROJECT_ROOT, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, number>;
    };
    const compiled = require(path.join(PROJECT_ROOT, "bin", "compiled.js")) as { compiledFile(source: string): string };
    // npm run plan's entry, and the module a test of the plan's output imports first.
    expect(loadedAfter(compiled.compiledFile("tools/plan/main.ts")), "tools/plan/main.ts (precompiled)").toEqual({ typescript: 0, arborist: 0 });
    expect(loadedAfter(path.join(PROJECT_ROOT, "tools", "plan", "write.ts")), "tools/plan/write.ts (source)").toEqual({ typescript: 0, arborist: 0 });
  });
});
