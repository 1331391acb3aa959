// Which stacks a pull request touches, for the real `pulumi preview` job of .github/workflows/pr.yml:
// `git diff --name-only BASE...HEAD | npx tsx tools/ci/touchedStacks.ts` prints a JSON array.
// A changed stack file touches that stack; a change to what every program run reads (any module
// the program or the policy pack imports, data beside them, Pulumi.yaml, dependencies) touches every
// stack; docs and tests touch none. Program code is derived from the import graph, never listed.
// Sample stacks are never deployed (their validity is the offline plan's job), so never previewed.
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { listStacks, PROJECT_ROOT, readStackFileConfig, stackFilePath, STACKS_DIR } from "../../stacks/stackFile";

/** Where a program run starts: the Pulumi program and the policy pack the engine runs beside it. */
const ENTRY_MODULES = ["index.ts", "policies/index.ts"];

/** What the engine and npm read besides modules: the project, the pack's manifest, dependencies, compiler options. */
const RUN_INPUTS = ["Pulumi.yaml", "package.json", "package-lock.json", "tsconfig.json", "policies/package.json", "policies/PulumiPolicy.yaml", "policies/tsconfig.json"];

function resolveModule(fromFile: string, specifier: string, root: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined; // a package: covered by package-lock.json
  const base = path.resolve(path.dirname(path.join(root, fromFile)), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(root, candidate).split(path.sep).join("/");
  }
  return undefined;
}

/** Every project module a program run can load: the import graph from the entries (static, dynamic and require). */
export function programModules(root = PROJECT_ROOT): Set<string> {
  const seen = new Set<string>();
  const queue = ENTRY_MODULES.filter((f) => fs.existsSync(path.join(root, f)));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      const resolved = resolveModule(file, fileName, root);
      if (resolved && !seen.has(resolved)) queue.push(resolved);
    }
  }
  return seen;
}

/**
 * Whether a change to `file` can alter any stack's preview: a program module, a run input, or data
 * kept beside a program module (a non-TypeScript file in or below a module's directory other than
 * the project root, e.g. Balrog's seed script). Stack files and Markdown are never program code.
 */
export function isProgramCode(file: string, modules: ReadonlySet<string>): boolean {
  if (modules.has(file) || RUN_INPUTS.includes(file)) return true;
  if (/^stacks\/Pulumi\.[^/]+\.yaml$/.test(file) || file.endsWith(".md") || file.endsWith(".ts")) return false;
  for (const m of modules) {
    const dir = path.posix.dirname(m);
    if (dir !== "." && file.startsWith(`${dir}/`)) return true;
  }
  return false;
}

function isSample(stack: string, stacksDir: string): boolean {
  try {
    return readStackFileConfig(stackFilePath(stack, stacksDir))["releng-envs:sample"] === true;
  } catch {
    return false; // a broken file is previewed, so the preview reports it
  }
}

/** Stack names that are safe to hand to a workflow matrix and the pulumi CLI. */
const STACK_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether a change touches what every program run reads (then it touches every stack). */
export function programChanged(changedFiles: readonly string[]): boolean {
  const modules = programModules();
  return changedFiles.some((f) => isProgramCode(f, modules));
}

/**
 * The stacks among `stacks` a change touches: all of them when program code changed, else those
 * whose stack file (or recorded stack) under `stacksDirRel` changed.
 */
export function stacksTouchedBy(changedFiles: readonly string[], stacks: readonly string[], stacksDirRel = "stacks"): string[] {
  if (programChanged(changedFiles)) return [...stacks];
  const dir = stacksDirRel.replace(/\/+$/, "");
  const changed = new Set(changedFiles.map((f) => (f.startsWith(`${dir}/`) ? /^(?:Pulumi\.(.+)\.yaml|(.+)\.resources\.(?:yaml|json))$/.exec(f.slice(dir.length + 1)) : null)).map((m) => m?.[1] ?? m?.[2]).filter((s): s is string => !!s));
  return stacks.filter((s) => changed.has(s));
}

export function touchedStacks(changedFiles: readonly string[], stacksDir = STACKS_DIR): string[] {
  // A deleted stack file (a returned environment) has nothing left to preview: only existing stacks count.
  const existing = listStacks(stacksDir).filter((s) => STACK_NAME.test(s) && !isSample(s, stacksDir));
  return stacksTouchedBy(changedFiles, existing).sort();
}

if (require.main === module) {
  const changed = fs
    .readFileSync(0, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  process.stdout.write(JSON.stringify(touchedStacks(changed)) + "\n");
}
