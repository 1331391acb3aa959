// The command table of `npx releng-envs`: every command's arguments, options and help text, and
// nothing else. Each action imports the command's work (cli/<command>.ts) when it runs, so `--help`
// loads commander and this file only, and no command pays for another's libraries (zod, YAML, the
// Pulumi SDK): docs/benchmarks.md. Only light modules (no zod, YAML or @pulumi) are imported here.
import { Command } from "commander";
import { SERVICE_NAMES } from "../catalog/services";
import type { CheckoutOptions } from "./checkout";
import type { CliContext } from "./context";
import { EXIT_NO_PULUMI_CLI } from "./errors";
import type { ListOptions } from "./list";
import type { ReturnOptions } from "./return";

/** The context a command runs against, built when it runs (after global options are known). */
type Context = () => Promise<CliContext>;
/** Where commander writes usage and errors (known before any context is built). */
export type Output = Pick<CliContext, "out" | "err">;

/** Commander's output through `io`, without the trailing newline commander adds. */
export function commanderOutput(io: Output) {
  return { writeOut: (s: string) => io.out(s.replace(/\n$/, "")), writeErr: (s: string) => io.err(s.replace(/\n$/, "")) };
}

function checkoutCommand(ctx: Context): Command {
  return new Command("checkout")
    .description("check out a new environment: write a validated stacks/Pulumi.env-<name>.yaml")
    .argument("<name>", "environment name (DNS label); the stack is env-<name>, the namespace env-<name>")
    .requiredOption("--holder <email>", "who holds it (your email)")
    .requiredOption("--services <list>", `comma-separated subset of ${SERVICE_NAMES.join(", ")}`)
    .option("--days <n>", "due this many days from today (at most the project maximum, maxDueDays in Pulumi.yaml)")
    .option("--due <YYYY-MM-DD>", "due on this date instead of --days")
    .requiredOption("--purpose <text>", "what it is for, e.g. \"Staging release of Firefox 150.0b3\"")
    .option("--set <path=value>", "set another (non-secret) key, e.g. services.bouncer.images.redirector=REG/go-bouncer:TAG (repeatable)", (v: string, acc: string[] = []) => [...acc, v])
    .option("--no-policies", "skip the policy pack check (the plan and schema checks still run)")
    .addHelpText(
      "after",
      `
Writes stacks/Pulumi.env-<name>.yaml (validated by the same parser as the Pulumi program, then
planned offline and checked by the CrossGuard policy pack) and prints that status and the next
commands. A checkout that fails the plan or a mandatory policy is not written. Refuses a name
already taken.

Example:
  npx releng-envs checkout jane-fx150 --holder jane@mozilla.com --services balrog,archive \\
      --days 14 --purpose "Staging release of Firefox 150.0b3"
  npx releng-envs checkout jane-bouncer --holder jane@mozilla.com --services bouncer,archive --days 7 \\
      --purpose "Bouncer changes" --set services.bouncer.images.redirector=REG/go-bouncer:TAG \\
      --set services.bouncer.images.admin=REG/bouncer-admin:TAG --set services.archive.fallback=proxy`,
    )
    .action(async (name: string, opts: CheckoutOptions) => (await import("./checkout")).checkout(await ctx(), name, opts));
}

function listCommand(ctx: Context): Command {
  return new Command("list")
    .description("the catalogue: every environment with holder, services, due date, days left and overdue flag")
    .option("--json", "print JSON ({today, environments: [...]}) instead of a table")
    .option("--overdue", "only overdue environments")
    .option("--state <dir>", "add URLs and seed provenance from stack state: DIR/<stack>.json (pulumi stack export or pulumi stack output --json), or DIR/<stack>/outputs.json (the offline plan's out/)")
    .addHelpText(
      "after",
      `
Reads every stacks/Pulumi.env-*.yaml. Overdue or otherwise invalid stacks are still listed (with
their problems), so nothing checked out is ever hidden. A sample stack is judged as of its
checkedOut date and is never overdue. An unchanged library (same files, same day, same code) is
listed from the catalogue read last time (docs/cli.md).

Examples:
  npx releng-envs list
  npx releng-envs list --json --overdue
  pulumi stack export -s env-jane-fx150 > state/env-jane-fx150.json && npx releng-envs list --state state`,
    )
    .action(async (opts: ListOptions) => (await import("./listing")).list(await ctx(), opts));
}

