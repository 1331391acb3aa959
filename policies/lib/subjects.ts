// The loop most trust rules share: the rule's effective config, a de-duplicating reporter and the
// stack model, then each subject (a workload, ConfigMap or Secret with what it declares) judged
// with its trust view. Type-only import of @pulumi/policy, as in policy.ts.
import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { configOf } from "./policy";
import { findings, type Finding } from "./report";
import { buildModel, type Subject } from "./model";
import { trustOf, type TrustView } from "./trust";

/** What a rule's judge sees of one subject. */
export interface Judged<C> {
  subject: Subject;
  trust: TrustView;
  /** The rule's effective config (configOf over its defaults); `{}` for a rule without config. */
  cfg: C;
  found: Finding;
}

export interface SubjectRule<C extends object> {
  /** The rule's config defaults; omitted when the rule has no config. */
  defaults?: C;
  /** Which subjects the rule judges at all (e.g. claimsProd, or pools only). */
  appliesTo: (trust: TrustView, subject: Subject) => boolean;
  judge: (j: Judged<C>) => void;
}

/** A validateStack that judges every subject the rule applies to. */
export function judgeSubjects<C extends object>(rule: SubjectRule<C>): (args: StackValidationArgs, reportViolation: ReportViolation) => void {
  return (args, reportViolation) => {
    const cfg = rule.defaults ? configOf(rule.defaults, args) : ({} as C);
    const found = findings(reportViolation);
    const model = buildModel(args.resources);
    for (const subject of model.subjects) {
      const trust = trustOf(subject, model);
      if (rule.appliesTo(trust, subject)) rule.judge({ subject, trust, cfg, found });
    }
  };
}

/** How the messages of a rule about non-prod subjects name the holder. */
export function nonProdHolder(trust: TrustView): string {
  return trust.isEnvironment ? "an environment" : "a dep/dev pool";
}
