// Test-channel drift, pure: each kind of drift (new rule, changed mapping or field, deletion) and none.
import { describe, expect, it } from "vitest";
import { diffTestChannels, expectedLiveRules, liveChannelsOf, normalize, testChannelsOf, type Rule, type RuleChange } from "../../../tools/history/ruleDrift";
import { RULE_COMPARED_FIELDS } from "../../../catalog/history";

/** A RuleObject with every column, as Balrog's /rules returns it. */
function rule(id: number, channel: string | null, fields: Partial<Rule> = {}): Rule {
  const base: Rule = { rule_id: id, alias: null, channel, comment: null, data_version: 1 };
  for (const f of RULE_COMPARED_FIELDS) base[f] = null;
  return { ...base, product: "Firefox", update_type: "minor", backgroundRate: 100, priority: 90, ...fields };
}

function change(sc_id: number, change_type: RuleChange["change_type"], rule_id: number | null, r: Partial<Rule> = {}, extra: Partial<RuleChange> = {}): RuleChange {
  const { rule_id: _ignored, ...fields } = rule(rule_id ?? 0, (r.channel as string | null) ?? null, r);
  return { sc_id, change_type, rule_id, when: 1_800_000_000_000 + sc_id, complete: false, rule: change_type === "delete" ? {} : fields, ...extra };
}

const RELEASE = rule(145, "release", { alias: "firefox-release", mapping: "Firefox-149.0-build1" });
const LOCALTEST = rule(300, "release-localtest", { alias: "firefox-release-localtest", mapping: "Firefox-149.0-build1" });
const CDNTEST = rule(301, "release-cdntest", { alias: "firefox-release-cdntest", mapping: "Firefox-149.0-build1" });
const BETA = rule(32, "beta", { alias: "firefox-beta", mapping: "Firefox-150.0b2-build1" });
const BETA_TEST = rule(310, "beta-localtest", { mapping: "Firefox-150.0b2-build1" });
const GLOB = rule(5, "release*", { mapping: "No-Update", version: "<10.0" });

describe("channels", () => {
  it("finds live channels by their <live>-<suffix> test channels, ignoring globs", () => {
    const rules = [RELEASE, LOCALTEST, CDNTEST, BETA, BETA_TEST, GLOB, rule(9, "nightly")];
    expect(liveChannelsOf(rules)).toEqual(["beta", "release"]);
    expect(testChannelsOf(rules, "release")).toEqual(["release-cdntest", "release-localtest"]);
    expect(testChannelsOf(rules, "nightly")).toEqual([]);
  });

  it("normalizes integer-or-string columns and empty strings", () => {
    expect(normalize("100")).toBe(100);
    expect(normalize("")).toBeNull();
    expect(normalize(undefined)).toBeNull();
    expect(normalize("Firefox-1")).toBe("Firefox-1");
  });
});

describe("expectedLiveRules: live rules with pending scheduled changes enacted", () => {
  it.each([
    { name: "no changes", changes: [], mappings: ["Firefox-149.0-build1"], applied: 0 },
    { name: "update of the mapping", changes: [change(1, "update", 145, { channel: "release", alias: "firefox-release", mapping: "Firefox-150.0-build1" })], mappings: ["Firefox-150.0-build1"], applied: 1 },
    { name: "delete", changes: [change(2, "delete", 145)], mappings: [], applied: 1 },
    { name: "insert", changes: [change(3, "insert", null, { channel: "release", mapping: "Firefox-150.0-build1", version: "<140.0" })], mappings: ["Firefox-149.0-build1", "Firefox-150.0-build1"], applied: 1 },
    { name: "insert on another channel", changes: [change(4, "insert", null, { channel: "beta", mapping: "x" })], mappings: ["Firefox-149.0-build1"], applied: 0 },
    { name: "complete changes are history", changes: [change(5, "delete", 145, {}, { complete: true })], mappings: ["Firefox-149.0-build1"], applied: 0 },
    {
      name: "later change wins (when order)",
      changes: [change(7, "update", 145, { channel: "release", mapping: "B" }, { when: 2 }), change(6, "update", 145, { channel: "release", mapping: "A" }, { when: 1 })],
      mappings: ["B"],
      applied: 2,
    },
    { name: "update moving the rule off the channel", changes: [change(8, "update", 145, { channel: "release-old", mapping: "Firefox-149.0-build1" })], mappings: [], applied: 1 },
  ])("$name", ({ changes, mappings, applied }) => {
    const result = expectedLiveRules([RELEASE, LOCALTEST], changes, "release");
    expect(result.rules.map((r) => r.fields.mapping)).toEqual(mappings);
    expect(result.applied).toBe(applied);
  });
});

