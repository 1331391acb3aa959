// Calendar dates as the project writes them (YYYY-MM-DD, UTC). Plain functions without zod or YAML:
// the CLI's command table and `--today` read them before any schema is loaded (docs/benchmarks.md).

/** Today's date, UTC, YYYY-MM-DD. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The shape of a date: four, two and two digits. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const NOT_ISO_DATE = "must be a date written YYYY-MM-DD";
export const NOT_CALENDAR_DATE = "is not a real calendar date";

/** Whether a YYYY-MM-DD text names a day that exists (2026-02-30 does not). */
export function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** What is wrong with `s` as a date written YYYY-MM-DD that exists, or undefined when nothing is. */
export function isoDateProblem(s: string): string | undefined {
  if (!ISO_DATE_PATTERN.test(s)) return NOT_ISO_DATE;
  return isCalendarDate(s) ? undefined : NOT_CALENDAR_DATE;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
