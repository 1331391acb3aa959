// Pod Security `restricted`: drop ALL capabilities; only NET_BIND_SERVICE may be added back.
import { workloadView } from "../lib/hygiene";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";

const NAME = "containers-drop-all-capabilities";

export const containersDropAllCapabilities: RelengResourcePolicy = {
  name: NAME,
  description: "Every container drops ALL Linux capabilities and adds none back but NET_BIND_SERVICE.",
  severity: "high",
  enforcementLevel: "mandatory",
  family: "hygiene",
  tags: ["hygiene", "kubernetes", "pod-security"],
  url: docsUrl(NAME),
  remediationSteps: "Set securityContext.capabilities.drop: [ALL] (restrictedContainerSecurityContext() does) and remove capabilities.add.",
  validateResource: (args, reportViolation) => {
    const w = workloadView(args);
    if (!w) return;
    for (const c of w.containers) {
      const caps = c.container.securityContext?.capabilities ?? {};
      const drop: unknown[] = Array.isArray(caps.drop) ? caps.drop : [];
      if (!drop.some((d) => String(d).toUpperCase() === "ALL")) reportViolation(`${w.label} ${c.where}: capabilities.drop does not include ALL`);
      const added = (Array.isArray(caps.add) ? caps.add : []).map((a: unknown) => String(a).toUpperCase().replace(/^CAP_/, "")).filter((a: string) => a !== "NET_BIND_SERVICE");
      if (added.length > 0) reportViolation(`${w.label} ${c.where}: adds capabilities ${added.join(", ")}`);
    }
  },
};
