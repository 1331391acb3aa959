// Balrog API responses shaped as its swagger specs define them (balrog src/auslib/web/common/swagger/
// definitions.yml RuleObject, RulesListGET; src/auslib/web/admin/swagger/api.yml GET
// /scheduled_changes/rules: CountModel + SCRulesItemBase + SCSignoffsModel), for the tests' servers.

type Value = string | number | boolean | null;

/** RuleObject: every required column present, nulls included. */
export function ruleObject(rule_id: number, channel: string, fields: Record<string, Value> = {}): Record<string, Value> {
  return {
    rule_id,
    alias: null,
    backgroundRate: 100,
    buildID: null,
    buildTarget: null,
    channel,
    comment: null,
    data_version: 3,
    distVersion: null,
    distribution: null,
    fallbackMapping: null,
    headerArchitecture: null,
    instructionSet: null,
    jaws: null,
    locale: null,
    mapping: null,
    memory: null,
    mig64: null,
    osVersion: null,
    priority: 90,
    product: "Firefox",
    update_type: "minor",
    version: null,
    ...fields,
  };
}

export function rulesList(rules: Record<string, Value>[]): { count: number; rules: Record<string, Value>[] } {
  return { count: rules.length, rules };
}

/** An SCRulesItemBase item: the rule's columns after the change, plus the change's own fields. */
export function scheduledRuleChange(sc_id: number, change_type: "insert" | "update" | "delete", rule: Record<string, Value>, extra: Record<string, Value> = {}): Record<string, unknown> {
  return {
    ...rule,
    sc_id,
    change_type,
    rule_id: change_type === "insert" ? null : rule.rule_id,
    data_version: change_type === "insert" ? null : rule.data_version,
    sc_data_version: 1,
    scheduled_by: "balrog-ffxbld",
    complete: false,
    when: 1_900_000_000_000,
    telemetry_product: null,
    telemetry_channel: null,
    telemetry_uptake: null,
    signoffs: {},
    required_signoffs: { releng: 1 },
    ...extra,
  };
}

export function scheduledChangesList(changes: Record<string, unknown>[]): { count: number; scheduled_changes: Record<string, unknown>[] } {
  return { count: changes.length, scheduled_changes: changes };
}
