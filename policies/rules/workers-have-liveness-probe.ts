// Scriptworkers take work by polling, not by serving, so readiness means nothing to them; their
// image ships an exec health check (DESIGN.md §3: liveness exec /bin/healthcheck). Advisory: a
// missing one is worth fixing but does not put a trust boundary at risk.
import { workloadOf } from "../lib/context";
import { workloadView } from "../lib/hygiene";
import { LONG_RUNNING_KINDS } from "../lib/k8s";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";
import { hasPorts } from "./services-have-probes";

const NAME = "workers-have-liveness-probe";

export const workersHaveLivenessProbe: RelengResourcePolicy = {
  name: NAME,
  description: "Workers (scriptworker pool containers, and long-running containers that serve no port) have a liveness probe.",
  severity: "low",
  enforcementLevel: "advisory",
  family: "hygiene",
  tags: ["hygiene", "kubernetes", "pools"],
  url: docsUrl(NAME),
  remediationSteps: "Add a livenessProbe: scriptworkers {exec: {command: [/bin/healthcheck]}}; other workers an exec or HTTP check their image supports.",
  validateResource: (args, reportViolation) => {
    const view = workloadOf(args);
    if (view?.trust.isPool) {
      for (const c of view.subject.containers) {
        if (c.init) continue;
        if (!c.container.livenessProbe) reportViolation(`${view.subject.kind} ${view.subject.meta.name} ${c.where}: no livenessProbe`);
      }
      return;
    }
    // Outside pools: long-running containers that serve no port are workers too (services-have-probes skips them).
    const w = workloadView(args);
    if (!w || !(LONG_RUNNING_KINDS as readonly string[]).includes(w.kind)) return;
    for (const c of w.containers) {
      if (c.init || hasPorts(c.container)) continue;
      if (!c.container.livenessProbe) reportViolation(`${w.label} ${c.where}: no livenessProbe`);
    }
  },
};
