// Writes a stack plan to out/<stack>/: manifests.yaml (apply order) and resources.json.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { redactSecrets } from "./mocks";
import type { StackPlan } from "./evaluate";

/** The order `kubectl apply` needs: namespaces and guardrails first, workloads last. */
export const APPLY_ORDER = [
  "Namespace",
  "ResourceQuota",
  "LimitRange",
  "NetworkPolicy",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ConfigMap",
  "Secret",
  "PersistentVolumeClaim",
  "Service",
  "StatefulSet",
  "Deployment",
  "Job",
  "CronJob",
  "PodDisruptionBudget",
  "Ingress",
];

export function orderedManifests(plan: StackPlan): Record<string, unknown>[] {
  const rank = (kind: unknown) => {
    const i = APPLY_ORDER.indexOf(String(kind));
    return i === -1 ? APPLY_ORDER.length : i;
  };
  return plan.kubeObjects
    .map((k, i) => ({ i, object: redactSecrets(k.resource.inputs) as Record<string, unknown> }))
    .sort((a, b) => rank(a.object.kind) - rank(b.object.kind) || a.i - b.i)
    .map((x) => x.object);
}

export function resourcesJson(plan: StackPlan) {
  return plan.resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    parent: r.parent || null,
    provider: r.provider || null,
    options: r.options,
    inputs: redactSecrets(r.inputs),
  }));
}

export function countsByType(plan: StackPlan): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of plan.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export function writeStackPlan(plan: StackPlan, outDir: string): string {
  const dir = path.join(outDir, plan.stack);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // YAML 1.1 output quotes date-like strings (labels such as due dates), as kubectl's parser needs.
  const docs = orderedManifests(plan).map((o) => YAML.stringify(o, { lineWidth: 0, version: "1.1" }));
  fs.writeFileSync(path.join(dir, "manifests.yaml"), docs.join("---\n"));
  fs.writeFileSync(path.join(dir, "resources.json"), JSON.stringify(resourcesJson(plan), null, 2) + "\n");
  const outputs = Object.fromEntries(Object.entries(plan.outputs).map(([k, v]) => [k, plan.secretOutputNames?.includes(k) ? "[secret]" : v]));
  fs.writeFileSync(path.join(dir, "outputs.json"), JSON.stringify(redactSecrets(outputs), null, 2) + "\n");
  if (plan.outputs.stagingRelease) fs.writeFileSync(path.join(dir, "staging-release.yaml"), YAML.stringify(redactSecrets(plan.outputs.stagingRelease), { lineWidth: 0 }));
  return dir;
}
