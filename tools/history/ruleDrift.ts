// Test-channel drift (seed 002): a test channel (`<live>-localtest`, `<live>-cdntest`, any
// `<live>-<suffix>`) should hold the live channel's rules with the live channel's pending scheduled
// changes applied. Pure: rules and scheduled changes in (as Balrog's API returns them), drifts out.
import { RULE_COMPARED_FIELDS, RULE_MATCH_FIELDS } from "../../catalog/history";

export type RuleValue = string | number | boolean | null;

/** A rule as Balrog's `/rules` returns it (RuleObject): every column, nulls included. */
export interface Rule {
  rule_id: number;
  alias: string | null;
  channel: string | null;
  [field: string]: RuleValue;
}

/** A pending scheduled change of a rule (admin `/scheduled_changes/rules`, SCRulesItemBase). */
export interface RuleChange {
  sc_id: number;
  change_type: "insert" | "update" | "delete";
  rule_id: number | null;
  when: number | null;
  complete: boolean;
  /** The rule as it will be after the change (for insert and update). */
  rule: Record<string, RuleValue>;
}

type DriftKind = "missing-rule" | "extra-rule" | "field";

interface Drift {
  kind: DriftKind;
  live: string;
  testChannel: string;
  /** The live rule (or pending insert) this is about: `#145 firefox-release` or `sc 12 (insert)`. */
  rule: string;
  /** The test rule compared with, when there is one. */
  testRule?: string;
  field: string;
  /** The value live + scheduled changes give (`(no rule)` when the test rule should not exist). */
  expected: RuleValue | "(no rule)";
  /** The test channel's value (`(no rule)` when it lacks the rule). */
  actual: RuleValue | "(no rule)";
}

interface ChannelReport {
  live: string;
  testChannels: string[];
  /** Rules the live channel has once its pending changes are enacted. */
  expectedRules: number;
  /** Scheduled changes applied (0 when the API gives none). */
  scheduledChanges: number;
}

export interface DriftReport {
  channels: ChannelReport[];
  drifts: Drift[];
  /** Rules whose channel is a glob (`release*`): they serve live and test channels alike, so they are not compared. */
  sharedGlobRules: number;
}

/** A live rule after its scheduled changes, with where it came from. */
interface ExpectedRule {
  label: string;
  fields: Record<string, RuleValue>;
  alias: string | null;
}

/** Balrog's API types several numeric columns as integer-or-string: compare them as numbers. */
export function normalize(v: RuleValue | undefined): RuleValue {
  // Balrog stores an emptied column as NULL; an API may show it as "".
  if (v === undefined || v === "") return null;
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return v;
}

function ruleLabel(r: { rule_id: number | null; alias: string | null }): string {
  return `#${r.rule_id}${r.alias ? ` ${r.alias}` : ""}`;
}

const isGlob = (channel: string | null): boolean => channel !== null && channel.includes("*");

/** Live channels with at least one `<live>-<suffix>` test channel among the rules (exact channels only). */
export function liveChannelsOf(rules: readonly Rule[]): string[] {
  const channels = new Set(rules.map((r) => r.channel).filter((c): c is string => c !== null && !isGlob(c)));
  return [...channels].filter((c) => [...channels].some((t) => t.startsWith(`${c}-`))).sort();
}

/** The test channels of `live`: every exact channel `<live>-<suffix>` that is not itself a live channel with tests of its own. */
export function testChannelsOf(rules: readonly Rule[], live: string): string[] {
  const channels = new Set(rules.map((r) => r.channel).filter((c): c is string => c !== null && !isGlob(c)));
  return [...channels].filter((c) => c.startsWith(`${live}-`) && c.length > live.length + 1).sort();
}

/**
 * The live channel's rules once every pending scheduled change is enacted: updates replace the rule
 * (and may move it into or out of the channel), deletes remove it, inserts add it. Changes apply in
 * the order Balrog's agent would enact them (`when`, then sc_id).
 */
