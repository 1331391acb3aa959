// The plan/policy status of one stack, as `checkout` prints it (and refuses to write on failure).
//
// Today this is the offline plan's verdict (tools/plan: config valid, program evaluated under mocks,
// every Kubernetes object schema-valid). The CrossGuard pack (policies/, issue 7) lands separately:
// its results belong here, in this one function, so every command that shows a status picks them up.
import type { RawStackConfig } from "../stacks/load";
import { evaluateStack } from "../tools/plan/evaluate";
import { planFailed } from "../tools/plan/main";
import { countsByType } from "../tools/plan/write";

export interface StackStatus {
  ok: boolean;
  /** Human-readable lines, already indented for printing under a heading. */
  lines: string[];
}

export async function stackStatus(raw: RawStackConfig, today: string): Promise<StackStatus> {
  const plan = await evaluateStack(raw, { today });
  const lines: string[] = [];
  if (plan.configError) {
    lines.push("config:  ✗ invalid", ...plan.configError.message.split("\n").map((l) => `  ${l}`));
  } else {
    lines.push("config:  ✓ valid (stacks/schema)");
  }
  if (plan.programError) lines.push(`plan:    ✗ program error (a bug, please report): ${plan.programError.split("\n")[0]}`);
  else if (!plan.configError) {
    const kinds = Object.keys(countsByType(plan)).length;
    lines.push(`plan:    ${plan.schemaErrors.length === 0 ? "✓" : "✗"} offline plan: ${plan.resources.length} resources of ${kinds} types, ${plan.kubeObjects.length} Kubernetes objects, ${plan.schemaErrors.length} schema errors`);
    for (const e of plan.schemaErrors) lines.push(`         ✗ schema: ${e.object}: ${e.message}`);
  }
  lines.push("policy:  – the CrossGuard pack runs with `pulumi preview --policy-pack policies` (and on every pull request)");
  return { ok: !planFailed(plan), lines };
}
