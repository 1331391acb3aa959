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

function scalarSource(value: string, type: YAML.Scalar["type"]): string {
  if (type === YAML.Scalar.QUOTE_SINGLE) return `'${value}'`;
  if (type === YAML.Scalar.PLAIN) return value;
  return `"${value}"`;
}

/**
 * The stack file with `due` and `checkedOut` set, edited in the text itself: the Document API finds
 * each value's exact source range and only those characters change (same quoting), so comments,
 * order and formatting stay as the holder wrote them. A missing checkedOut goes on the line after due.
 */
export function renewedFileText(text: string, due: string, today: string): string {
  const doc = YAML.parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw new CliError(`not valid YAML: ${doc.errors[0].message.split("\n")[0]}; fix the file first`);
  const edits: { start: number; end: number; text: string }[] = [];
  const keyOf = (k: string) => ["config", `${NAMESPACE}:${k}`];
  for (const [key, value] of [["due", due], ["checkedOut", today]] as const) {
    const node = doc.getIn(keyOf(key), true);
    if (YAML.isScalar(node) && node.range) {
      edits.push({ start: node.range[0], end: node.range[1], text: scalarSource(value, node.type) });
    } else if (node === undefined && key === "checkedOut") {
      const dueNode = doc.getIn(keyOf("due"), true) as YAML.Scalar | undefined;
      if (!dueNode?.range) throw new CliError(`${NAMESPACE}:due is missing; add it (a date, YYYY-MM-DD) and renew again`);
      const lineStart = text.lastIndexOf("\n", dueNode.range[0]) + 1;
      const indent = /^\s*/.exec(text.slice(lineStart))![0];
      const lineEnd = text.indexOf("\n", dueNode.range[1]);
      const at = lineEnd === -1 ? text.length : lineEnd + 1;
      edits.push({ start: at, end: at, text: `${lineEnd === -1 ? "\n" : ""}${indent}${NAMESPACE}:checkedOut: "${today}"\n` });
    } else {
      throw new CliError(`${NAMESPACE}:${key} is not a plain date value; set it by hand (YYYY-MM-DD)`);
    }
  }
  return edits.sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
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
