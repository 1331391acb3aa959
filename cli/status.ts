// The plan/policy status of one stack, as `checkout` prints it (and refuses to write on failure).
//
// The offline plan's verdict (tools/plan: config valid, program evaluated under mocks, every
// Kubernetes object schema-valid), then the CrossGuard pack's over the analyzer protocol, exactly as
// `npm run plan` runs them. Every command that shows a status goes through this one function.
import type { RawStackConfig } from "../stacks/load";
import { mandatoryFindings } from "../tools/plan/policyRun";
import type { PolicyRunner } from "./context";
import { evaluateStack } from "../tools/plan/evaluate";
import { planFailed } from "../tools/plan/planStack";
import { countsByType } from "../tools/plan/write";

export interface StackStatus {
  ok: boolean;
  /** Human-readable lines, already indented for printing under a heading. */
  lines: string[];
}

export async function stackStatus(raw: RawStackConfig, today: string, policies: PolicyRunner = false): Promise<StackStatus> {
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
  if (!policies || planFailed(plan)) {
    lines.push("policy:  – not run here; the CrossGuard pack runs with `pulumi preview --policy-pack policies` and on every pull request");
    return { ok: !planFailed(plan), lines };
  }
  let policyOk = false;
  try {
    const result = await policies([plan], today);
    const mandatory = mandatoryFindings(result);
    const findings = result.stacks.flatMap((s) => s.findings);
    const advisory = findings.length - mandatory.length;
    policyOk = mandatory.length === 0;
    lines.push(`policy:  ${policyOk ? "✓" : "✗"} ${result.pack.name}@${result.pack.version}: ${mandatory.length} mandatory, ${advisory} advisory violation(s)`);
    for (const f of findings) lines.push(`         ${f.enforcementLevel === "advisory" ? "!" : "✗"} ${f.enforcementLevel} ${f.policy}: ${f.message}`);
  } catch (e) {
    lines.push(`policy:  ✗ the policy pack could not run: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  return { ok: policyOk, lines };
}
