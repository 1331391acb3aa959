// `npx releng-envs <command>`: the library desk — check out, list, renew and return environments,
// and plan stacks offline. One file per command; this one wires them and turns errors into exit codes.
import { Command, CommanderError } from "commander";
import { isConfigError } from "../stacks/errors";
import { checkoutCommand } from "./checkout";
import { defaultContext, type CliContext } from "./context";
import { isCliError } from "./errors";
import { parseDate } from "./options";
import { balrogCommand, shipitCommand } from "./history";
import { listCommand } from "./list";
import { planCommand } from "./plan";
import { renewCommand } from "./renew";
import { returnCommand } from "./return";

export function buildProgram(base: CliContext): Command {
  const program = new Command("releng-envs");
  // Commands read the context when they run, after global options (--today) are known.
  const ctx = (): CliContext => {
    const today = program.opts<{ today?: string }>().today;
    return today ? { ...base, today: parseDate(today, "--today") } : base;
  };
  program
    .description("The library desk for staging environments: check out, list, renew, return; plan offline.")
    .option("--today <YYYY-MM-DD>", "act as of this day (UTC; before the command); default: today")
    // Global options only before the command, so `plan --today` stays the plan's own option.
    .enablePositionalOptions()
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ writeOut: (s) => base.out(s.replace(/\n$/, "")), writeErr: (s) => base.err(s.replace(/\n$/, "")) })
    .exitOverride()
    .addHelpText(
      "after",
      `
A new environment, start to finish:
  npx releng-envs checkout jane-fx150 --holder jane@mozilla.com --services balrog,archive --days 14 --purpose "Staging release of Firefox 150.0b3"
  pulumi stack init env-jane-fx150 && pulumi up -s env-jane-fx150
  npx releng-envs list
  npx releng-envs renew jane-fx150 --days 7
  npx releng-envs return jane-fx150
Docs: docs/cli.md`,
    );
  for (const make of [checkoutCommand, listCommand, renewCommand, returnCommand, planCommand, balrogCommand, shipitCommand]) {
    const cmd = make(ctx).exitOverride().showHelpAfterError("(add --help for usage)");
    cmd.configureOutput({ writeOut: (s) => base.out(s.replace(/\n$/, "")), writeErr: (s) => base.err(s.replace(/\n$/, "")) });
    program.addCommand(cmd);
  }
  return program;
}

/** Runs the CLI on `argv` (without node and script); returns the exit code. Never calls process.exit. */
export async function run(argv: string[], overrides: Partial<CliContext> = {}): Promise<number> {
  const ctx = defaultContext(overrides);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are "errors" to commander with exit code 0; its message is already printed.
      return e.exitCode;
    }
    if (isCliError(e)) {
      ctx.err(e.message);
      return e.exitCode;
    }
    if (isConfigError(e)) {
      ctx.err(e.message);
      return 1;
    }
    throw e;
  }
}
