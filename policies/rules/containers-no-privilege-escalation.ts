// No container gains more privileges than it started with (setuid binaries, privileged mode).
// Remediated: allowPrivilegeEscalation: false is what Pod Security `restricted` demands anyway, so
// `pulumi up` with the pack sets it where a container leaves it unset or true. A privileged
// container is not remediated (privileged implies escalation; turning it off changes what the
// workload can do): it stays a violation, reported mandatory after the remediation.
import { workloadView } from "../lib/hygiene";
import { podSpecOf, kubeKind } from "../lib/k8s";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";

const NAME = "containers-no-privilege-escalation";

export const containersNoPrivilegeEscalation: RelengResourcePolicy = {
  name: NAME,
  description: "Every container sets allowPrivilegeEscalation: false and is not privileged.",
  severity: "high",
  enforcementLevel: "remediate",
  family: "hygiene",
  tags: ["hygiene", "kubernetes", "pod-security"],
  url: docsUrl(NAME),
  remediationSteps:
    "Use restrictedContainerSecurityContext() (components/k8s/security.ts): allowPrivilegeEscalation: false, privileged: false. " +
    "pulumi up with the pack sets allowPrivilegeEscalation: false itself; a privileged container must be changed by hand.",
  validateResource: (args, reportViolation) => {
    const w = workloadView(args);
    if (!w) return;
    for (const c of w.containers) {
      const sc = c.container.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) reportViolation(`${w.label} ${c.where}: allowPrivilegeEscalation is not false`);
      if (sc.privileged === true) reportViolation(`${w.label} ${c.where}: runs privileged`);
    }
  },
  remediateResource: (args) => {
    const props = JSON.parse(JSON.stringify(args.props ?? {})) as Record<string, any>;
    const podSpec = podSpecOf(kubeKind(args.type), props);
    if (!podSpec) return undefined;
    let changed = false;
    for (const list of ["initContainers", "containers", "ephemeralContainers"] as const) {
      for (const c of Array.isArray(podSpec[list]) ? podSpec[list] : []) {
        if (!c || typeof c !== "object") continue;
        const sc = c.securityContext && typeof c.securityContext === "object" ? c.securityContext : {};
        if (sc.privileged === true || sc.allowPrivilegeEscalation === false) continue;
        c.securityContext = { ...sc, allowPrivilegeEscalation: false };
        changed = true;
      }
    }
    return changed ? props : undefined;
  },
};
