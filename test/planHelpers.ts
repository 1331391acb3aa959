// Runs the program for a raw config under recording mocks (the same path as `npm run plan`).
import { evaluateStack, type StackPlan } from "../tools/plan/evaluate";
import type { RawStackConfig } from "../stacks/load";
import { TODAY } from "./helpers";

async function evaluated(raw: RawStackConfig, today: string): Promise<StackPlan> {
  const plan = await evaluateStack(raw, { today });
  if (plan.configError) throw new Error(plan.configError.message);
  if (plan.programError) throw new Error(plan.programError);
  return plan;
}

/** Plans already made in this test file (each file has its own module state), by input. */
const plans = new Map<string, Promise<StackPlan>>();

/**
 * The plan of `raw` as of `today`. The program is deterministic in its input, so a file that plans the
 * same config in several tests plans it once (0.3–1 s each); every caller gets its own deep copy, so a
 * test that edits its plan never changes another's. A failed plan is not kept: it fails every time.
 */
export async function planOf(raw: RawStackConfig, today = TODAY): Promise<StackPlan> {
  const key = JSON.stringify([raw, today]);
  let plan = plans.get(key);
  if (!plan) {
    plan = evaluated(raw, today);
    plans.set(key, plan);
    plan.catch(() => plans.delete(key));
  }
  return structuredClone(await plan);
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
