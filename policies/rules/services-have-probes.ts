// A long-running service without probes gets traffic before it is ready and is never restarted when
// it hangs (library services expose /__lbheartbeat__ for liveness and /__heartbeat__ for readiness).
import { LONG_RUNNING_KINDS } from "../lib/k8s";
import { workloadOf } from "../lib/context";
import { workloadView } from "../lib/hygiene";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";

export function hasPorts(container: Record<string, unknown>): boolean {
  return Array.isArray(container.ports) && container.ports.length > 0;
}

const NAME = "services-have-probes";

export const servicesHaveProbes: RelengResourcePolicy = {
  name: NAME,
  description: "Long-running services (Deployments, StatefulSets, DaemonSets) have readiness and liveness probes on every container that serves a port.",
  severity: "medium",
  enforcementLevel: "advisory",
  family: "hygiene",
  tags: ["hygiene", "kubernetes", "reliability"],
  url: docsUrl(NAME),
  remediationSteps: "Add readinessProbe and livenessProbe (HTTP /__heartbeat__ and /__lbheartbeat__ for the library services, tcpSocket otherwise).",
  validateResource: (args, reportViolation) => {
    const w = workloadView(args);
    if (!w || !(LONG_RUNNING_KINDS as readonly string[]).includes(w.kind)) return;
    if (workloadOf(args)?.trust.isPool) return; // scriptworkers: workers-have-liveness-probe
    for (const c of w.containers) {
      // A container without ports serves nothing (a polling worker such as the Balrog agent):
      // readiness means nothing to it; workers-have-liveness-probe covers it.
      if (c.init || !hasPorts(c.container)) continue;
      const missing = (["readinessProbe", "livenessProbe"] as const).filter((p) => !c.container[p]);
      if (missing.length > 0) reportViolation(`${w.label} ${c.where}: no ${missing.join(" or ")}`);
    }
  },
};
