// Runs the program for a raw config under recording mocks (the same path as `npm run plan`).
import { evaluateStack, type StackPlan } from "../tools/plan/evaluate";
import type { RawStackConfig } from "../stacks/load";
import { TODAY } from "./helpers";

export async function planOf(raw: RawStackConfig, today = TODAY): Promise<StackPlan> {
  const plan = await evaluateStack(raw, { today });
  if (plan.configError) throw new Error(plan.configError.message);
  if (plan.programError) throw new Error(plan.programError);
  return plan;
}

/** The Kubernetes object of `kind` named `name` (secrets unwrapped to placeholders). */
export function kubeObject(plan: StackPlan, kind: string, name: string): any {
  const found = plan.kubeObjects.find((k) => k.object.kind === kind && (k.object.metadata as { name?: string })?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in plan; have: ${plan.kubeObjects.map((k) => `${k.object.kind}/${(k.object.metadata as { name?: string })?.name}`).join(", ")}`);
  return found.object;
}

export function kubeObjectsOfKind(plan: StackPlan, kind: string): any[] {
  return plan.kubeObjects.filter((k) => k.object.kind === kind).map((k) => k.object);
}
