// `releng-envs renew <name> --days N`: moves the due date (within the maximum), keeping the rest of
// the stack file — comments, order, quoting — as the holder wrote it.
import * as fs from "node:fs";
import { Command } from "commander";
import YAML from "yaml";
import { isConfigError } from "../stacks/errors";
import { addDays, NAMESPACE } from "../stacks/load";
import { shownPath, type CliContext } from "./context";
import { existingEnvironmentFile, readEnvironmentEntry, replaceFileAtomically, stackOf, validateStackText } from "./environments";
import { CliError, problemBlock } from "./errors";
import { parseDays, showConfigError } from "./options";

/** Sets a scalar under `config:`, keeping the node (and so its quoting and comments) when it exists. */
function setConfigScalar(doc: YAML.Document, key: string, value: string): void {
  const path = ["config", `${NAMESPACE}:${key}`];
  const node = doc.getIn(path, true);
  if (YAML.isScalar(node)) {
    node.value = value;
    return;
  }
  const scalar = new YAML.Scalar(value);
  scalar.type = YAML.Scalar.QUOTE_DOUBLE;
  doc.setIn(path, scalar);
}

export function renewedFileText(text: string, due: string, today: string): string {
  const doc = YAML.parseDocument(text);
  setConfigScalar(doc, "due", due);
  setConfigScalar(doc, "checkedOut", today);
  return doc.toString({ lineWidth: 0 });
}

export async function renew(ctx: CliContext, name: string, opts: { days: string }): Promise<void> {
  const file = existingEnvironmentFile(ctx, name);
  const stack = stackOf(name);
  const entry = readEnvironmentEntry(ctx, stack);
  if (!entry) throw new CliError(`${shownPath(ctx, file)} is not an environment stack (releng-envs:kind is not environment); only environments are renewed.`);
  if (entry.sample) {
    throw new CliError(
      problemBlock(`'${name}' is a sample stack (releng-envs:sample: true): it documents the format and is never deployed.`, [
        { key: "<name>", problem: "is a sample", fix: `check out your own: npx releng-envs checkout <name> --holder you@mozilla.com --services balrog --days 14 --purpose "..."` },
      ]),
    );
  }
  const days = parseDays(opts.days, "--days");
  const due = addDays(ctx.today, days);

  const text = fs.readFileSync(file, "utf8");
  const next = renewedFileText(text, due, ctx.today);
  try {
    validateStackText(ctx, stack, file, next);
  } catch (e) {
    if (!isConfigError(e)) throw e;
    const max = entry.maxDueDays ?? "the maximum";
    throw new CliError(
      showConfigError(e, {
        due: { option: "--days", fix: `renew for 0 to ${max} days (the maximum for this stack); renew again later if you need longer` },
      }),
    );
  }
  replaceFileAtomically(file, next);
  ctx.out(`Renewed environment '${name}': due ${entry.due ?? "(unset)"} → ${due} (${days} day${days === 1 ? "" : "s"} from ${ctx.today}; at most ${entry.maxDueDays ?? "?"}).`);
  ctx.out(`Updated ${shownPath(ctx, file)} (releng-envs:due, releng-envs:checkedOut); commit it, then: pulumi up -s ${stack}`);
  ctx.out(`The namespace's due label and annotation follow on the next pulumi up.`);
}

export function renewCommand(ctx: () => CliContext): Command {
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
    .action(async (name: string, opts: { days: string }) => renew(ctx(), name, opts));
}
