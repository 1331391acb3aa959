// A pool holds only the credentials its script needs at its level: an allow-list per script and
// level (generated from catalog/scripts.ts and catalog/trust.ts), so a prod-only credential cannot
// travel under a name nobody thought to forbid. Checked on every name a credential can arrive
// under: env var names, the Secret keys they read, and every key of the Secrets the pool mounts.
import { CATALOG } from "../generated/catalog";
import { judgedLevels, levelsText } from "../lib/allow";
import { docsUrl, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { judgeSubjects } from "../lib/subjects";
import { metaOf } from "../lib/k8s";

const NAME = "pool-credentials-allowed";

export const poolCredentialsAllowed: RelengStackPolicy = {
  name: NAME,
  description: "A pool holds only the credentials on its script's allow-list at its trust level (env var names, Secret keys).",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "secrets"],
  url: docsUrl(NAME),
  remediationSteps:
    "Remove the credential from the pool's Secret and env, or rename it to the name the image reads if it is one the script needs " +
    "at this level (catalog/scripts.ts). Production-only credentials belong in pools-prod only; AUTOGRAPH_STAGE_* only in dev pools.",
  validateStack: judgeSubjects({
    appliesTo: (trust) => trust.isPool,
    judge: ({ subject, trust, found }) => {
      const levels = judgedLevels(trust);
      const table = CATALOG.poolCredentials as Record<string, Record<string, readonly string[]>>;
      const script = trust.script ?? "";
      const allowed = levels.length === 0 ? [] : (table[levels[0]][script] ?? []).filter((n) => levels.every((l) => (table[l][script] ?? []).includes(n)));
      const what = `a ${levelsText(levels)} ${script || "unknown-script"} pool`;
      const plain = CATALOG.poolPlainEnv as readonly string[];
      for (const e of subject.env) {
        if (!e.secretRef && !e.configMapRef && plain.includes(e.name)) continue;
        if (!allowed.includes(e.name)) found(subject.resource, e.where, `${what} may not hold ${e.name}${because(trust.evidence)}`);
        if (e.secretRef && !allowed.includes(e.secretRef.key)) found(subject.resource, e.where, `${what} reads Secret key ${e.secretRef.key}, not a credential it may hold${because(trust.evidence)}`);
      }
      for (const s of subject.secrets) {
        const m = metaOf(s.props);
        for (const field of ["stringData", "data"] as const) {
          const d = s.props?.[field];
          if (d && typeof d === "object") for (const k of Object.keys(d)) if (!allowed.includes(k)) found(s, `Secret ${m.name} ${field}.${k}`, `${what} may not hold ${k}${because(trust.evidence)}`);
        }
      }
    },
  }),
};
