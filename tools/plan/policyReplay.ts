// Recorded stacks: `<stack>.resources.yaml` (or .json) files holding resources as the plan records
// them (type, name, inputs; urn, parent and options optional). They let the plan analyze objects
// the program cannot produce today — violating fixtures for the policy tests, or pools stacks
// recorded elsewhere — through exactly the same pack and reports.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { validateKubeObject } from "../../components/k8s/validate";
import { PROJECT_ROOT } from "../../stacks/stackFile";
import { isKubernetesObjectType, type StackPlan } from "./evaluate";
import type { RecordedResource } from "./mocks";
import { PROJECT } from "./policyRun";

const RECORDED = /^(.+)\.resources\.(ya?ml|json)$/;

export function listRecordedStacks(dir: string): { stack: string; file: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((f) => ({ m: RECORDED.exec(f), f }))
    .filter((x) => !!x.m)
    .map((x) => ({ stack: x.m![1], file: path.join(dir, x.f) }))
    .sort((a, b) => a.stack.localeCompare(b.stack));
}

interface RecordedFile {
  description?: string;
  resources?: Partial<RecordedResource>[];
}

export function loadRecordedStack(stack: string, file: string): StackPlan {
  const rel = path.relative(PROJECT_ROOT, file) || file;
  const data = (file.endsWith(".json") ? JSON.parse(fs.readFileSync(file, "utf8")) : YAML.parse(fs.readFileSync(file, "utf8"))) as RecordedFile | RecordedResource[];
  const list = Array.isArray(data) ? data : (data?.resources ?? []);
  const plan: StackPlan = { stack, file: rel, resources: [], kubeObjects: [], schemaErrors: [], outputs: {} };
  list.forEach((r, i) => {
    if (!r?.type || !r?.name) {
      plan.programError = `${rel}: resources[${i}] needs a type and a name`;
      return;
    }
    const resource: RecordedResource = {
      urn: r.urn ?? `urn:pulumi:${stack}::${PROJECT}::${r.type}::${r.name}`,
      type: r.type,
      name: r.name,
      custom: r.custom ?? true,
      parent: r.parent ?? "",
      provider: r.provider ?? "",
      dependsOn: r.dependsOn ?? [],
      options: { deleteBeforeReplace: false, ignoreChanges: [], protect: false, ...(r.options ?? {}) },
      inputs: (r.inputs ?? {}) as Record<string, unknown>,
    };
    plan.resources.push(resource);
    if (isKubernetesObjectType(resource.type)) {
      plan.kubeObjects.push({ resource, object: resource.inputs });
      plan.schemaErrors.push(...validateKubeObject(resource.inputs));
    }
  });
  return plan;
}
