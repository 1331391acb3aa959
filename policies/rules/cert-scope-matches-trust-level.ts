// Autograph cert scopes follow the trust level: prod pools hold release keys, dep and dev pools only
// the dep key (scopes `<prefix>cert:<name>` in scriptworker-scripts signingscript/docker.d/passwords.yml).
import { DEFAULTS } from "../defaults";
import { docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { autographEntriesOf, textsOf } from "../lib/declarations";
import { claimsNonProd, claimsProd } from "../lib/trust";
import { judgeSubjects } from "../lib/subjects";

const NAME = "cert-scope-matches-trust-level";
const defaults = { prodCertScopes: [...DEFAULTS.prodCertScopes], nonProdCertScopes: [...DEFAULTS.nonProdCertScopes] };
const CERT_SCOPE = /[a-z0-9:_-]*:cert:([a-z0-9_-]+)/gi;

export const certScopeMatchesTrustLevel: RelengStackPolicy = {
  name: NAME,
  description: "Prod pools use only production cert scopes (nightly/release/production signing); dep and dev pools only dep-signing.",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "signing"],
  url: docsUrl(NAME),
  remediationSteps:
    "Set each autograph.json entry's certScope to one the pool's level may hold: …cert:{nightly,release,production}-signing " +
    "for prod pools, …cert:dep-signing for dep and dev pools. A pool that needs both is two pools.",
  configSchema: {
    properties: {
      prodCertScopes: stringList("Cert scope names (after `cert:`) prod pools may use.", defaults.prodCertScopes),
      nonProdCertScopes: stringList("Cert scope names (after `cert:`) dep and dev pools may use.", defaults.nonProdCertScopes),
    },
  },
  validateStack: judgeSubjects({
    defaults,
    appliesTo: (trust) => trust.isPool,
    judge: ({ subject, trust, cfg, found }) => {
      const scopes: { scope: string; source: typeof subject.resource; where: string }[] = [];
      for (const e of autographEntriesOf(subject)) if (e.certScope) scopes.push({ scope: e.certScope, source: e.source, where: e.where });
      for (const t of textsOf(subject)) {
        if (t.where.endsWith("data.autograph.json")) continue;
        for (const m of t.text.matchAll(CERT_SCOPE)) scopes.push({ scope: m[0], source: t.source, where: t.where });
      }
      for (const { scope, source, where } of scopes) {
        const name = scope.toLowerCase().split(":cert:").pop() ?? "";
        if (claimsProd(trust) && !cfg.prodCertScopes.includes(name)) found(source, where, `a prod pool uses cert scope ${scope}; allowed: ${cfg.prodCertScopes.join(", ")}${because(trust.evidence)}`);
        if (claimsNonProd(trust) && !cfg.nonProdCertScopes.includes(name)) found(source, where, `a dep/dev pool uses cert scope ${scope}; allowed: ${cfg.nonProdCertScopes.join(", ")}${because(trust.evidence)}`);
      }
    },
  }),
};
