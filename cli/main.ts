// `npx releng-envs <command>`: the library desk — check out, list, renew and return environments,
// and plan stacks offline. One file per command; this one wires them and turns errors into exit codes.
import { Command, CommanderError } from "commander";
import { checkoutCommand } from "./checkout";
import { defaultContext, type CliContext } from "./context";
import { reportFailure } from "../tools/failure";
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
  pulumi stack init env-jane-fx150 && pulumi up --policy-pack policies -s env-jane-fx150
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

/**
 * Runs the CLI on `argv` (without node and script); returns the exit code: 0 done, 1 refused or
 * failed (nothing changed), 2 a program error (a bug), 3 `return` without a Pulumi CLI. Never calls
 * process.exit and never throws: every command goes through the one error path (tools/failure.ts).
 */
export async function run(argv: string[], overrides: Partial<CliContext> = {}): Promise<number> {
  let ctx: CliContext | undefined;
  const err = (l: string) => (ctx ?? overrides).err?.(l) ?? console.error(l);
  try {
    ctx = defaultContext(overrides);
    await buildProgram(ctx).parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    // Commander has printed its usage message already; help and version "fail" with exit code 0.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    return reportFailure(e, err);
  }
}
