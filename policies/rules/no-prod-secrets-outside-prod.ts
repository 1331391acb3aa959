// Shipping secrets (release MAR keys, release bucket and store credentials, the chain-of-trust key)
// live only in prod pools. Names from scriptworker-scripts tests/test_init.py and docker.d/*.yml.
import { DEFAULTS } from "../defaults";
import { matchingPatterns } from "../lib/hosts";
import { docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { claimsNonProd } from "../lib/trust";
import { secretNamesOf } from "../lib/declarations";
import { judgeSubjects, nonProdHolder } from "../lib/subjects";

const NAME = "no-prod-secrets-outside-prod";
const defaults = { prodOnlySecrets: [...DEFAULTS.prodOnlySecrets] };

export const noProdSecretsOutsideProd: RelengStackPolicy = {
  name: NAME,
  description: "No dep or dev pool and no environment holds a prod-only secret (env var or Secret key).",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "environments", "secrets"],
  url: docsUrl(NAME),
  remediationSteps:
    "Remove the key from the Secret's stringData/data and the env var from the container. Dep and dev pools use dep " +
    "credentials (e.g. AUTOGRAPH_MAR_*, GCS_DEP_CREDS); environments generate their own throwaway secrets. If the key really " +
    "is not a shipping secret, SRE can narrow prodOnlySecrets in the policy config.",
  configSchema: { properties: { prodOnlySecrets: stringList("Secret/env names only prod pools may hold; a trailing * matches any suffix.", defaults.prodOnlySecrets) } },
  validateStack: judgeSubjects({
    defaults,
    appliesTo: claimsNonProd,
    judge: ({ subject, trust, cfg, found }) => {
      for (const n of secretNamesOf(subject)) {
        const hit = matchingPatterns(n.name, cfg.prodOnlySecrets);
        if (hit.length > 0) found(n.source, n.where, `${nonProdHolder(trust)} holds prod-only secret ${n.name} (matches ${hit[0]})${because(trust.evidence)}`);
      }
    },
  }),
};
