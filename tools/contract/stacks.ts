// The workloads this project declares: every stack file in stacks/, planned offline (samples as of
// their own dates, like `npm run plan`), as Kubernetes objects for the contract check.
import { evaluateStack } from "../plan/evaluate";
import { listStacks, rawConfigFromFile, STACKS_DIR } from "../../stacks/stackFile";
import type { KubeObject } from "./check";

export interface DeclaredStack {
  stack: string;
  objects: KubeObject[];
  /** A config or program error that kept the stack from planning. */
  error?: string;
}

export async function declaredStacks(today: string, options: { stacksDir?: string; only?: readonly string[] } = {}): Promise<DeclaredStack[]> {
  const stacksDir = options.stacksDir ?? STACKS_DIR;
  const out: DeclaredStack[] = [];
  for (const stack of listStacks(stacksDir).filter((s) => !options.only || options.only.includes(s))) {
    const plan = await evaluateStack(rawConfigFromFile(stack, { stacksDir }), { today });
    const error = plan.configError?.message ?? plan.programError;
    out.push({ stack, objects: plan.kubeObjects.map((k) => k.object as KubeObject), ...(error ? { error } : {}) });
  }
  return out;
}
