// tools/deferClosureDeps.ts (a setup file of every test worker, and the first import of the plan):
// the SDK starts without the TypeScript compiler and Arborist, and its closure serializer, which
// needs them, still works.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(__filename);
const loaded = (name: string) => Object.keys(require.cache).filter((k) => k.includes(`/node_modules/${name}/`));

describe("deferring the closure serializer's dependencies", () => {
  it("the deferred requires are where the installed SDK makes them (an SDK upgrade that moves them fails here, not silently)", () => {
    const closure = (f: string) => fs.readFileSync(require.resolve(`@pulumi/pulumi/runtime/closure/${f}`), "utf8");
    expect(closure("parseFunction.js")).toMatch(/^const ts = require\("\.\.\/\.\.\/typescript-shim"\);$/m);
    expect(closure("codePaths.js")).toMatch(/require\("@npmcli\/arborist"\)/);
  });

  it("importing the SDK loads neither TypeScript nor Arborist; serializing a function loads TypeScript and still captures its closure", async () => {
    const pulumi = await import("@pulumi/pulumi");
    expect(pulumi.runtime.serializeFunction).toBeTypeOf("function");
    expect(loaded("typescript")).toEqual([]);
    expect(loaded("@npmcli/arborist")).toEqual([]);

    const captured = "captured-by-value-7f3a";
    const serialized = await pulumi.runtime.serializeFunction(() => captured.length);
    expect(serialized.text).toContain(captured);
    expect(loaded("typescript").length).toBeGreaterThan(0);
  });
});
