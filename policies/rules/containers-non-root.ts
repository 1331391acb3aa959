// Namespaces enforce Pod Security `restricted`; failing here names the container before the API
// server rejects the pod at apply time.
import { workloadView } from "../lib/hygiene";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";

const NAME = "containers-non-root";

export const containersNonRoot: RelengResourcePolicy = {
  name: NAME,
  description: "Every container runs as non-root (runAsNonRoot true, runAsUser not 0), from its own or the pod's securityContext.",
  severity: "high",
  enforcementLevel: "mandatory",
  family: "hygiene",
  tags: ["hygiene", "kubernetes", "pod-security"],
  url: docsUrl(NAME),
  remediationSteps: "Use restrictedPodSecurityContext(uid) (components/k8s/security.ts): runAsNonRoot: true and the image's non-root uid.",
  validateResource: (args, reportViolation) => {
    const w = workloadView(args);
    if (!w) return;
    const pod = w.podSpec.securityContext ?? {};
    for (const c of w.containers) {
      const sc = c.container.securityContext ?? {};
      const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
      const uid = sc.runAsUser ?? pod.runAsUser;
      if (nonRoot !== true) reportViolation(`${w.label} ${c.where}: runAsNonRoot is not true`);
      if (uid === 0 || uid === "0") reportViolation(`${w.label} ${c.where}: runAsUser is 0 (root)`);
    }
  },
};
