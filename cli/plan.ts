// `releng-envs plan`: the offline plan (tools/plan/main.ts, `npm run plan`). Its arguments go to the
// plan's own parser unchanged, so both entry points accept and check exactly the same options.
import type { PlanArgs } from "../tools/plan/main";
import type { CliContext } from "./context";
import { CliError } from "./errors";

export async function plan(ctx: CliContext, argv: string[]): Promise<void> {
  // Defaults from the CLI's context (--today before the command, the stacks directory) unless given.
  const defaults = [...(argv.includes("--today") ? [] : ["--today", ctx.today]), ...(argv.includes("--stacks-dir") ? [] : ["--stacks-dir", ctx.stacksDir])];
  // Loaded when the command runs, so `releng-envs --help` and `list` never load the Pulumi SDK.
  const { HELP, parseArgs, runPlan } = await import("../tools/plan/main");
  // parseArgs refuses bad options with a CliError (the one error path prints it).
  const args: PlanArgs | "help" = parseArgs([...defaults, ...argv]);
  if (args === "help") {
    ctx.out(HELP.replace(/^Usage: .*$/m, "Usage: releng-envs plan [options] [stack ...]   (the same as: npm run plan -- [options] [stack ...])"));
    return;
  }
  const { ok } = await runPlan(args, ctx.out);
  if (!ok) throw new CliError("plan: failed (see above)");
}
