// One stack of the offline plan, from its file (or recording) to its outputs in out/<stack>/.
import * as path from "node:path";
import { ConfigError, isConfigError } from "../../stacks/errors";
import { PROJECT_ROOT, rawConfigFromFile, stackFilePath } from "../../stacks/stackFile";
import { evaluateStack, type StackPlan } from "./evaluate";
import { faultMessage } from "../failure";
import { loadRecordedStack } from "./policyReplay";
import { writeStackError, writeStackPlan } from "./write";

/** What every stack of one plan shares. */
export interface PlanContext {
  stacksDir: string;
  /** The stacks that have a stack file in stacksDir. */
  stackFiles: ReadonlySet<string>;
  /** Recorded stacks (<stack>.resources.yaml) in stacksDir. */
  recorded: readonly { stack: string; file: string }[];
  today: string;
  outDir: string;
}

export function planFailed(plan: StackPlan): boolean {
  return !!plan.configError || !!plan.programError || !!plan.writeError || plan.schemaErrors.length > 0;
}

/** What out/<stack>/ERROR says: why this stack has no plan output. */
function failureText(plan: StackPlan): string {
  const head = `No plan output for ${plan.stack}: the offline plan failed. Details: the plan's log and out/report.md.`;
  if (plan.configError) return `${head}\n\n${plan.configError.message}`;
  if (plan.programError) return `${head}\n\nPROGRAM ERROR (a bug): ${plan.programError.split("\n")[0]}`;
  if (plan.writeError) return `${head}\n\n${plan.writeError}`;
  return `${head}\n\n${plan.schemaErrors.map((e) => `schema: ${e.object}: ${e.message}`).join("\n")}`;
}

function configFailure(plan: StackPlan, e: ConfigError): StackPlan {
  return { ...plan, file: e.file, configError: { message: e.message, problems: e.problems } };
}

/** One stack: its file through the program under mocks, or its recorded resources. Never throws for bad input. */
async function planOne(stack: string, { stacksDir, stackFiles, recorded, today }: PlanContext): Promise<StackPlan> {
  const rel = (f: string) => path.relative(PROJECT_ROOT, f) || f;
  const base: StackPlan = { stack, file: rel(stackFilePath(stack, stacksDir)), resources: [], kubeObjects: [], schemaErrors: [], outputs: {} };
  const rec = recorded.find((r) => r.stack === stack);
  if (rec && stackFiles.has(stack)) {
    // A stray recording must never silently stand in for the stack's real plan.
    return configFailure(base, new ConfigError(stack, rel(rec.file), [{ key: "(the whole file)", problem: `is a recorded stack named like the stack file ${base.file}`, fix: `remove or rename one of them: a recording stands in for a stack only when no stack file has its name` }]));
  }
  if (rec) {
    try {
      return loadRecordedStack(stack, rec.file);
    } catch (e) {
      if (isConfigError(e)) return configFailure(base, e);
      throw e;
    }
  }
  if (!stackFiles.has(stack)) {
    return configFailure(base, new ConfigError(stack, base.file, [{ key: "[stack ...]", problem: "has no stack file", fix: `plan one of: ${[...stackFiles].join(", ")}` }]));
  }
  try {
    return await evaluateStack(rawConfigFromFile(stack, { stacksDir }), { today });
  } catch (e) {
    if (isConfigError(e)) return configFailure(base, e);
    if (faultMessage(e)) return { ...base, writeError: faultMessage(e) };
    return { ...base, programError: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

/**
 * Plans one stack and writes its outputs, or out/<stack>/ERROR when it fails (never an earlier, now
 * stale, output). Never throws for bad input; a fault of the machine is the stack's writeError.
 */
export async function planAndWrite(stack: string, context: PlanContext): Promise<StackPlan> {
  const plan = await planOne(stack, context);
  if (!planFailed(plan)) {
    try {
      writeStackPlan(plan, context.outDir);
    } catch (e) {
      const fault = faultMessage(e);
      if (!fault) throw e;
      plan.writeError = `${fault}; out/${stack}/ holds no output of this stack`;
    }
  }
  if (planFailed(plan)) writeStackError(stack, context.outDir, failureText(plan));
  return plan;
}
