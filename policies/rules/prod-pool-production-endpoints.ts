// A prod pool signs and ships real releases: everything it talks to must be production.
import { DEFAULTS } from "../defaults";
import { environmentServiceRef, mentionedHosts } from "../lib/hosts";
import { docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { claimsProd } from "../lib/trust";
import { declaredTexts } from "../lib/declarations";
import { judgeSubjects } from "../lib/subjects";

const NAME = "prod-pool-production-endpoints";
const defaults = { stagingHosts: [...DEFAULTS.stagingHosts] };

export const prodPoolProductionEndpoints: RelengStackPolicy = {
  name: NAME,
  description: "Prod pools reference only production endpoints: no staging service and no environment's in-cluster service.",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools"],
  url: docsUrl(NAME),
  remediationSteps:
    "Replace the staging URL (or the env-<name> in-cluster address) in the prod pool's env vars, args or ConfigMaps with the " +
    "production endpoint. Staging releases run on dep pools, never on prod ones.",
  configSchema: { properties: { stagingHosts: stringList("Host names of staging services.", defaults.stagingHosts) } },
  validateStack: judgeSubjects({
    defaults,
    appliesTo: claimsProd,
    judge: ({ subject, trust, cfg, found }) => {
      for (const t of declaredTexts(subject)) {
        for (const host of mentionedHosts(t.text, cfg.stagingHosts)) found(t.source, t.where, `a prod pool refers to staging service ${host}${because(trust.evidence)}`);
        const ref = environmentServiceRef(t.text);
        if (ref) found(t.source, t.where, `a prod pool refers to an environment's in-cluster service ${ref}${because(trust.evidence)}`);
      }
    },
  }),
};
