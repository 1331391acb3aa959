// Option values shared by the commands, and config errors re-told in command-line terms.
import type { ConfigError } from "../stacks/errors";
import { isoDateProblem } from "../domain/dates";
import { CliError, problemBlock } from "./errors";

/** Longer than any maximum a stack may set (maxDueDays ≤ 365); beyond it dates leave the calendar. */
const MAX_DAYS = 3650;

/**
 * A whole number of days. Range checks against the stack's maximum are the schema's, on the due
 * date; this only keeps the number where date arithmetic works. Refused values are not echoed.
 */
export function parseDays(value: string, option: string): number {
  if (!/^-?\d+$/.test(value.trim())) {
    throw new CliError(problemBlock(`Bad ${option} value.`, [{ key: option, problem: "is not a whole number of days", fix: `pass a whole number, e.g. ${option} 14` }]));
  }
  const days = Number(value.trim());
  if (Math.abs(days) > MAX_DAYS) {
    throw new CliError(problemBlock(`Bad ${option} value.`, [{ key: option, problem: `is more than ${MAX_DAYS} days`, fix: `pass a number of days within the stack's maximum (maxDueDays, 30 by default), e.g. ${option} 14` }]));
  }
  return days;
}

export function parseDate(value: string, option: string): string {
  const problem = isoDateProblem(value);
  if (problem === undefined) return value;
  throw new CliError(problemBlock(`Bad ${option} value.`, [{ key: option, problem, fix: `pass a date written YYYY-MM-DD that exists, e.g. ${option} 2026-12-01` }]));
}

/**
 * A ConfigError from parseStackConfig, with each key also named by the option that sets it on this
 * command line and, where the option is the way to fix it, a fix in those terms. A key given with
 * `--set PATH=…` (or under such a path) is named by that --set, never by the option of its top key.
 */
export function showConfigError(e: ConfigError, options: Record<string, { option: string; fix: string }>, setPaths: readonly string[] = []): string {
  const problems = e.problems.map((p) => {
    const key = p.key.replace(/^releng-envs:/, "");
    const set = setPaths.find((s) => key === s || key.startsWith(`${s}.`) || key.startsWith(`${s}[`));
    if (set) return { key: `--set ${set} (${p.key})`, problem: p.problem, fix: p.fix };
    const opt = options[key.split(/[.[]/)[0]];
    return opt ? { key: `${opt.option} (${p.key})`, problem: p.problem, fix: opt.fix } : p;
  });
  const n = problems.length;
  return problemBlock(`Refused: ${e.file} would not be a valid stack file (${n} problem${n === 1 ? "" : "s"}).`, problems);
}