describe("diffTestChannels", () => {
  const rules = [RELEASE, LOCALTEST, CDNTEST, BETA, BETA_TEST, GLOB];

  it("in sync: no drift, glob rules counted as shared", () => {
    const report = diffTestChannels({ rules, changes: [] });
    expect(report.drifts).toEqual([]);
    expect(report.sharedGlobRules).toBe(1);
    expect(report.channels.map((c) => [c.live, c.testChannels.length, c.expectedRules])).toEqual([
      ["beta", 1, 1],
      ["release", 2, 1],
    ]);
  });

  it("changed mapping: a scheduled update the test channels do not have yet", () => {
    const changes = [change(11, "update", 145, { channel: "release", alias: "firefox-release", mapping: "Firefox-150.0-build1" })];
    const report = diffTestChannels({ rules, changes, live: ["release"] });
    expect(report.drifts).toEqual([
      { kind: "field", live: "release", testChannel: "release-cdntest", rule: "#145 firefox-release (sc 11)", testRule: "#301 firefox-release-cdntest", field: "mapping", expected: "Firefox-150.0-build1", actual: "Firefox-149.0-build1" },
      { kind: "field", live: "release", testChannel: "release-localtest", rule: "#145 firefox-release (sc 11)", testRule: "#300 firefox-release-localtest", field: "mapping", expected: "Firefox-150.0-build1", actual: "Firefox-149.0-build1" },
    ]);
  });

  it("changed field: the test rule differs on a matching field (pairs by alias)", () => {
    const report = diffTestChannels({ rules: [RELEASE, { ...LOCALTEST, osVersion: "Windows_NT 6.1", backgroundRate: "50" }], changes: [] });
    expect(report.drifts.map((d) => [d.field, d.expected, d.actual])).toEqual([
      ["backgroundRate", 100, 50],
      ["osVersion", null, "Windows_NT 6.1"],
    ]);
    expect(diffTestChannels({ rules: [RELEASE, { ...LOCALTEST, backgroundRate: 50 }], changes: [], ignore: ["backgroundRate"] }).drifts).toEqual([]);
  });

  it("new rule: a scheduled insert missing on the test channel", () => {
    const changes = [change(12, "insert", null, { channel: "beta", mapping: "Firefox-150.0b3-build1", buildTarget: "WINNT_aarch64-msvc-aarch64" })];
    const report = diffTestChannels({ rules, changes, live: ["beta"] });
    expect(report.drifts).toEqual([{ kind: "missing-rule", live: "beta", testChannel: "beta-localtest", rule: "sc 12 (insert)", field: "mapping", expected: "Firefox-150.0b3-build1", actual: "(no rule)" }]);
  });

  it("deletion: a scheduled delete whose rule is still on the test channel", () => {
    const report = diffTestChannels({ rules, changes: [change(13, "delete", 32)], live: ["beta"] });
    expect(report.drifts).toEqual([{ kind: "extra-rule", live: "beta", testChannel: "beta-localtest", rule: "(none)", testRule: "#310", field: "mapping", expected: "(no rule)", actual: "Firefox-150.0b2-build1" }]);
  });

  it("pairs without aliases by matching fields and priority, not by order", () => {
    const win = rule(40, "beta", { buildTarget: "WINNT", mapping: "W", priority: 100 });
    const mac = rule(41, "beta", { buildTarget: "Darwin", mapping: "M", priority: 100 });
    const macTest = rule(42, "beta-localtest", { buildTarget: "Darwin", mapping: "M", priority: 100 });
    const winTest = rule(43, "beta-localtest", { buildTarget: "WINNT", mapping: "W", priority: 100 });
    expect(diffTestChannels({ rules: [win, mac, macTest, winTest], changes: [] }).drifts).toEqual([]);
  });

  it("a live channel with no test channel reports none and no drift", () => {
    const report = diffTestChannels({ rules: [rule(1, "esr")], changes: [], live: ["esr"] });
    expect(report.channels).toEqual([{ live: "esr", testChannels: [], expectedRules: 1, scheduledChanges: 0 }]);
    expect(report.drifts).toEqual([]);
  });
});
