// The plan's policy step: read --policy-config, run the pack once over every planned stack, write
// out/report.{md,json,sarif}, print the summary. Mandatory violations fail the plan.
import * as path from "node:path";
import type { StackPlan } from "./evaluate";
import { PolicyConfigError, readPolicyConfig } from "./policyConfig";
import { policySummary, writePolicyReports } from "./policyReport";
import { mandatoryFindings, runPolicies, type PolicyRunResult } from "./policyRun";
import type { PolicyPackProcess } from "./policyPack";

export interface PolicyStepOptions {
  today: string;
  outDir: string;
  policyConfig?: string;
  pack?: PolicyPackProcess;
}

export async function policyStep(plans: readonly StackPlan[], opts: PolicyStepOptions, log: (line: string) => void): Promise<{ ok: boolean; result?: PolicyRunResult }> {
  let given;
  try {
    given = opts.policyConfig ? readPolicyConfig(opts.policyConfig) : {};
    const result = await runPolicies(plans, { today: opts.today, given, configFile: opts.policyConfig, pack: opts.pack });
    policySummary(result).forEach((l) => log(l));
    const files = writePolicyReports(result, opts.outDir);
    log(`Policy reports: ${files.map((f) => path.relative(process.cwd(), f) || f).join(", ")}`);
    return { ok: mandatoryFindings(result).length === 0, result };
  } catch (e) {
    log(e instanceof PolicyConfigError ? `POLICY CONFIG ERROR: ${e.message}` : `POLICY PACK ERROR: ${e instanceof Error ? e.message : String(e)}`);
    return { ok: false };
  }
}
