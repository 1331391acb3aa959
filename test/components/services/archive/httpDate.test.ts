import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { greaterThanDigits, httpDateAfterRegex } from "../../../../components/services/archive/httpDate";

const dates = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));

describe("httpDateAfterRegex", () => {
  it("matches an IMF-fixdate exactly when it is later than the cut-off (to the second)", () => {
    fc.assert(
      fc.property(dates, dates, (cutoff, when) => {
        const re = new RegExp(httpDateAfterRegex(cutoff));
        expect(re.test(when.toUTCString())).toBe(when.getTime() > cutoff.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it("handles the edges: one second either side, year, month and day boundaries", () => {
    const cut = new Date("2026-12-31T23:59:59Z");
    const re = new RegExp(httpDateAfterRegex(cut));
    expect(re.test("Fri, 01 Jan 2027 00:00:00 GMT")).toBe(true);
    expect(re.test("Thu, 31 Dec 2026 23:59:59 GMT")).toBe(false);
    expect(re.test("Thu, 31 Dec 2026 23:59:58 GMT")).toBe(false);
    const jan = new RegExp(httpDateAfterRegex(new Date("2026-01-01T00:00:00Z")));
    expect(jan.test("Thu, 01 Jan 2026 00:00:01 GMT")).toBe(true);
    expect(jan.test("Wed, 31 Dec 2025 23:59:59 GMT")).toBe(false);
  });

  it("never matches other date formats or junk (those stay visible)", () => {
    const re = new RegExp(httpDateAfterRegex(new Date("2026-11-21T00:00:00Z")));
    for (const s of ["", "garbage", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 2094", "2099-01-01T00:00:00Z"]) expect(re.test(s), s).toBe(false);
  });

  it("greaterThanDigits covers exactly the larger numbers of that width", () => {
    for (const [v, w] of [[0, 2], [9, 2], [59, 2], [99, 2], [2026, 4]] as const) {
      const alts = greaterThanDigits(v, w);
      const re = alts ? new RegExp(`^(?:${alts})$`) : /^$(?!)/;
      for (let n = 0; n < 10 ** w; n += w === 4 ? 7 : 1) expect(re.test(String(n).padStart(w, "0")), `${n} vs ${v}`).toBe(n > v);
    }
  });
});
