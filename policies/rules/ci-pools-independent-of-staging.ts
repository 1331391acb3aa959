// CI signing (level t) runs on every push: if it depended on a staging service or on somebody's
// environment, an outage there would stop CI. It may depend on production only.
import { DEFAULTS } from "../defaults";
import { ENVIRONMENT_SERVICE_REF, mentionedHosts } from "../lib/hosts";
import { configOf, docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because, findings } from "../lib/report";
import { buildModel, declaredTexts, isDevOnly, trustOf } from "../lib/stack";

const NAME = "ci-pools-independent-of-staging";
const defaults = { stagingHosts: [...DEFAULTS.stagingHosts], ciCriticalWorkerLevels: ["t"], ciCriticalScripts: ["signing"] };

export const ciPoolsIndependentOfStaging: RelengStackPolicy = {
  name: NAME,
  description: "CI-critical pools (level t signing) depend on no staging service and no environment, so a staging outage cannot stop CI.",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "ci"],
  url: docsUrl(NAME),
  remediationSteps:
    "Remove staging hosts and env-<name> in-cluster addresses from the level-t signing pool: it signs with dep keys on " +
    "production Autograph. Test stage integrations on a dev pool (worker type …-dev) instead.",
  configSchema: {
    properties: {
      stagingHosts: stringList("Host names of staging services.", defaults.stagingHosts),
      ciCriticalWorkerLevels: stringList("Worker levels whose pools run for every push.", defaults.ciCriticalWorkerLevels),
      ciCriticalScripts: stringList("Scripts whose pools at those levels are CI-critical.", defaults.ciCriticalScripts),
    },
  },
  validateStack: (args, reportViolation) => {
    const cfg = configOf(defaults, args);
    const found = findings(reportViolation);
    const model = buildModel(args.resources);
    for (const subject of model.subjects) {
      const trust = trustOf(subject, model);
      if (!trust.isPool || isDevOnly(trust)) continue;
      if (!trust.workerLevel || !cfg.ciCriticalWorkerLevels.includes(trust.workerLevel) || !trust.script || !cfg.ciCriticalScripts.includes(trust.script)) continue;
      const what = `CI-critical pool ${trust.workerType ?? `${trust.script} level ${trust.workerLevel}`}`;
      const texts = declaredTexts(subject);
      for (const t of texts) {
        for (const host of mentionedHosts(t.text, cfg.stagingHosts)) found(t.source, t.where, `${what} depends on staging service ${host}${because(trust.evidence)}`);
        const ref = ENVIRONMENT_SERVICE_REF.exec(t.text);
        if (ref) found(t.source, t.where, `${what} depends on an environment's service ${ref[0].replace(/^[^a-z0-9]/i, "")}`);
      }
    }
  },
};
