// A prod pool that holds stage credentials can be pointed at stage by a task; it must not hold them.
import { DEFAULTS } from "../defaults";
import { matchingPatterns } from "../lib/hosts";
import { docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { claimsProd } from "../lib/trust";
import { secretNamesOf } from "../lib/declarations";
import { judgeSubjects } from "../lib/subjects";

const NAME = "no-stage-credentials-in-prod";
const defaults = { stageCredentials: [...DEFAULTS.stageCredentials] };

export const noStageCredentialsInProd: RelengStackPolicy = {
  name: NAME,
  description: "No prod pool holds AUTOGRAPH_STAGE_* credentials.",
  severity: "high",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "signing", "secrets"],
  url: docsUrl(NAME),
  remediationSteps: "Remove AUTOGRAPH_STAGE_* keys from the prod pool's Secret and env. Autograph stage is for dev pools only.",
  configSchema: { properties: { stageCredentials: stringList("Credential names a prod pool must not hold; a trailing * matches any suffix.", defaults.stageCredentials) } },
  validateStack: judgeSubjects({
    defaults,
    appliesTo: claimsProd,
    judge: ({ subject, trust, cfg, found }) => {
      for (const n of secretNamesOf(subject)) if (matchingPatterns(n.name, cfg.stageCredentials).length > 0) found(n.source, n.where, `a prod pool holds stage credential ${n.name}${because(trust.evidence)}`);
    },
  }),
};
