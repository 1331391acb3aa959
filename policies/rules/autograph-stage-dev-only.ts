// No prod or dep pool may send any format to Autograph stage: CI signing on every push must not
// stop when stage does, and dep signing uses dep keys on production Autograph. Only dev pools may,
// and only for the formats that exist to test stage itself. (Upstream, scriptworker-scripts
// signingscript/docker.d/passwords.yml lists stage entries for dev and fake-prod; this project is
// stricter, see docs/policies.md.)
import { DEFAULTS } from "../defaults";
import { mentionedHosts } from "../lib/hosts";
import { docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { autographEntriesOf, textsOf } from "../lib/declarations";
import { isDevOnly } from "../lib/trust";
import { judgeSubjects } from "../lib/subjects";

const NAME = "autograph-stage-dev-only";
const defaults = { autographStageHosts: [...DEFAULTS.autographStageHosts], stageFormats: [...DEFAULTS.stageFormats] };

export const autographStageDevOnly: RelengStackPolicy = {
  name: NAME,
  description: "No prod or dep pool uses Autograph stage for any format; a dev pool may, only for stage formats.",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "signing"],
  url: docsUrl(NAME),
  remediationSteps:
    "Point the pool's Autograph servers (the generated passwords.yml in ConfigMap <deployment>-signing-config) at production Autograph " +
    "(prod.autograph.prod.webservices.mozgcp.net) with dep keys for dep pools. Only dev pools may list Autograph stage, and only " +
    "for stage formats; remove stage entries and AUTOGRAPH_STAGE_* credentials from prod and dep pools.",
  configSchema: {
    properties: {
      autographStageHosts: stringList("Host names of Autograph stage, current and older.", defaults.autographStageHosts),
      stageFormats: stringList("The formats a dev pool may send to Autograph stage.", defaults.stageFormats),
    },
  },
  validateStack: judgeSubjects({
    defaults,
    appliesTo: (trust) => trust.isPool,
    judge: ({ subject, trust, cfg, found }) => {
      const devOnly = isDevOnly(trust);
      for (const entry of autographEntriesOf(subject)) {
        const hosts = mentionedHosts(entry.url, cfg.autographStageHosts);
        if (hosts.length === 0) continue;
        if (!devOnly) {
          found(entry.source, entry.where, `a ${[...trust.levels].join("/") || "non-dev"} pool sends ${entry.formats.join(", ") || "formats"} to Autograph stage ${hosts[0]}${because(trust.evidence)}`);
          continue;
        }
        const bad = entry.formats.filter((f) => !cfg.stageFormats.includes(f));
        if (entry.formats.length === 0) found(entry.source, entry.where, `an Autograph stage entry lists no formats; a dev pool may use stage only for stage formats`);
        else if (bad.length > 0) found(entry.source, entry.where, `a dev pool may use Autograph stage only for its stage formats (${cfg.stageFormats.slice(0, 3).join(", ")}, …), not ${bad.join(", ")}`);
      }
      for (const t of textsOf(subject)) {
        if (t.where.endsWith("data.autograph.json") || t.where.endsWith("data.passwords.yml")) continue; // judged entry by entry above
        const hosts = mentionedHosts(t.text, cfg.autographStageHosts);
        if (hosts.length === 0) continue;
        found(
          t.source,
          t.where,
          devOnly
            ? `names Autograph stage ${hosts[0]} outside the pool's passwords.yml, so its formats cannot be checked; declare it as an Autograph server of the pool with stage formats`
            : `a ${[...trust.levels].join("/") || "non-dev"} pool refers to Autograph stage ${hosts[0]}${because(trust.evidence)}`,
        );
      }
    },
  }),
};
