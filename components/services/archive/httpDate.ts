// A regular expression matching HTTP-dates (IMF-fixdate, RFC 9110 §5.6.7: `Sun, 06 Nov 1994
// 08:49:37 GMT`) strictly later than a cut-off. nginx cannot compare dates, but its `map` can
// match a regex against a response header, so the cut-off becomes one generated regex.
// Pure: no nginx, no Pulumi.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** Alternatives matching a `width`-digit decimal strictly greater than `value` ("" if none can). */
export function greaterThanDigits(value: number, width: number): string {
  const digits = String(value).padStart(width, "0");
  if (digits.length !== width) throw new Error(`${value} does not fit in ${width} digits`);
  const alternatives: string[] = [];
  for (let i = 0; i < width; i++) {
    const d = Number(digits[i]);
    if (d === 9) continue;
    const next = d + 1 === 9 ? "9" : `[${d + 1}-9]`;
    const rest = width - i - 1;
    alternatives.push(digits.slice(0, i) + next + (rest > 1 ? `[0-9]{${rest}}` : rest === 1 ? "[0-9]" : ""));
  }
  return alternatives.join("|");
}

const group = (alts: string) => `(?:${alts})`;
const ANY2 = "[0-9]{2}";

/**
 * Regex source (anchored) matching every IMF-fixdate later than `cutoff` (second precision) and no
 * other. Weekday names are not checked: they follow from the date.
 */
export function httpDateAfterRegex(cutoff: Date): string {
  if (Number.isNaN(cutoff.getTime())) throw new Error("invalid cut-off date");
  const y = cutoff.getUTCFullYear();
  if (y < 1000 || y > 9999) throw new Error(`cut-off year ${y} is outside 1000-9999`);
  const mon = cutoff.getUTCMonth();
  const day = String(cutoff.getUTCDate()).padStart(2, "0");
  const hh = String(cutoff.getUTCHours()).padStart(2, "0");
  const mm = String(cutoff.getUTCMinutes()).padStart(2, "0");
  const ss = cutoff.getUTCSeconds();

  const laterTime = [
    greaterThanDigits(Number(hh), 2) && `${group(greaterThanDigits(Number(hh), 2))}:${ANY2}:${ANY2}`,
    greaterThanDigits(Number(mm), 2) && `${hh}:${group(greaterThanDigits(Number(mm), 2))}:${ANY2}`,
    greaterThanDigits(ss, 2) && `${hh}:${mm}:${group(greaterThanDigits(ss, 2))}`,
  ].filter(Boolean);
  const laterMonths = MONTHS.slice(mon + 1);
  const yearGt = greaterThanDigits(y, 4);
  const dayGt = greaterThanDigits(Number(day), 2);

  // Field order in the header: DD Mon YYYY HH:MM:SS.
  const alternatives = [
    yearGt && `${ANY2} [A-Z][a-z]{2} ${group(yearGt)} ${ANY2}:${ANY2}:${ANY2}`,
    laterMonths.length > 0 && `${ANY2} ${group(laterMonths.join("|"))} ${y} ${ANY2}:${ANY2}:${ANY2}`,
    dayGt && `${group(dayGt)} ${MONTHS[mon]} ${y} ${ANY2}:${ANY2}:${ANY2}`,
    laterTime.length > 0 && `${day} ${MONTHS[mon]} ${y} ${group(laterTime.join("|"))}`,
  ].filter(Boolean);
  return `^[A-Z][a-z]{2}, ${group(alternatives.join("|"))} GMT$`;
}

/** `cutoff` as an IMF-fixdate, for messages and headers. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}
