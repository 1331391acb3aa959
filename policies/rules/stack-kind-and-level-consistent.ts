// The stack's name says what it is (env-*, pools-prod|dep|dev, platform-*); what it declares must
// agree: labels, trust levels claimed by labels, ENV and worker types. This is the cross-check that
// catches a mislabelled pool or a pool smuggled into the wrong stack.
import { LABEL_KEYS } from "../defaults";
import { kubeKind, metaOf } from "../lib/k8s";
import { docsUrl, type RelengStackPolicy } from "../lib/policy";
import { because, findings } from "../lib/report";
import { buildModel } from "../lib/model";
import { trustOf } from "../lib/trust";

const NAME = "stack-kind-and-level-consistent";

export const stackKindAndLevelConsistent: RelengStackPolicy = {
  name: NAME,
  description: "What a stack declares matches its kind and level: labels, pool trust levels (labels, ENV, worker type) and the stack name agree.",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "environments"],
  url: docsUrl(NAME),
  remediationSteps:
    "Declare pools only in pools-<level> stacks (an environment may run its own dep pools: releng-envs:pools), with releng.mozilla.org/trust-level, ENV (prod | fake-prod | dev) and the worker " +
    "type ({trust}-{level}-{script}[-dev]) all matching that level; environments only in env-<name> stacks. Fix the label or move " +
    "the workload to the right stack.",
  validateStack: (args, reportViolation) => {
    const found = findings(reportViolation);
    const model = buildModel(args.resources);
    if (!model.kind) return;
    for (const r of args.resources) {
      if (!kubeKind(r.type)) continue;
      const label = metaOf(r.props).labels[LABEL_KEYS.kind];
      if (label && label !== model.kind) found(r, "", `is labelled ${LABEL_KEYS.kind}=${label} in ${model.kind} stack ${model.stack}`);
    }
    for (const subject of model.subjects) {
      const trust = trustOf(subject, model);
      if (model.kind !== "pools") {
        // An environment may run its own dep pools (issue #15): only when every signal says dep.
        const envDepPool = model.kind === "environment" && trust.levels.size === 1 && trust.levels.has("dep");
        if (trust.isPool && !envDepPool) {
          const allowed = model.kind === "environment" ? " (an environment may run dep pools only: ENV=fake-prod, trust-level dep, a level-1 worker type)" : "";
          found(subject.resource, "", `declares a scriptworker pool in ${model.kind} stack ${model.stack}${allowed}${because(trust.evidence)}`);
        }
        continue;
      }
      if (!subject.isWorkload) continue;
      const claimed = [...trust.levels];
      if (!model.level && claimed.length > 1) found(subject.resource, "", `claims more than one trust level (${claimed.join(", ")})${because(trust.evidence)}`);
      const others = [...trust.levels].filter((l) => l !== model.level);
      if (model.level && others.length > 0) found(subject.resource, "", `claims trust level ${others.join("/")} in stack ${model.stack}${because(trust.evidence)}`);
      if (trust.evidence.filter((e) => !e.startsWith("stack ")).length === 0) found(subject.resource, "", `declares no trust level of its own (label ${LABEL_KEYS.trustLevel}, ENV or worker type)`);
    }
  },
};
