// Option values shared by the commands, and config errors re-told in command-line terms.
import type { ConfigError } from "../stacks/errors";
import { isoDate } from "../stacks/schema/common";
import { CliError, problemBlock } from "./errors";

/** A whole number of days. Range checks (past, over the maximum) are the schema's, on the due date. */
export function parseDays(value: string, option: string): number {
  if (!/^-?\d+$/.test(value.trim())) {
    throw new CliError(problemBlock(`Bad ${option} value '${value}'.`, [{ key: option, problem: "is not a whole number of days", fix: `pass a whole number, e.g. ${option} 14` }]));
  }
  return Number(value.trim());
}

export function parseDate(value: string, option: string): string {
  const parsed = isoDate.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new CliError(problemBlock(`Bad ${option} value '${value}'.`, [{ key: option, problem: parsed.error.issues[0].message, fix: `pass a date written YYYY-MM-DD, e.g. ${option} 2026-12-01` }]));
}

/**
 * A ConfigError from parseStackConfig, with each key also named by the option that sets it on this
 * command line and, where the option is the way to fix it, a fix in those terms.
 */
export function showConfigError(e: ConfigError, options: Record<string, { option: string; fix: string }>): string {
  const problems = e.problems.map((p) => {
    const top = p.key.replace(/^releng-envs:/, "").split(/[.[]/)[0];
    const opt = options[top];
    return opt ? { key: `${opt.option} (${p.key})`, problem: p.problem, fix: opt.fix } : p;
  });
  const n = problems.length;
  return problemBlock(`Refused: ${e.file} would not be a valid stack file (${n} problem${n === 1 ? "" : "s"}).`, problems);
}
