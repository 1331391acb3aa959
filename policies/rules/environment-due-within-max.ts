// Environments are borrowed, not owned: a due date at most maxDueDays ahead (Pulumi.yaml's
// releng-envs:maxDueDays default; a stack may lower it, only this policy's config may raise it).
import { DEFAULTS } from "../defaults";
import { addDays, dueDateOf, environmentNamespaceOf } from "../lib/environment";
import { configOf, docsUrl, TODAY_SCHEMA, todayFrom, type RelengResourcePolicy } from "../lib/policy";

const NAME = "environment-due-within-max";
const defaults = { maxDueDays: DEFAULTS.maxDueDays as number, today: "" };

export const environmentDueWithinMax: RelengResourcePolicy = {
  name: NAME,
  description: "An environment's due date is at most maxDueDays (default 30) ahead.",
  severity: "medium",
  enforcementLevel: "mandatory",
  family: "lifecycle",
  tags: ["lifecycle", "environments"],
  url: docsUrl(NAME),
  remediationSteps: "Set releng-envs:due to a date within the maximum (npx releng-envs renew <name> --days N); renew again later if you need longer.",
  configSchema: {
    properties: {
      maxDueDays: { type: "integer", minimum: 1, maximum: 365, default: defaults.maxDueDays, description: "How many days ahead a due date may be." },
      today: TODAY_SCHEMA,
    },
  },
  validateResource: (args, reportViolation) => {
    const ns = environmentNamespaceOf(args.type, args.urn, args.props);
    const due = ns && dueDateOf(ns);
    if (!ns || !due) return; // environment-namespace-metadata reports a missing or bad date
    const cfg = configOf(defaults, args);
    const today = todayFrom(cfg.today);
    const latest = addDays(today, cfg.maxDueDays);
    if (due > latest) reportViolation(`Namespace ${ns.name}: due ${due} is more than ${cfg.maxDueDays} days after ${today} (latest allowed: ${latest})`);
  },
};
