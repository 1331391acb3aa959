// Which stacks a pull request touches, for the real `pulumi preview` job of .github/workflows/pr.yml:
// `git diff --name-only BASE...HEAD | npx tsx tools/ci/touchedStacks.ts` prints a JSON array.
// A changed stack file touches that stack; a change to what every program run reads (program code,
// schema, Pulumi.yaml, dependencies, the policy pack) touches every stack; docs and tests touch none.
// Sample stacks are never deployed (their validity is the offline plan's job), so never previewed.
import * as fs from "node:fs";
import { listStacks, readStackFileConfig, stackFilePath, STACKS_DIR } from "../../stacks/stackFile";

/** Paths (prefixes) whose change can alter any stack's preview. */
export const PROGRAM_PATHS = ["index.ts", "Pulumi.yaml", "package.json", "package-lock.json", "tsconfig.json", "program/", "components/", "domain/", "catalog/", "stacks/schema/", "stacks/load.ts", "stacks/stackFile.ts", "stacks/errors.ts", "policies/"];

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
  return changedFiles.some((f) => PROGRAM_PATHS.some((p) => (p.endsWith("/") ? f.startsWith(p) : f === p)));
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
