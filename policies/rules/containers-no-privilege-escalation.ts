// No container gains more privileges than it started with (setuid binaries, privileged mode).
import { workloadView } from "../lib/hygiene";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";

const NAME = "containers-no-privilege-escalation";

export const containersNoPrivilegeEscalation: RelengResourcePolicy = {
  name: NAME,
  description: "Every container sets allowPrivilegeEscalation: false and is not privileged.",
  severity: "high",
  enforcementLevel: "mandatory",
  family: "hygiene",
  tags: ["hygiene", "kubernetes", "pod-security"],
  url: docsUrl(NAME),
  remediationSteps: "Use restrictedContainerSecurityContext() (components/k8s/security.ts): allowPrivilegeEscalation: false, privileged: false.",
  validateResource: (args, reportViolation) => {
    const w = workloadView(args);
    if (!w) return;
    for (const c of w.containers) {
      const sc = c.container.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) reportViolation(`${w.label} ${c.where}: allowPrivilegeEscalation is not false`);
      if (sc.privileged === true) reportViolation(`${w.label} ${c.where}: runs privileged`);
    }
  },
};
