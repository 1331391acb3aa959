// `releng-envs return <name>`: gives an environment back. Order matters and is never shortcut:
// destroy → verify the state holds nothing of the environment → remove the stack → delete its file.
// A failed step stops there, so a stack whose resources survived is never forgotten by the library.
import * as fs from "node:fs";
import { remainingResources } from "./automation";
import { shownPath, type CliContext } from "./context";
import { existingEnvironmentFile, readEnvironmentEntry, stackOf } from "./environments";
import { CliError, EXIT_NO_PULUMI_CLI, problemBlock } from "./errors";
import { credentialShape } from "../stacks/schema/credentials";
import { faultMessage } from "../tools/failure";


export interface ReturnOptions {
  dryRun?: boolean;
  /** Do not ask for confirmation (scripts, the reaper). */
  yes?: boolean;
  /** Return an environment someone else holds (the reaper, or a holder who left). */
  force?: boolean;
  /** The Pulumi organization holding the stack (default: PULUMI_ORG); the stack is then <org>/env-<name>. */
  org?: string;
}

/** The stack name as the backend knows it: org-qualified when an organization is given. */
export function qualifiedStack(name: string, org: string | undefined): string {
  return org ? `${org}/${stackOf(name)}` : stackOf(name);
}

/** What `return` runs, as the equivalent Pulumi CLI commands (printed without a CLI and on --dry-run). */
export function returnSteps(ctx: CliContext, name: string, stackFile: string, org?: string): string[] {
  const stack = qualifiedStack(name, org);
  const file = shownPath(ctx, stackFile);
  return [
    `cd ${ctx.projectRoot}`,
    `pulumi destroy --yes --stack ${stack}                 # Automation API: LocalWorkspace.selectStack(${stack}).destroy()`,
    `pulumi stack export --stack ${stack}                  # must hold no resource but the stack and its providers`,
    `pulumi stack rm --yes --preserve-config ${stack}      # only after that check`,
    `rm ${file}`,
  ];
}

