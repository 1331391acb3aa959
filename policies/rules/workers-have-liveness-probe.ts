// Scriptworkers take work by polling, not by serving, so readiness means nothing to them; their
// image ships an exec health check (DESIGN.md §3: liveness exec /bin/healthcheck). Advisory: a
// missing one is worth fixing but does not put a trust boundary at risk.
import { workloadOf } from "../lib/context";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";

const NAME = "workers-have-liveness-probe";

export const workersHaveLivenessProbe: RelengResourcePolicy = {
  name: NAME,
  description: "Scriptworker pool containers have a liveness probe (the image's exec health check).",
  severity: "low",
  enforcementLevel: "advisory",
  family: "hygiene",
  tags: ["hygiene", "kubernetes", "pools"],
  url: docsUrl(NAME),
  remediationSteps: "Add livenessProbe: {exec: {command: [/bin/healthcheck]}} to the pool's worker container.",
  validateResource: (args, reportViolation) => {
    const view = workloadOf(args);
    if (!view || !view.trust.isPool) return;
    for (const c of view.subject.containers) {
      if (c.init) continue;
      if (!c.container.livenessProbe) reportViolation(`${view.subject.kind} ${view.subject.meta.name} ${c.where}: no livenessProbe`);
    }
  },
};
