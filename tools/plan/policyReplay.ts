// Recorded stacks: `<stack>.resources.yaml` (or .json) files holding resources as the plan records
// them (type, name, inputs; urn, parent and options optional). They let the plan analyze objects
// the program cannot produce today — violating fixtures for the policy tests, or pools stacks
// recorded elsewhere — through exactly the same pack and reports.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { validateKubeObject } from "../../components/k8s/validate";
import { ConfigError } from "../../stacks/errors";
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

/** The recording's data, or a ConfigError naming the file (its parser's message may quote it: not shown). */
function readRecording(stack: string, file: string, rel: string): RecordedFile | RecordedResource[] {
  const text = fs.readFileSync(file, "utf8");
  const bad = (problem: string) => new ConfigError(stack, rel, [{ key: "(the whole file)", problem, fix: "fix the recording (a list of {type, name, inputs}, or {resources: [...]}) or remove it" }]);
  if (file.endsWith(".json")) {
    try {
      return JSON.parse(text) as RecordedFile;
    } catch {
      throw bad("is not valid JSON");
    }
  }
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) throw bad(`is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`);
  try {
    return doc.toJS({ maxAliasCount: 100 }) as RecordedFile;
  } catch {
    throw bad("uses YAML aliases that expand too far");
  }
}

export function loadRecordedStack(stack: string, file: string): StackPlan {
  const rel = path.relative(PROJECT_ROOT, file) || file;
  const data = readRecording(stack, file, rel);
  const list: unknown[] = Array.isArray(data) ? data : data && typeof data === "object" && Array.isArray(data.resources) ? data.resources : [];
  const plan: StackPlan = { stack, file: rel, resources: [], kubeObjects: [], schemaErrors: [], outputs: {} };
  list.forEach((item, i) => {
    const r = (item && typeof item === "object" ? item : {}) as Partial<RecordedResource>;
    if (typeof r.type !== "string" || typeof r.name !== "string" || !r.type || !r.name) {
      throw new ConfigError(stack, rel, [{ key: `resources[${i}]`, problem: "needs a type and a name (text)", fix: "give each recorded resource at least {type, name}, e.g. {type: kubernetes:core/v1:Namespace, name: env-x, inputs: {...}}" }]);
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
