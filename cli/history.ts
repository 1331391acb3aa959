// `releng-envs balrog import|test-channels` and `releng-envs shipit import`: release history in an
// environment (docs/release-history.md). The command lines live here, the work in cli/historyRun.ts
// (which loads nothing from @pulumi, so `--help` stays light).
import { Command } from "commander";
import type { CliContext } from "./context";
import { balrogImport, balrogTestChannels, shipitImport } from "./historyRun";


/** Subcommands are made by commander's `.command()`, so they inherit these settings from the group. */
function group(name: string, description: string, ctx: () => CliContext): Command {
  return new Command(name)
    .description(description)
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ writeOut: (s) => ctx().out(s.replace(/\n$/, "")), writeErr: (s) => ctx().err(s.replace(/\n$/, "")) });
}

export function balrogCommand(ctx: () => CliContext): Command {
  const balrog = group("balrog", "Release history in an environment's Balrog: import releases from production; check test channels against live rules.", ctx);
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
    .action(async (env: string, releases: string[], opts) => balrogImport(ctx(), env, releases, opts));

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
    .action(async (opts) => balrogTestChannels(ctx(), opts));
  return balrog;
}

export function shipitCommand(ctx: () => CliContext): Command {
  const shipit = group("shipit", "Release history in an environment's Ship-it.", ctx);
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
    .action(async (env: string, opts) => shipitImport(ctx(), env, opts));
  return shipit;
}
