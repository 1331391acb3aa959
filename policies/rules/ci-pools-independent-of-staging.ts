// CI signing (level t) runs on every push: if it depended on a staging service or on somebody's
// environment, an outage there would stop CI. It may depend on production only.
import { DEFAULTS } from "../defaults";
import { environmentServiceRef, mentionedHosts } from "../lib/hosts";
import { docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { declaredTexts } from "../lib/declarations";
import { isDevOnly } from "../lib/trust";
import { judgeSubjects } from "../lib/subjects";

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
  validateStack: judgeSubjects({
    defaults,
    appliesTo: (trust) => trust.isPool && !isDevOnly(trust),
    judge: ({ subject, trust, cfg, found }) => {
      if (!trust.workerLevel || !cfg.ciCriticalWorkerLevels.includes(trust.workerLevel) || !trust.script || !cfg.ciCriticalScripts.includes(trust.script)) return;
      const what = `CI-critical pool ${trust.workerType ?? `${trust.script} level ${trust.workerLevel}`}`;
      for (const t of declaredTexts(subject)) {
        for (const host of mentionedHosts(t.text, cfg.stagingHosts)) found(t.source, t.where, `${what} depends on staging service ${host}${because(trust.evidence)}`);
        const ref = environmentServiceRef(t.text);
        if (ref) found(t.source, t.where, `${what} depends on an environment's service ${ref}`);
      }
    },
  }),
};
