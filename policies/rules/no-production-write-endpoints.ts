// Staging releases and test pools may read production, never write it: no Balrog admin, bouncer
// admin, Ship-it production API or production release bucket for dep/dev pools or environments.
// Buckets: scriptworker-scripts beetmoverscript/docker.d/worker.yml (prod nightly/release buckets).
import { DEFAULTS } from "../defaults";
import { mentionedHosts, mentionsBucket } from "../lib/hosts";
import { docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { claimsNonProd } from "../lib/trust";
import { declaredTexts } from "../lib/declarations";
import { judgeSubjects, nonProdHolder } from "../lib/subjects";

const NAME = "no-production-write-endpoints";
const defaults = { productionWriteHosts: [...DEFAULTS.productionWriteHosts], productionReleaseBuckets: [...DEFAULTS.productionReleaseBuckets] };

export const noProductionWriteEndpoints: RelengStackPolicy = {
  name: NAME,
  description: "No dep or dev pool and no environment targets a production write endpoint (Balrog admin, bouncer admin, Ship-it production, release buckets).",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "environments"],
  url: docsUrl(NAME),
  remediationSteps:
    "Point the pool or environment at its staging counterpart (admin.stage.balrog.nonprod.webservices.mozgcp.net, " +
    "admin.dev.bouncer.nonprod.webservices.mozgcp.net, api.shipit.staging.mozilla-releng.net) or at the environment's own " +
    "in-cluster service, and at dep buckets instead of release buckets. Remove the host from any egress allow-list.",
  configSchema: {
    properties: {
      productionWriteHosts: stringList("Host names of production write APIs.", defaults.productionWriteHosts),
      productionReleaseBuckets: stringList("Names of production release buckets.", defaults.productionReleaseBuckets),
    },
  },
  validateStack: judgeSubjects({
    defaults,
    appliesTo: claimsNonProd,
    judge: ({ subject, trust, cfg, found }) => {
      const holder = nonProdHolder(trust);
      for (const t of declaredTexts(subject)) {
        for (const host of mentionedHosts(t.text, cfg.productionWriteHosts)) found(t.source, t.where, `${holder} targets production write endpoint ${host}${because(trust.evidence)}`);
        for (const bucket of cfg.productionReleaseBuckets) if (mentionsBucket(t.text, bucket)) found(t.source, t.where, `${holder} targets production release bucket ${bucket}${because(trust.evidence)}`);
      }
    },
  }),
};
