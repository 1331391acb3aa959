// A prod pool signs and ships real releases: everything it talks to must be production.
import { DEFAULTS } from "../defaults";
import { ENVIRONMENT_SERVICE_REF, mentionedHosts } from "../lib/hosts";
import { configOf, docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because, findings } from "../lib/report";
import { buildModel, declaredTexts, claimsProd, trustOf } from "../lib/stack";

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
  validateStack: (args, reportViolation) => {
    const cfg = configOf(defaults, args);
    const found = findings(reportViolation);
    const model = buildModel(args.resources);
    for (const subject of model.subjects) {
      const trust = trustOf(subject, model);
      if (!claimsProd(trust)) continue;
      const texts = declaredTexts(subject);
      for (const t of texts) {
        for (const host of mentionedHosts(t.text, cfg.stagingHosts)) found(t.source, t.where, `a prod pool refers to staging service ${host}${because(trust.evidence)}`);
        const ref = ENVIRONMENT_SERVICE_REF.exec(t.text);
        if (ref) found(t.source, t.where, `a prod pool refers to an environment's in-cluster service ${ref[0].replace(/^[^a-z0-9]/i, "")}${because(trust.evidence)}`);
      }
    }
  },
};
