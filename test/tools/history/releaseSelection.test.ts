// Which releases a partial / update-verify run needs, pure: version order, lines, previous releases,
// and the `from` names in a release blob.
import { describe, expect, it } from "vitest";
import { compareVersions, lineOf, parseReleaseName, parseVersion, previousReleases, referencedReleases } from "../../../tools/history/releaseSelection";

const v = (s: string) => {
  const parsed = parseVersion(s);
  if (!parsed) throw new Error(`unparsable ${s}`);
  return parsed;
};

describe("versions", () => {
  it.each([
    ["150.0b2", "150.0b3"],
    ["150.0b9", "150.0"],
    ["149.0.2", "150.0"],
    ["150.0a1", "150.0b1"],
    ["149.0", "149.0.1"],
    ["140.9.0esr", "140.10.0esr"],
    ["150.0b9", "150.0b10"],
  ])("%s < %s", (a, b) => {
    expect(compareVersions(v(a), v(b))).toBeLessThan(0);
    expect(compareVersions(v(b), v(a))).toBeGreaterThan(0);
  });

  it.each([
    ["150.0b3", "beta"],
    ["150.0", "release"],
    ["149.0.2", "release"],
    ["153.1.0esr", "esr"],
    ["152.0a1", "alpha"],
  ])("%s is on the %s line", (s, line) => expect(lineOf(v(s))).toBe(line));

  it.each(["1.0.0.1", "150", "150.0b", "150.0b3esr", "abc", ""])("refuses %j", (s) => expect(parseVersion(s)).toBeUndefined());

  it("parses release names", () => {
    expect(parseReleaseName("Firefox-150.0b3-build1")).toEqual({ name: "Firefox-150.0b3-build1", product: "Firefox", version: "150.0b3", build: 1 });
    expect(parseReleaseName("Firefox-mozilla-central-nightly-latest")).toBeUndefined();
  });
});

describe("previousReleases", () => {
  const names = [
    "Firefox-150.0b1-build1",
    "Firefox-150.0b2-build1",
    "Firefox-150.0b2-build2",
    "Firefox-150.0b3-build1",
    "Firefox-149.0b9-build1",
    "Firefox-149.0-build1",
    "Firefox-149.0.1-build1",
    "Firefox-149.0.2-build3",
    "Firefox-148.0.2-build1",
    "Firefox-140.9.0esr-build1",
    "Firefox-140.8.0esr-build1",
    "Devedition-150.0b2-build1",
    "Firefox-mozilla-central-nightly-20261201000000",
    "Firefox-151.0b1-build1",
  ];
  it.each([
    { target: "Firefox-150.0b3-build1", count: 3, want: ["Firefox-150.0b2-build2", "Firefox-150.0b1-build1", "Firefox-149.0b9-build1"] },
    { target: "Firefox-150.0-build1", count: 4, want: ["Firefox-149.0.2-build3", "Firefox-149.0.1-build1", "Firefox-149.0-build1", "Firefox-148.0.2-build1"] },
    { target: "Firefox-140.10.0esr-build1", count: 3, want: ["Firefox-140.9.0esr-build1", "Firefox-140.8.0esr-build1"] },
    { target: "Devedition-150.0b3-build1", count: 3, want: ["Devedition-150.0b2-build1"] },
    { target: "Firefox-150.0b1-build1", count: 3, want: ["Firefox-149.0b9-build1"] },
    { target: "Thunderbird-150.0-build1", count: 3, want: [] },
  ])("$target, $count previous", ({ target, count, want }) => {
    expect(previousReleases(parseReleaseName(target)!, names, count)).toEqual(want);
  });
});

describe("referencedReleases (Balrog's getReferencedReleases)", () => {
  it("reads partials[].from (schema 2+) and partial.from (schema 1), without '*' or duplicates", () => {
    const blob = {
      name: "Firefox-150.0b3-build1",
      schema_version: 9,
      platforms: {
        WINNT_x86_64: { locales: { "en-US": { partials: [{ from: "Firefox-150.0b2-build1" }, { from: "Firefox-150.0b1-build1" }] }, de: { partials: [{ from: "Firefox-150.0b2-build1" }, { from: "*" }] } } },
        WINNT_x86_64_alias: { alias: "WINNT_x86_64" },
        Linux: { locales: { "en-US": { partial: { from: "Firefox-149.0b9-build1" } } } },
      },
    };
    expect(referencedReleases(blob)).toEqual(["Firefox-149.0b9-build1", "Firefox-150.0b1-build1", "Firefox-150.0b2-build1"]);
    expect(referencedReleases({ name: "x", schema_version: 1000 })).toEqual([]);
  });
});
