// One readable block per bad stack file: the file, each key path, what was wrong and the fix.
// Thrown before any resource is declared, and printed without a stack trace by index.ts and the
// plan, so a hurried user sees the answer and nothing else.
import type { ConfigProblem } from "../domain/problems";

export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  readonly stack_: string;
  readonly file: string;

  constructor(stack: string, file: string, problems: readonly ConfigProblem[]) {
    super(formatProblems(stack, file, problems));
    this.name = "ConfigError";
    this.problems = problems;
    this.stack_ = stack;
    this.file = file;
  }
}

export function formatProblems(stack: string, file: string, problems: readonly ConfigProblem[]): string {
  const lines = [`Stack config error in ${file} (stack ${stack}): ${problems.length} problem${problems.length === 1 ? "" : "s"}`];
  for (const p of problems) {
    lines.push("", `  ✗ ${p.key}`, `    problem: ${p.problem}`, `    fix:     ${p.fix}`);
  }
  lines.push("", "Nothing was declared or changed. Fix the file and run the command again.");
  return lines.join("\n");
}

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof Error && e.name === "ConfigError" && Array.isArray((e as ConfigError).problems);
}

/** The ConfigError `e` is or carries (a deploy-time config error wraps one in a RunError: program/platformReference.ts). */
export function configErrorOf(e: unknown): ConfigError | undefined {
  if (isConfigError(e)) return e;
  const carried = e && typeof e === "object" ? (e as { configError?: unknown }).configError : undefined;
  return isConfigError(carried) ? carried : undefined;
}
