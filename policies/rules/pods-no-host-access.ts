// A pod that shares the node's namespaces or file system escapes its namespace's guardrails.
import { workloadView } from "../lib/hygiene";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";

const NAME = "pods-no-host-access";

export const podsNoHostAccess: RelengResourcePolicy = {
  name: NAME,
  description: "No pod uses hostPath volumes, hostNetwork, hostPID, hostIPC or host ports.",
  severity: "high",
  enforcementLevel: "mandatory",
  family: "hygiene",
  tags: ["hygiene", "kubernetes", "pod-security"],
  url: docsUrl(NAME),
  remediationSteps: "Use emptyDir, ConfigMap, Secret or PersistentVolumeClaim volumes instead of hostPath, and remove hostNetwork/hostPID/hostIPC/hostPort.",
  validateResource: (args, reportViolation) => {
    const w = workloadView(args);
    if (!w) return;
    for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) if (w.podSpec[field] === true) reportViolation(`${w.label}: ${field} is true`);
    for (const v of Array.isArray(w.podSpec.volumes) ? w.podSpec.volumes : []) if (v?.hostPath) reportViolation(`${w.label}: volume ${v.name ?? "?"} is a hostPath (${v.hostPath.path ?? "?"})`);
    for (const c of w.containers) for (const p of Array.isArray(c.container.ports) ? c.container.ports : []) if (p?.hostPort) reportViolation(`${w.label} ${c.where}: uses hostPort ${p.hostPort}`);
  },
};
