// A pool holds only the credentials its script needs at its level: an allow-list per script and
// level (generated from catalog/scripts.ts and catalog/trust.ts), so a prod-only credential cannot
// travel under a name nobody thought to forbid. Checked on every name a credential can arrive
// under: env var names, the Secret keys they read, and every key of the Secrets the pool mounts or
// loads whole. An environment's own pool may also read exactly the service credentials the
// catalogue lists for its script (catalog/envPools.ts: the archive store's writer keys for beetmover,
// bouncer-admin's generated user for bouncer), under the env var name its image reads.
import { CATALOG } from "../generated/catalog";
import { judgedLevels, levelsText } from "../lib/allow";
import { docsUrl, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { judgeSubjects } from "../lib/subjects";
import { isUnusedPlaceholder } from "../lib/declarations";
import { metaOf, podSpecOf } from "../lib/k8s";
import type { Subject } from "../lib/model";

const NAME = "pool-credentials-allowed";

/** Secrets whose every key reaches the pod: loaded with envFrom or mounted as a volume. */
function wholeSecretNames(subject: Subject): Set<string> {
  const out = new Set<string>();
  for (const { container } of subject.containers) for (const f of Array.isArray(container.envFrom) ? container.envFrom : []) if (f?.secretRef?.name) out.add(String(f.secretRef.name));
  const spec = podSpecOf(subject.kind, subject.resource.props);
  for (const v of Array.isArray(spec?.volumes) ? spec!.volumes : []) {
    if (v?.secret?.secretName) out.add(String(v.secret.secretName));
    for (const s of Array.isArray(v?.projected?.sources) ? v.projected.sources : []) if (s?.secret?.name) out.add(String(s.secret.name));
  }
  return out;
}

/** Whether env var `name` of an environment's `script` pool reads the service credential the catalogue gives it. */
function readsOwnServiceCredential(script: string, name: string, ref: { name: string; key: string }): boolean {
  const table = CATALOG.envPoolServiceCredentials as Record<string, readonly { name: string; secret: string; key: string }[]>;
  return (table[script] ?? []).some((c) => c.name === name && c.secret === ref.name && c.key === ref.key);
}

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
      const placeholders = CATALOG.poolPlaceholders as Record<string, Record<string, readonly string[]>>;
      // A placeholder passes only for a name every judged level gets as one (catalog/trust.ts LEVEL_NAME_CONFLICTS).
      const placeholderAllowed = (name: string) => levels.length > 0 && levels.every((l) => (placeholders[l]?.[script] ?? []).includes(name));
      for (const e of subject.env) {
        if (!e.secretRef && !e.configMapRef && plain.includes(e.name)) continue;
        if (isUnusedPlaceholder(e) && placeholderAllowed(e.name)) continue;
        if (!allowed.includes(e.name)) found(subject.resource, e.where, `${what} may not hold ${e.name}${because(trust.evidence)}`);
        if (e.secretRef && !allowed.includes(e.secretRef.key) && !(trust.isEnvironment && readsOwnServiceCredential(script, e.name, e.secretRef))) found(subject.resource, e.where, `${what} reads Secret key ${e.secretRef.key}, not a credential it may hold${because(trust.evidence)}`);
      }
      // A Secret of the environment's own service, read only through the catalogued references above,
      // is the service's: the pool holds just those keys (judged above by their env var names).
      const serviceOnly = (name: string) =>
        trust.isEnvironment && subject.env.some((e) => e.secretRef?.name === name) && subject.env.every((e) => e.secretRef?.name !== name || readsOwnServiceCredential(script, e.name, e.secretRef)) && !wholeSecretNames(subject).has(name);
      for (const s of subject.secrets) {
        const m = metaOf(s.props);
        if (serviceOnly(m.name)) continue;
        for (const field of ["stringData", "data"] as const) {
          const d = s.props?.[field];
          if (d && typeof d === "object") for (const k of Object.keys(d)) if (!allowed.includes(k)) found(s, `Secret ${m.name} ${field}.${k}`, `${what} may not hold ${k}${because(trust.evidence)}`);
        }
      }
    },
  }),
};
