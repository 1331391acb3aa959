// Errors a command reports to the user: one readable block (what, which key or option, the fix),
// no stack trace, a non-zero exit code, and never a changed file.
import type { ConfigProblem } from "../stacks/errors";

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function isCliError(e: unknown): e is CliError {
  return e instanceof Error && e.name === "CliError";
}

/** One problem in the same shape stacks/errors.ts prints, for errors found before a stack file exists. */
export function problemBlock(title: string, problems: readonly ConfigProblem[], footer = "No file was written or changed."): string {
  const lines = [title];
  for (const p of problems) lines.push("", `  ✗ ${p.key}`, `    problem: ${p.problem}`, `    fix:     ${p.fix}`);
  lines.push("", footer);
  return lines.join("\n");
}
