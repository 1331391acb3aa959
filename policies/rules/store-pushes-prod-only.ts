// Store pushes (Google Play, Flathub, Microsoft Store) are production actions. Scriptworker turns
// them on exactly when ENV == 'prod' (scriptworker-scripts pushapkscript/docker.d/worker.yml
// `do_not_contact_server: ENV != 'prod'`, pushflatpakscript `push_to_flathub: ENV == 'prod'`,
// pushmsixscript `push_to_store: ENV == 'prod'`), so a non-prod store pool must not run with ENV=prod
// nor override those flags.
import { DEFAULTS } from "../defaults";
import { docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { claimsNonProd } from "../lib/trust";
import { textsOf } from "../lib/declarations";
import { judgeSubjects, nonProdHolder } from "../lib/subjects";

const NAME = "store-pushes-prod-only";
const defaults = { storePushScripts: [...DEFAULTS.storePushScripts] };
const ENABLE_FLAG = /\b(push_to_store|push_to_flathub)\b["']?\s*[:=]\s*["']?(true|1|yes|on)\b/i;
const DISABLE_OFF = /\bdo_not_contact_server\b["']?\s*[:=]\s*["']?(false|0|no|off)\b/i;
const TRUTHY = /^(true|1|yes|on)$/i;
const FALSY = /^(false|0|no|off)$/i;

export const storePushesProdOnly: RelengStackPolicy = {
  name: NAME,
  description: "No dep or dev pool and no environment has store pushes enabled (push_to_store, push_to_flathub, do_not_contact_server).",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "environments", "stores"],
  url: docsUrl(NAME),
  remediationSteps:
    "Run non-prod store pools with ENV=fake-prod (dep) or ENV=dev, which keeps push_to_store/push_to_flathub false and " +
    "do_not_contact_server true, and remove any explicit override of those flags. Non-prod store pools only spot-check.",
  configSchema: { properties: { storePushScripts: stringList("Scripts that push to stores when ENV=prod.", defaults.storePushScripts) } },
  validateStack: judgeSubjects({
    defaults,
    appliesTo: claimsNonProd,
    judge: ({ subject, trust, cfg, found }) => {
      const holder = nonProdHolder(trust);
      const envProd = subject.env.find((e) => e.name === "ENV" && e.value?.trim().toLowerCase() === "prod");
      if (envProd && trust.script && cfg.storePushScripts.includes(trust.script)) {
        found(subject.resource, envProd.where, `${holder} runs store script ${trust.script} with ENV=prod, which enables store pushes${because(trust.evidence)}`);
      }
      for (const e of subject.env) {
        const v = e.value?.trim() ?? "";
        if (/^(PUSH_TO_STORE|PUSH_TO_FLATHUB)$/i.test(e.name) && TRUTHY.test(v)) found(subject.resource, e.where, `${holder} enables store pushes (${e.name}=${v})`);
        if (/^DO_NOT_CONTACT_SERVER$/i.test(e.name) && FALSY.test(v)) found(subject.resource, e.where, `${holder} lets pushapk contact the store (${e.name}=${v})`);
      }
      for (const t of textsOf(subject)) {
        const m = ENABLE_FLAG.exec(t.text) ?? DISABLE_OFF.exec(t.text);
        if (m) found(t.source, t.where, `${holder} enables store pushes (${m[0].trim()})`);
      }
    },
  }),
};
