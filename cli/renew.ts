// `releng-envs renew <name> --days N`: moves the due date (within the maximum), keeping the rest of
// the stack file — comments, order, quoting — as the holder wrote it.
import * as fs from "node:fs";
import YAML from "yaml";
import { isConfigError } from "../stacks/errors";
import { addDays } from "../domain/dates";
import { NAMESPACE } from "../stacks/load";
import { shownPath, type CliContext } from "./context";
import { existingEnvironmentFile, readEnvironmentEntry, replaceFileAtomically, stackOf, validateStackText } from "./environments";
import { CliError, problemBlock } from "./errors";
import { parseDays, showConfigError } from "./options";

function scalarSource(value: string, type: YAML.Scalar["type"]): string {
  if (type === YAML.Scalar.QUOTE_SINGLE) return `'${value}'`;
  if (type === YAML.Scalar.PLAIN) return value;
  return `"${value}"`;
}

const INLINE_SCALAR: readonly unknown[] = [YAML.Scalar.PLAIN, YAML.Scalar.QUOTE_SINGLE, YAML.Scalar.QUOTE_DOUBLE];

/** Why a file cannot be renewed by editing it: a problem block naming the file, not a temporary copy. */
function cannotEdit(file: string, key: string, problem: string, fix: string): CliError {
  return new CliError(problemBlock(`Cannot renew: ${file} cannot be edited safely.`, [{ key, problem, fix }]));
}

/**
 * Edits in the text itself: the Document API gives each value's exact source range and only those
 * characters change (same quoting), so comments, order, formatting and line endings stay as the
 * holder wrote them. Undefined when the file's shape does not allow it (flow-style config, a block
 * scalar, an alias): the caller then edits through the Document.
 */
function textEdits(text: string, doc: YAML.Document, values: Record<"due" | "checkedOut", string>, eol: string): string | undefined {
  const config = doc.get("config", true);
  if (!YAML.isMap(config) || config.flow) return undefined;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const key of ["due", "checkedOut"] as const) {
    const node = doc.getIn(["config", `${NAMESPACE}:${key}`], true);
    if (YAML.isScalar(node) && node.range && INLINE_SCALAR.includes(node.type) && !/[\r\n]/.test(text.slice(node.range[0], node.range[1]))) {
      edits.push({ start: node.range[0], end: node.range[1], text: scalarSource(values[key], node.type) });
    } else if (node === undefined && key === "checkedOut" && edits.length === 1) {
      // A missing checkedOut goes on the line after due, indented like it.
      const dueStart = edits[0].start;
      const lineStart = Math.max(text.lastIndexOf("\n", dueStart) + 1, 0);
      const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
      const lineEnd = text.indexOf("\n", dueStart);
      const at = lineEnd === -1 ? text.length : lineEnd + 1;
      edits.push({ start: at, end: at, text: `${lineEnd === -1 ? eol : ""}${indent}${NAMESPACE}:checkedOut: "${values.checkedOut}"${eol}` });
    } else {
      return undefined;
    }
  }
  return edits.sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

/** True when `text` is YAML whose config holds exactly these dates (what the edit must achieve). */
function holds(text: string, values: Record<"due" | "checkedOut", string>): boolean {
  const doc = YAML.parseDocument(text);
  return doc.errors.length === 0 && doc.getIn(["config", `${NAMESPACE}:due`]) === values.due && doc.getIn(["config", `${NAMESPACE}:checkedOut`]) === values.checkedOut;
}

/**
 * The stack file with `due` and `checkedOut` set. In place where the file's shape allows (see
 * textEdits); otherwise through the yaml Document (comments and flow or block style kept, the values
 * written as quoted scalars). Either result is parsed again and must hold the new dates.
 */
export function renewedFileText(text: string, due: string, today: string, file = "the stack file"): string {
  const doc = YAML.parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw cannotEdit(file, "(the whole file)", `is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`, "fix the file first (compare with stacks/Pulumi.env-example.yaml), then renew again");
  if (!YAML.isMap(doc.get("config", true))) throw cannotEdit(file, "config", "is missing or not a map of releng-envs:<key> entries", "start the file with `config:` and indent each key under it, as in stacks/Pulumi.env-example.yaml");
  if (doc.getIn(["config", `${NAMESPACE}:due`]) === undefined) throw cannotEdit(file, `${NAMESPACE}:due`, "is missing", "add it (a date, YYYY-MM-DD) and renew again");
  const values = { due, checkedOut: today };
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const inPlace = textEdits(text, doc, values, eol);
  if (inPlace !== undefined && holds(inPlace, values)) return inPlace;
  for (const [key, value] of Object.entries(values)) {
    const scalar = doc.createNode(value) as YAML.Scalar;
    scalar.type = YAML.Scalar.QUOTE_DOUBLE;
    doc.setIn(["config", `${NAMESPACE}:${key}`], scalar);
  }
  let edited = doc.toString({ lineWidth: 0 });
  if (eol === "\r\n") edited = edited.replace(/\r?\n/g, "\r\n");
  if (!holds(edited, values)) throw cannotEdit(file, `${NAMESPACE}:due`, "could not be rewritten in this file's layout", "set releng-envs:due and releng-envs:checkedOut by hand (YYYY-MM-DD, quoted)");
  return edited;
}

export async function renew(ctx: CliContext, name: string, opts: { days: string }): Promise<void> {
  const file = existingEnvironmentFile(ctx, name);
  const stack = stackOf(name);
  const entry = readEnvironmentEntry(ctx, stack);
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
  const next = renewedFileText(text, due, ctx.today, shownPath(ctx, file));
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
  ctx.out(`Updated ${shownPath(ctx, file)} (releng-envs:due, releng-envs:checkedOut); commit it, then: pulumi up --policy-pack policies -s ${stack}`);
  ctx.out(`The namespace's due label and annotation follow on the next pulumi up.`);
}