function renewCommand(ctx: Context): Command {
  return new Command("renew")
    .description("move an environment's due date to N days from today (within the maximum)")
    .argument("<name>", "environment name (the part after env-)")
    .requiredOption("--days <n>", "new due date, in days from today (at most maxDueDays)")
    .addHelpText(
      "after",
      `
Updates releng-envs:due and releng-envs:checkedOut in stacks/Pulumi.env-<name>.yaml and keeps the
rest of the file (comments, order, quoting). Overdue environments can be renewed.

Example:
  npx releng-envs renew jane-fx150 --days 7`,
    )
    .action(async (name: string, opts: { days: string }) => (await import("./renew")).renew(await ctx(), name, opts));
}

function returnCommand(ctx: Context): Command {
  return new Command("return")
    .description("give an environment back: destroy its stack, verify nothing remains, remove the stack and its file")
    .argument("<name>", "environment name (the part after env-)")
    .option("--dry-run", "print what would run and change nothing")
    .option("-y, --yes", "do not ask for confirmation (needed without a terminal)")
    .option("--force", "return an environment someone else holds (you are not its holder)")
    .option("--org <org>", "Pulumi organization of the stack: destroys <org>/env-<name> (default: $PULUMI_ORG)")
    .addHelpText(
      "after",
      `
Needs the Pulumi CLI on PATH, logged in to the backend holding the stack. Through the Automation API
it runs, stopping at the first failure:
  1. pulumi destroy  2. pulumi stack export: nothing left but the stack and providers
  3. pulumi stack rm  4. delete stacks/Pulumi.env-<name>.yaml
and prints an AUDIT line (JSON). Without the CLI it prints these steps and exits ${EXIT_NO_PULUMI_CLI}.

It asks before destroying unless --yes, and refuses an environment whose holder is not you
(git config user.email, or RELENG_ENVS_USER) unless --force.

Example:
  npx releng-envs return jane-fx150
  npx releng-envs return jane-fx150 --org mozilla-releng --yes   # the stack mozilla-releng/env-jane-fx150`,
    )
    .action(async (name: string, opts: ReturnOptions) => (await import("./return")).returnEnvironment(await ctx(), name, opts));
}

