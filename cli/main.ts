// `npx releng-envs <command>`: the library desk — check out, list, renew and return environments,
// and plan stacks offline. The commands are declared in cli/commands.ts (each loads its work when it
// runs); this file wires them and turns errors into exit codes. It imports nothing heavy: `--help`
// stays a fraction of a second (docs/benchmarks.md).
import { Command, CommanderError } from "commander";
import { commanderOutput, commands, type Output } from "./commands";
import type { CliContext } from "./context";
import { reportFailure } from "../tools/failure";
import { parseDate } from "./options";

function buildProgram(io: Output, base: () => Promise<CliContext>): Command {
  const program = new Command("releng-envs");
  // Commands read the context when they run, after global options (--today) are known.
  const ctx = async (): Promise<CliContext> => {
    const today = program.opts<{ today?: string }>().today;
    const context = await base();
    return today ? { ...context, today: parseDate(today, "--today") } : context;
  };
  program
    .description("The library desk for staging environments: check out, list, renew, return; plan offline.")
    .option("--today <YYYY-MM-DD>", "act as of this day (UTC; before the command); default: today")
    // Global options only before the command, so `plan --today` stays the plan's own option.
    .enablePositionalOptions()
    .showHelpAfterError("(add --help for usage)")
    .configureOutput(commanderOutput(io))
    .exitOverride()
    .addHelpText(
      "after",
      `
A new environment, start to finish:
  npx releng-envs checkout jane-fx150 --holder jane@mozilla.com --services balrog,archive --days 14 --purpose "Staging release of Firefox 150.0b3"
  pulumi stack init env-jane-fx150 && pulumi up --policy-pack policies -s env-jane-fx150
  npx releng-envs list
  npx releng-envs renew jane-fx150 --days 7
  npx releng-envs return jane-fx150
Docs: docs/cli.md`,
    );
  for (const cmd of commands(ctx, io)) {
    cmd.exitOverride().showHelpAfterError("(add --help for usage)").configureOutput(commanderOutput(io));
    program.addCommand(cmd);
  }
  return program;
}

/**
 * Runs the CLI on `argv` (without node and script); returns the exit code: 0 done, 1 refused or
 * failed (nothing changed), 2 a program error (a bug), 3 `return` without a Pulumi CLI. Never calls
 * process.exit and never throws: every command goes through the one error path (tools/failure.ts).
 */
export async function run(argv: string[], overrides: Partial<CliContext> = {}): Promise<number> {
  const io: Output = { out: overrides.out ?? ((l) => console.log(l)), err: overrides.err ?? ((l) => console.error(l)) };
  // The full context (stack paths, the Pulumi engine, the pack) is loaded by the command that runs.
  const context = async () => (await import("./context")).defaultContext({ ...overrides, ...io });
  try {
    await buildProgram(io, context).parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    // Commander has printed its usage message already; help and version "fail" with exit code 0.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    return reportFailure(e, io.err);
  }
}
