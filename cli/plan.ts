// `releng-envs plan`: the offline plan (tools/plan/main.ts, `npm run plan`), same options and output.
import { Command } from "commander";
import { parseArgs, runPlan, type PlanArgs } from "../tools/plan/main";
import type { CliContext } from "./context";
import { CliError } from "./errors";

export interface PlanOptions {
  today?: string;
  out?: string;
}

export async function plan(ctx: CliContext, stacks: string[], opts: PlanOptions): Promise<void> {
  // The plan's own argument parser, so both entry points accept and check exactly the same things.
  const argv = ["--today", opts.today ?? ctx.today, ...(opts.out ? ["--out", opts.out] : []), ...stacks];
  let args: PlanArgs;
  try {
    const parsed = parseArgs(argv);
    if (parsed === "help") return;
    args = parsed;
  } catch (e) {
    throw new CliError(`plan: ${(e as Error).message}`);
  }
  const { ok } = await runPlan(args, ctx.out);
  if (!ok) throw new CliError("plan: failed (see above)");
}

export function planCommand(ctx: () => CliContext): Command {
  return new Command("plan")
    .description("offline plan of stacks (all when none is named): the same as npm run plan")
    .argument("[stacks...]", "stack names (env-example) or files (stacks/Pulumi.env-example.yaml)")
    .option("--today <YYYY-MM-DD>", "judge due dates as of this day (default: today, UTC)")
    .option("--out <dir>", "output directory (default: out/)")
    .addHelpText(
      "after",
      `
Runs each stack's Pulumi program under the SDK's mocks (no CLI, engine, cluster or credentials),
validates every Kubernetes object and writes out/<stack>/{manifests.yaml,resources.json,outputs.json}.
Exits non-zero on any config or schema error. It is not pulumi preview.`,
    )
    .action(async (stacks: string[], opts: PlanOptions) => plan(ctx(), stacks, opts));
}