function planCommand(ctx: Context): Command {
  return new Command("plan")
    .description("offline plan of stacks (all when none is named), with the policy pack: the same as npm run plan")
    .argument("[args...]", "stack names or files, and the plan's options (npx releng-envs plan --help)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (args: string[]) => (await import("./plan")).plan(await ctx(), args));
}

/** Subcommands are made by commander's `.command()`, so they inherit these settings from the group. */
function group(name: string, description: string, io: Output): Command {
  return new Command(name)
    .description(description)
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .configureOutput(commanderOutput(io));
}

function balrogCommand(ctx: Context, io: Output): Command {
  const balrog = group("balrog", "Release history in an environment's Balrog: import releases from production; check test channels against live rules.", io);
  balrog
    .command("import")
    .description("Copy named releases (and, with --partials-for, the releases its partials and update verify need) from production's public Balrog API into the environment's Balrog.")
    .argument("<env>", "environment name (without env-)")
    .argument("[releases...]", "release names, e.g. Firefox-149.0b2-build1")
    .option("--partials-for <release>", "also import the releases a partial update / update verify of this release needs")
    .option("--partials <n>", "with --partials-for a release production does not have: how many previous releases of its line (default 3, as Ship-it suggests)")
    .option("--replace", "replace releases the environment already has (default: leave them alone)")
    .option("--source <url>", "public Balrog API root to read from (default https://aus-api.mozilla.org)")
    .option("--database <url>", "write through a local MariaDB/MySQL client to mysql://user@host:port/db (e.g. through kubectl port-forward) instead of kubectl exec into balrog-db-0")
    .option("--password-file <file>", "with --database: file holding the database password")
    .option("--dry-run", "show what would be imported, write nothing")
    .addHelpText(
      "after",
      `
Examples:
  npx releng-envs balrog import jane-fx150 --partials-for Firefox-150.0b3-build1
  npx releng-envs balrog import jane-fx150 Firefox-149.0b2-build1 Firefox-149.0b1-build2 --replace
Releases already in the environment are left alone unless --replace; running it twice changes nothing.
Provenance (source URL, sha256, time) goes to table releng_envs_release_imports. Docs: docs/release-history.md`,
    )
    .action(async (env: string, releases: string[], opts) => (await import("./historyRun")).balrogImport(await ctx(), env, releases, opts));

  balrog
    .command("test-channels")
    .description("Compare each live channel's rules plus its pending scheduled changes with its test channels (<live>-localtest, <live>-cdntest, ...). Exit 0 in sync, 1 drift, 2 bad input or unreachable/malformed API.")
    .requiredOption("--api <root>", "Balrog admin API root (rules + scheduled changes) or public API root (rules only), e.g. https://aus-api.mozilla.org")
    .option("--live <channels>", "live channels to check, comma-separated (default: every channel that has a test channel)")
    .option("--ignore <fields>", "rule fields not to compare, comma-separated (e.g. backgroundRate)")
    .option("--mode <mode>", "auto (default: admin if /scheduled_changes/rules answers), admin or public")
    .option("--token-file <file>", "file holding a bearer token to send (an environment's M2M token); Balrog's read endpoints need none")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      `
Examples:
  npx releng-envs balrog test-channels --api https://aus-api.mozilla.org --live release,beta
  kubectl -n env-jane-fx150 port-forward svc/balrog-admin 8080:80 &
  npx releng-envs balrog test-channels --api http://localhost:8080 --json
The production public API shows no scheduled changes: there the expected test rules are the live rules as they are now.`,
    )
    .action(async (opts) => (await import("./historyRun")).balrogTestChannels(await ctx(), opts));
  return balrog;
}

function shipitCommand(ctx: Context, io: Output): Command {
  const shipit = group("shipit", "Release history in an environment's Ship-it.", io);
  shipit
    .command("import")
    .description("Seed the environment's Ship-it with production's recent releases of the products named (shipped and aborted; without phases, as Ship-it's own shipit-import), so version and build-number checks behave as in production.")
    .argument("<env>", "environment name (without env-)")
    .requiredOption("--products <list>", "Ship-it product names, comma-separated, e.g. firefox,devedition")
    .option("--limit <n>", "newest releases per product (by creation time), default 50")
    .option("--source <url>", "public Ship-it API root to read from (default https://shipitapi-public.services.mozilla.com)")
    .option("--database <url>", "write through a local psql to postgresql://user@host:port/db instead of kubectl exec into shipit-postgres-0")
    .option("--password-file <file>", "with --database: file holding the database password")
    .option("--dry-run", "show what would be imported, write nothing")
    .addHelpText(
      "after",
      `
Example:
  npx releng-envs shipit import jane-fx150 --products firefox,devedition --limit 30
Releases the environment already has (same name) are left alone; running it twice changes nothing.
Provenance goes to table releng_envs_shipit_imports. Docs: docs/release-history.md`,
    )
    .action(async (env: string, opts) => (await import("./historyRun")).shipitImport(await ctx(), env, opts));
  return shipit;
}

/** Every command, in the order `--help` lists them. */
export function commands(ctx: Context, io: Output): Command[] {
  return [checkoutCommand(ctx), listCommand(ctx), renewCommand(ctx), returnCommand(ctx), planCommand(ctx), balrogCommand(ctx, io), shipitCommand(ctx, io)];
}
