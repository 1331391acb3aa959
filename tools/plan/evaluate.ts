// Evaluates one stack offline: config → program under mocks → recorded resources → schema check.
// First: the SDK then starts without the TypeScript compiler and Arborist (tools/deferClosureDeps.ts).
import "../deferClosureDeps";
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { validateKubeObject, type SchemaError } from "../../components/k8s/validate";
import { declareStack } from "../../program/declareStack";
import { configErrorOf, isConfigError } from "../../stacks/errors";
import type { ConfigProblem } from "../../domain/problems";
import { NAMESPACE, parseStackConfig, type RawStackConfig, type StackConfig } from "../../stacks/load";
import { rawConfigFromFile, stackFilePath } from "../../stacks/stackFile";
import { DEFAULT_CALLS } from "./calls";
import { installRecordingMocks, settle, unwrapSecrets, type CallHandler, type MockStackOutputs, type RecordedResource } from "./mocks";

/** pulumi.Resource with the static method that takes each resource's stack trace (not in the SDK's types). */
const ResourceWithTraces = pulumi.Resource as unknown as { stackTrace(skip: number): unknown[] };

export interface StackPlan {
  stack: string;
  file: string;
  config?: StackConfig;
  configError?: { message: string; problems: readonly ConfigProblem[] };
  resources: RecordedResource[];
  /** Kubernetes objects (inputs, secrets unwrapped to placeholders) in registration order: each after what it depends on. */
  kubeObjects: KubeResource[];
  schemaErrors: SchemaError[];
  outputs: Record<string, unknown>;
  /** Names of the outputs the program marked secret (their values stay in `outputs`, redacted in files). */
  secretOutputNames?: string[];
  /** An unexpected program failure (a bug, not a config mistake). */
  programError?: string;
  /** A fault of the machine while reading the stack file or writing its output (disk full, read-only). */
  writeError?: string;
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
  /** Outputs of the stacks a StackReference may read (e.g. the platform stack of a gke target), by stack name. */
  stackOutputs?: Record<string, MockStackOutputs>;
  /** Keep stack traces while the program runs (set on the re-run of a stack whose program failed). */
  stackTraces?: boolean;
}

/**
 * The outputs a stack on the gke target reads through its StackReference: the given ones, or else
 * those of the referenced platform stack in stacks/, planned offline first (as it would be deployed first).
 */
async function withPlatformOutputs(config: StackConfig, options: EvaluateOptions): Promise<Record<string, MockStackOutputs> | undefined> {
  const target = (config as { kubernetes?: { target: string; platformStack?: string } }).kubernetes;
  if (target?.target !== "gke" || !target.platformStack) return options.stackOutputs;
  const stack = target.platformStack.split("/").at(-1)!;
  if (options.stackOutputs?.[target.platformStack] || options.stackOutputs?.[stack] || !fs.existsSync(stackFilePath(stack))) return options.stackOutputs;
  const platform = await evaluateStack(rawConfigFromFile(stack), { today: options.today });
  if (platform.configError || platform.programError) return options.stackOutputs;
  return { ...options.stackOutputs, [stack]: { outputs: platform.outputs, secretOutputNames: platform.secretOutputNames } };
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
  const stackOutputs = await withPlatformOutputs(config, options);
  const { config: engine, secretKeys } = engineConfig(raw);
  const monitor = installRecordingMocks(raw.stack, engine, secretKeys, [...(options.calls ?? []), ...DEFAULT_CALLS], stackOutputs);
  // An error thrown inside an apply (e.g. a RunError from a StackReference check) fails the
  // deployment in the engine; here it surfaces as an unhandled rejection, recorded for this stack.
  const deferred: unknown[] = [];
  let failed: () => void = () => undefined;
  const failure = new Promise<void>((resolve) => (failed = resolve));
  const onRejection = (e: unknown) => {
    deferred.push(e);
    failed();
  };
  process.on("unhandledRejection", onRejection);
  // Keeps the process alive while waiting: a failed registration leaves nothing else scheduled.
  const keepAlive = setInterval(() => undefined, 1000);
  // The SDK records a stack trace on every promise it makes (runtime/debuggable.js, for its leak
  // report), about half of a stack's cost under mocks. Off while the program runs; a stack whose
  // program fails is evaluated again with traces, so a bug report still shows where (below).
  const stackTraceLimit = Error.stackTraceLimit;
  if (!options.stackTraces) Error.stackTraceLimit = 0;
  // Likewise the source position of every resource (Resource.stackTrace: a full stack trace taken and
  // parsed per resource), which only the engine's display reads.
  const resourceStackTrace = ResourceWithTraces.stackTrace;
  if (!options.stackTraces) ResourceWithTraces.stackTrace = () => [];
  try {
    const outputs = declareStack(config, { deploying: false });
    // Outputs never resolve when a resource failed: stop waiting once something was rejected.
    plan.outputs = await Promise.race([
      new Promise<Record<string, unknown>>((resolve) => pulumi.output(outputs).apply((v) => resolve(v as Record<string, unknown>))),
      failure.then(() => ({})),
    ]);
    if (deferred.length === 0) plan.secretOutputNames = await secretOutputNames(outputs);
    // After a failure, registrations waiting on the failed resource never finish: give up on them
    // (installing the next stack's mocks resets the runtime).
    await Promise.race([settle(), failure.then(() => new Promise((r) => setTimeout(r, 500)))]);
  } catch (e) {
    if (isConfigError(e)) {
      plan.configError = { message: e.message, problems: e.problems };
      // Whatever was registered before the error: a config problem must be found before anything is.
      await Promise.race([settle(), new Promise((r) => setTimeout(r, 500))]);
      plan.resources = monitor.recorded;
      return plan;
    }
    plan.programError = e instanceof Error ? (e.stack ?? e.message) : String(e);
    // Let what was already registered drain before the next stack installs its mocks.
    await Promise.race([settle(), new Promise((r) => setTimeout(r, 500))]);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    ResourceWithTraces.stackTrace = resourceStackTrace;
    clearInterval(keepAlive);
    process.off("unhandledRejection", onRejection);
  }
  if (!plan.programError && deferred.length > 0) {
    const e = deferred[0];
    // A config mistake only visible in the referenced stack's outputs (e.g. a platform that does not host this stack).
    const configError = configErrorOf(e);
    if (configError) {
      plan.configError = { message: configError.message, problems: configError.problems };
      plan.resources = monitor.recorded;
      return plan;
    }
    plan.programError = pulumi.RunError.isInstance(e as Error) ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  if (plan.programError && !options.stackTraces) return evaluateStack(raw, { ...options, stackTraces: true });
  plan.resources = monitor.recorded;
  for (const resource of plan.resources) {
    if (!resource.custom || !isKubernetesObjectType(resource.type)) continue;
    const object = unwrapSecrets(resource.inputs) as Record<string, unknown>;
    plan.kubeObjects.push({ resource, object });
    plan.schemaErrors.push(...validateKubeObject(object));
  }
  return plan;
}

/** Which top-level outputs are secret Outputs (what `pulumi stack output` would show as [secret]). */
async function secretOutputNames(outputs: Record<string, unknown>): Promise<string[]> {
  const names: string[] = [];
  for (const [k, v] of Object.entries(outputs)) {
    if (pulumi.Output.isInstance(v) && (await (v as unknown as { isSecret: Promise<boolean> }).isSecret)) names.push(k);
  }
  return names;
}
