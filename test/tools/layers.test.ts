// `npm run lint:layers` (dependency-cruiser with .dependency-cruiser.cjs) guards the import direction:
// this proves its rules catch what they name, on a throw-away tree, so a typo in a rule cannot turn
// the guard into a no-op. The repository itself is checked by `npm test` running the script.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const DEPCRUISE = path.join(ROOT, "node_modules", ".bin", "depcruise");

/** Writes `files` into a fresh project and runs the repository's layer rules over it. */
async function cruise(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layers-"));
  try {
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2022", strict: true } }));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const roots = [...new Set(Object.keys(files).map((f) => f.split("/")[0]))];
    try {
      const { stdout } = await promisify(execFile)(DEPCRUISE, ["--config", path.join(ROOT, ".dependency-cruiser.cjs"), ...roots], { cwd: dir });
      return { code: 0, output: stdout };
    } catch (e) {
      const err = e as { code?: number; stdout?: string };
      return { code: err.code ?? 1, output: err.stdout ?? "" };
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the layer rules (npm run lint:layers)", () => {
  it("pass a tree whose imports run downwards only", async () => {
    const r = await cruise({
      "catalog/hosts.ts": "export const HOST = 'example.org';\n",
      "domain/names.ts": "import { HOST } from '../catalog/hosts';\nexport const name = (s: string) => `${s}.${HOST}`;\n",
      "components/env/placement.ts": "import { name } from '../../domain/names';\nexport interface Placement { ns: string }\nexport const place = (s: string): Placement => ({ ns: name(s) });\n",
      "stacks/load.ts": "import { HOST } from '../catalog/hosts';\nexport const load = () => HOST;\n",
      "program/main.ts": "import { load } from '../stacks/load';\nimport { place } from '../components/env/placement';\nexport const run = () => place(load());\n",
    });
    expect(r.output).toContain("no dependency violations");
    expect(r.code).toBe(0);
  }, 60_000);

  it("refuse a component that names a stack type, a stack schema that imports a component, a pack that reads the catalogue, and a cycle", async () => {
    const r = await cruise({
      "catalog/hosts.ts": "export const HOST = 'example.org';\n",
      "stacks/load.ts": "import type { Placement } from '../components/env/placement';\nexport type Stack = { name: string; p?: Placement };\n",
      "components/env/placement.ts": "import type { Stack } from '../../stacks/load';\nexport interface Placement { ns: string }\nexport const place = (s: Stack): Placement => ({ ns: s.name });\n",
      "policies/rule.ts": "import { HOST } from '../catalog/hosts';\nexport const rule = () => HOST;\n",
      "domain/a.ts": "import { b } from './b';\nexport const a = () => b();\n",
      "domain/b.ts": "import { a } from './a';\nexport const b = (): number => (a as unknown as number);\n",
    });
    expect(r.code).not.toBe(0);
    for (const rule of ["components-take-resolved-arguments", "stacks-are-config", "pack-is-self-contained", "no-cycle"]) expect(r.output).toContain(rule);
  }, 60_000);
});
