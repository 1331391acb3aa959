// Every container states what it needs and what it may take: the scheduler and the namespace quota
// depend on it, and one runaway pod must not starve an environment or a pool.
import { workloadView } from "../lib/hygiene";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";

const NAME = "containers-resources";

export const containersResources: RelengResourcePolicy = {
  name: NAME,
  description: "Every container declares CPU and memory requests and limits.",
  severity: "medium",
  enforcementLevel: "mandatory",
  family: "hygiene",
  tags: ["hygiene", "kubernetes"],
  url: docsUrl(NAME),
  remediationSteps: "Set resources.requests.{cpu,memory} and resources.limits.{cpu,memory} on the container in its builder.",
  validateResource: (args, reportViolation) => {
    const w = workloadView(args);
    if (!w) return;
    for (const c of w.containers) {
      if (c.where.startsWith("ephemeralContainers")) continue; // the API forbids resources there
      const r = c.container.resources ?? {};
      const missing = (["requests", "limits"] as const).flatMap((k) => (["cpu", "memory"] as const).filter((q) => r[k]?.[q] === undefined || r[k]?.[q] === null || r[k]?.[q] === "").map((q) => `${k}.${q}`));
      if (missing.length > 0) reportViolation(`${w.label} ${c.where}: missing resources ${missing.join(", ")}`);
    }
  },
};