export function expectedLiveRules(rules: readonly Rule[], changes: readonly RuleChange[], live: string): { rules: ExpectedRule[]; applied: number } {
  const byId = new Map<number, ExpectedRule & { channel: RuleValue }>();
  for (const r of rules) byId.set(r.rule_id, { label: ruleLabel(r), fields: r, alias: r.alias, channel: r.channel });
  const inserted: (ExpectedRule & { channel: RuleValue })[] = [];
  let applied = 0;
  const pending = changes.filter((c) => !c.complete).sort((a, b) => (a.when ?? 0) - (b.when ?? 0) || a.sc_id - b.sc_id);
  for (const c of pending) {
    const touchesLive = (ch: RuleValue) => ch === live;
    if (c.change_type === "insert") {
      if (touchesLive(c.rule.channel ?? null)) applied++;
      inserted.push({ label: `sc ${c.sc_id} (insert)`, fields: c.rule, alias: (c.rule.alias as string | null) ?? null, channel: c.rule.channel ?? null });
    } else if (c.rule_id !== null) {
      const before = byId.get(c.rule_id);
      if (touchesLive(before?.channel ?? null) || touchesLive(c.rule.channel ?? null)) applied++;
      if (c.change_type === "delete") byId.delete(c.rule_id);
      else byId.set(c.rule_id, { label: `${ruleLabel({ rule_id: c.rule_id, alias: (c.rule.alias as string | null) ?? null })} (sc ${c.sc_id})`, fields: c.rule, alias: (c.rule.alias as string | null) ?? null, channel: c.rule.channel ?? null });
    }
  }
  const result = [...byId.values(), ...inserted].filter((r) => r.channel === live);
  return { rules: result.map(({ label, fields, alias }) => ({ label, fields, alias })), applied };
}

const matchKey = (fields: Record<string, RuleValue>): string => JSON.stringify(RULE_MATCH_FIELDS.map((f) => normalize(fields[f])));

/**
 * Pairs each expected rule with at most one test rule: first by alias (`<live alias>-<suffix>`), then
 * by the fields that say which clients match plus priority, then by those fields alone. What stays
 * unpaired is a missing or an extra rule.
 */
function pairRules(expected: readonly ExpectedRule[], tests: readonly Rule[], suffix: string): { pairs: [ExpectedRule, Rule][]; missing: ExpectedRule[]; extra: Rule[] } {
  const freeTests = new Set(tests);
  const freeExpected = new Set(expected);
  const pairs: [ExpectedRule, Rule][] = [];
  const rounds: ((e: ExpectedRule, t: Rule) => boolean)[] = [
    (e, t) => e.alias !== null && t.alias === `${e.alias}-${suffix}`,
    (e, t) => matchKey(e.fields) === matchKey(t) && normalize(e.fields.priority) === normalize(t.priority),
    (e, t) => matchKey(e.fields) === matchKey(t),
  ];
  for (const same of rounds) {
    for (const e of [...freeExpected]) {
      const t = [...freeTests].find((candidate) => same(e, candidate));
      if (t) {
        pairs.push([e, t]);
        freeExpected.delete(e);
        freeTests.delete(t);
      }
    }
  }
  return { pairs, missing: [...freeExpected], extra: [...freeTests] };
}

interface DriftInput {
  rules: readonly Rule[];
  /** Pending scheduled changes; empty when the API does not show them (production's public API). */
  changes: readonly RuleChange[];
  /** Live channels to check; default: every channel that has a test channel. */
  live?: readonly string[];
  /** Fields not to compare (e.g. backgroundRate when test channels are never throttled). */
  ignore?: readonly string[];
}

export function diffTestChannels(input: DriftInput): DriftReport {
  const lives = input.live && input.live.length > 0 ? [...input.live] : liveChannelsOf(input.rules);
  const fields = RULE_COMPARED_FIELDS.filter((f) => !(input.ignore ?? []).includes(f));
  const drifts: Drift[] = [];
  const channels: ChannelReport[] = [];
  for (const live of lives) {
    const { rules: expected, applied } = expectedLiveRules(input.rules, input.changes, live);
    const testChannels = testChannelsOf(input.rules, live);
    channels.push({ live, testChannels, expectedRules: expected.length, scheduledChanges: applied });
    for (const testChannel of testChannels) {
      const suffix = testChannel.slice(live.length + 1);
      const tests = input.rules.filter((r) => r.channel === testChannel);
      const { pairs, missing, extra } = pairRules(expected, tests, suffix);
      for (const e of missing) drifts.push({ kind: "missing-rule", live, testChannel, rule: e.label, field: "mapping", expected: normalize(e.fields.mapping), actual: "(no rule)" });
      for (const [e, t] of pairs) {
        for (const field of fields) {
          const want = normalize(e.fields[field]);
          const got = normalize(t[field]);
          if (want !== got) drifts.push({ kind: "field", live, testChannel, rule: e.label, testRule: ruleLabel(t), field, expected: want, actual: got });
        }
      }
      for (const t of extra) drifts.push({ kind: "extra-rule", live, testChannel, rule: "(none)", testRule: ruleLabel(t), field: "mapping", expected: "(no rule)", actual: normalize(t.mapping) });
    }
  }
  return { channels, drifts, sharedGlobRules: input.rules.filter((r) => isGlob(r.channel)).length };
}
