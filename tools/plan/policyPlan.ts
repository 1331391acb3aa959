// The plan's policy step: read --policy-config, run the pack once over every planned stack, write
// out/report.{md,json,sarif} (every planned stack, including those that failed before the pack),
// print the summary. The run fails on a mandatory finding in a gating stack, as the reports say.
import * as path from "node:path";
import type { StackPlan } from "./evaluate";
import { PolicyConfigError, readPolicyConfig } from "./policyConfig";
import { runPolicies, type PolicyRunResult } from "./policyRun";
import type { PolicyPackProcess } from "./policyPack";
import { buildReport, policySummary, writeReports, type PlanReport, type Repository } from "./report";

export interface PolicyStepOptions {
  today: string;
  outDir: string;
  policyConfig?: string;
  /** A pack already running or starting (owned by the caller); otherwise one is started and stopped here. */
  pack?: PolicyPackProcess | Promise<PolicyPackProcess>;
  /** Stacks whose findings fail the run (the ones a change touches); all when undefined. */
  gate?: readonly string[];
  repository?: Repository;
}

/** `plans` may come as they are planned (an async iterable): the pack analyzes each as it arrives. */
export async function policyStep(plans: Iterable<StackPlan> | AsyncIterable<StackPlan>, opts: PolicyStepOptions, log: (line: string) => void): Promise<{ ok: boolean; result?: PolicyRunResult; report?: PlanReport }> {
  let given;
  try {
    given = opts.policyConfig ? readPolicyConfig(opts.policyConfig) : {};
    const all: StackPlan[] = [];
    const result = await runPolicies(kept(plans, all), { today: opts.today, given, configFile: opts.policyConfig, pack: opts.pack });
    policySummary(result).forEach((l) => log(l));
    const report = buildReport(all, result, { today: opts.today, gate: opts.gate, repository: opts.repository });
    const files = writeReports(report, opts.outDir);
    log(`Policy reports: ${files.map((f) => path.relative(process.cwd(), f) || f).join(", ")}`);
    return { ok: report.ok, result, report };
  } catch (e) {
    log(e instanceof PolicyConfigError ? `POLICY CONFIG ERROR: ${e.message}` : `POLICY PACK ERROR: ${e instanceof Error ? e.message : String(e)}`);
    return { ok: false };
  }
}

/** Every plan, kept in `into` as it passes (the reports cover all of them, analyzed or not). */
async function* kept(plans: Iterable<StackPlan> | AsyncIterable<StackPlan>, into: StackPlan[]): AsyncGenerator<StackPlan> {
  for await (const plan of plans) {
    into.push(plan);
    yield plan;
  }
}
