// Evaluates one stack offline: config → program under mocks → recorded resources → schema check.
import * as pulumi from "@pulumi/pulumi";
import { validateKubeObject, type SchemaError } from "../../components/k8s/validate";
import { declareStack } from "../../program/declareStack";
import { isConfigError, type ConfigProblem } from "../../stacks/errors";
import { NAMESPACE, parseStackConfig, type RawStackConfig, type StackConfig } from "../../stacks/load";
import { DEFAULT_CALLS } from "./calls";
import { installRecordingMocks, settle, unwrapSecrets, type CallHandler, type RecordedResource } from "./mocks";

export interface StackPlan {
  stack: string;
  file: string;
  config?: StackConfig;
  configError?: { message: string; problems: readonly ConfigProblem[] };
  resources: RecordedResource[];
  /** Kubernetes objects (inputs, secrets unwrapped to placeholders) in declaration order. */
  kubeObjects: KubeResource[];
  schemaErrors: SchemaError[];
  outputs: Record<string, unknown>;
  /** An unexpected program failure (a bug, not a config mistake). */
  programError?: string;
}

export interface KubeResource {
  resource: RecordedResource;
  object: Record<string, unknown>;
}

export function isKubernetesObjectType(type: string): boolean {
  return type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm") && !type.startsWith("kubernetes:yaml") && type !== "pulumi:providers:kubernetes";
}

/** The engine's view of config: namespaced keys, every value a string (objects as JSON). */
export function engineConfig(raw: RawStackConfig): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.values)) config[`${NAMESPACE}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  return { config, secretKeys: raw.secretKeys.map((k) => `${NAMESPACE}:${k}`) };
}

export interface EvaluateOptions {
  today: string;
  /** Extra mocked invokes (e.g. StackReference or docker image lookups). */
  calls?: CallHandler[];
}

export async function evaluateStack(raw: RawStackConfig, options: EvaluateOptions): Promise<StackPlan> {
  const plan: StackPlan = { stack: raw.stack, file: raw.file, resources: [], kubeObjects: [], schemaErrors: [], outputs: {} };
  let config: StackConfig;
  try {
    config = parseStackConfig(raw, { today: options.today });
  } catch (e) {
    if (isConfigError(e)) {
      plan.configError = { message: e.message, problems: e.problems };
      return plan;
    }
    throw e;
  }
  plan.config = config;
  const { config: engine, secretKeys } = engineConfig(raw);
  const monitor = installRecordingMocks(raw.stack, engine, secretKeys, [...(options.calls ?? []), ...DEFAULT_CALLS]);
  try {
    const outputs = declareStack(config);
    plan.outputs = await new Promise<Record<string, unknown>>((resolve) => pulumi.output(outputs).apply((v) => resolve(v as Record<string, unknown>)));
    await settle();
  } catch (e) {
    if (isConfigError(e)) {
      plan.configError = { message: e.message, problems: e.problems };
      return plan;
    }
    plan.programError = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  plan.resources = monitor.recorded;
  for (const resource of plan.resources) {
    if (!resource.custom || !isKubernetesObjectType(resource.type)) continue;
    const object = unwrapSecrets(resource.inputs) as Record<string, unknown>;
    plan.kubeObjects.push({ resource, object });
    plan.schemaErrors.push(...validateKubeObject(object));
  }
  return plan;
}
