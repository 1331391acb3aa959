// An overdue environment cannot be updated until it is renewed or returned: that is how the library
// gets its copies back.
import { dueDateOf, environmentNamespaceOf } from "../lib/environment";
import { configOf, docsUrl, TODAY_SCHEMA, todayFrom, type RelengResourcePolicy } from "../lib/policy";

const NAME = "environment-not-overdue";
const defaults = { today: "" };

export const environmentNotOverdue: RelengResourcePolicy = {
  name: NAME,
  description: "An environment past its due date is not updated until it is renewed or returned.",
  severity: "medium",
  enforcementLevel: "mandatory",
  family: "lifecycle",
  tags: ["lifecycle", "environments"],
  url: docsUrl(NAME),
  remediationSteps: "Renew the environment (npx releng-envs renew <name> --days N) or return it (npx releng-envs return <name>, then pulumi destroy).",
  configSchema: { properties: { today: TODAY_SCHEMA } },
  validateResource: (args, reportViolation) => {
    const ns = environmentNamespaceOf(args.type, args.urn, args.props);
    const due = ns && dueDateOf(ns);
    if (!ns || !due) return;
    const today = todayFrom(configOf(defaults, args).today);
    if (due < today) reportViolation(`Namespace ${ns.name}: due ${due} has passed (today is ${today}); the environment is overdue`);
  },
};