export async function returnEnvironment(ctx: CliContext, name: string, opts: ReturnOptions = {}): Promise<void> {
  const file = existingEnvironmentFile(ctx, name);
  const org = opts.org ?? (process.env.PULUMI_ORG || undefined);
  const stack = qualifiedStack(name, org);
  const entry = readEnvironmentEntry(ctx, stackOf(name));
  if (entry.sample) {
    throw new CliError(
      problemBlock(`'${name}' is a sample stack (releng-envs:sample: true): it is never deployed, so there is nothing to return.`, [
        { key: "<name>", problem: "is a sample", fix: "return an environment you checked out (npx releng-envs list)" },
      ]),
    );
  }
  const steps = returnSteps(ctx, name, file, org);
  if (opts.dryRun) {
    ctx.out(`Dry run: returning '${name}' would run, in order (stopping at the first failure):`);
    steps.forEach((s) => ctx.out(`  ${s}`));
    return;
  }

  // Destroying someone else's environment is a decision, not a typo: say so with --force.
  const caller = ctx.whoami();
  if (!opts.force && entry.holder && caller?.toLowerCase() !== entry.holder.toLowerCase()) {
    throw new CliError(
      problemBlock(`'${name}' is held by ${entry.holder}, not by you (${caller ?? "unknown: git config user.email is not set"}).`, [
        { key: "--force", problem: "is needed to return an environment someone else holds", fix: `ask ${entry.holder} first, then: npx releng-envs return ${name} --force` },
      ], "Nothing was destroyed, removed or deleted."),
    );
  }
  if (!opts.yes) {
    if (!ctx.confirm) {
      throw new CliError(
        problemBlock(`Returning '${name}' destroys ${stack} and every copy in it; there is no terminal to confirm on.`, [{ key: "--yes", problem: "is needed when not run from a terminal", fix: `npx releng-envs return ${name} --yes` }], "Nothing was destroyed, removed or deleted."),
      );
    }
    const yes = await ctx.confirm(`Destroy ${stack} (holder ${entry.holder ?? "?"}, due ${entry.due ?? "?"}) and delete ${shownPath(ctx, file)}?`);
    if (!yes) {
      ctx.out(`Not returned: nothing was destroyed, removed or deleted.`);
      return;
    }
  }

  const version = await ctx.automation.cliVersion();
  if (version === null) {
    throw new CliError(
      [
        `Cannot return '${name}': the Pulumi CLI is not on PATH, and destroying ${stack} needs it (the Automation API drives it).`,
        `Install it (npm i -g pulumi, or see pulumi.com/docs/install), log in to the backend holding ${stack}, and run this again.`,
        `It would run, in order, stopping at the first failure:`,
        ...steps.map((s) => `  ${s}`),
        `Nothing was changed.`,
      ].join("\n"),
      EXIT_NO_PULUMI_CLI,
    );
  }

  let target: Awaited<ReturnType<CliContext["automation"]["selectStack"]>>;
  try {
    target = await ctx.automation.selectStack({ stackName: stack, workDir: ctx.projectRoot });
  } catch (e) {
    throw new CliError(
      problemBlock(`Cannot select stack ${stack} in the current Pulumi backend; the Pulumi CLI said:\n${failureDetail(e)}`, [
        {
          key: "<name>",
          problem: `stack ${stack} was not found (or could not be opened) in the backend you are logged in to`,
          fix: `log in to the backend it was deployed to (pulumi whoami -v; pulumi stack ls). If it was never deployed anywhere, remove its file instead: git rm ${shownPath(ctx, file)}`,
        },
      ], "Nothing was destroyed, removed or deleted."),
    );
  }

  ctx.out(`Returning '${name}' (holder ${entry.holder ?? "?"}, due ${entry.due ?? "?"}) with Pulumi CLI ${version}: destroying ${stack}…`);
  let destroyed: number | undefined;
  try {
    const result = await target.destroy({ message: `releng-envs return ${name} (by ${ctx.actor})`, onOutput: (o) => ctx.out(o.replace(/\n$/, "")) });
    destroyed = result.summary?.resourceChanges?.delete;
  } catch (e) {
    throw new CliError(`pulumi destroy of ${stack} failed; the Pulumi CLI said:\n${failureDetail(e)}\nThe stack and ${shownPath(ctx, file)} are kept; fix the cause and run return again.`);
  }

  const remaining = remainingResources(await target.exportStack());
  if (remaining.length > 0) {
    throw new CliError(
      [
        `Destroy of ${stack} finished, but its state still holds ${remaining.length} resource(s) of the environment:`,
        ...remaining.map((u) => `  ${u}`),
        `The stack and ${shownPath(ctx, file)} are kept so nothing is orphaned. Look with: pulumi stack -s ${stack} --show-urns; then run return again.`,
      ].join("\n"),
    );
  }
  ctx.out(`Verified: ${stack}'s state holds nothing of the environment.`);

  // --preserve-config: the file is deleted below, as its own step, once the stack is gone.
  try {
    await target.workspace.removeStack(stack, { preserveConfig: true });
  } catch (e) {
    throw new CliError(`${stack} is destroyed and verified empty, but pulumi stack rm failed; the Pulumi CLI said:\n${failureDetail(e)}\nFinish by hand: pulumi stack rm --yes --preserve-config ${stack} && rm ${shownPath(ctx, file)}`);
  }
  try {
    fs.rmSync(file);
  } catch (e) {
    throw new CliError(`${stack} is destroyed and removed, but ${shownPath(ctx, file)} could not be deleted: ${faultMessage(e) ?? String(e)}.\nDelete it by hand and commit the deletion: git rm ${shownPath(ctx, file)}`);
  }

  const audit = {
    action: "return",
    environment: name,
    stack,
    holder: entry.holder,
    due: entry.due,
    overdue: entry.overdue,
    destroyed: destroyed ?? null,
    by: ctx.actor,
    at: ctx.now().toISOString(),
    pulumi: version,
    file: shownPath(ctx, file),
  };
  ctx.out(`Removed stack ${stack} and deleted ${shownPath(ctx, file)}; commit the deletion.`);
  ctx.out(`AUDIT ${JSON.stringify(audit)}`);
}

/**
 * What a failed Pulumi step said: for the Automation API's CommandError (message "code: -2 …") the
 * CLI's own stderr and the spawn error, last lines first kept; for other errors the message. Lines
 * shaped like credentials are dropped.
 */
export function failureDetail(e: unknown, maxLines = 20): string {
  const result = (e as { commandResult?: { code?: number; stderr?: string; err?: Error } } | undefined)?.commandResult;
  const text = result ? [result.stderr ?? "", result.err ? String(result.err.message ?? result.err) : "", result.stderr || result.err ? "" : `pulumi exited with code ${result.code}`].join("\n") : e instanceof Error ? e.message : String(e);
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "")
    .map((l) => (credentialShape(l) ? "    [a line shaped like a credential was left out]" : l));
  const kept = lines.slice(-maxLines);
  return (lines.length > kept.length ? [`(last ${kept.length} of ${lines.length} lines)`, ...kept] : kept).map((l) => `  | ${l}`).join("\n") || "  | (no output)";
}
