// Environment stack files as the desk handles them: names, paths, validation through the program's
// own parseStackConfig (by way of the same stack-file reader the engine path uses), lenient reading
// for the catalogue, and atomic writes.
import * as fs from "node:fs";
import * as path from "node:path";
import { ENV_STACK_PREFIX, MAX_ENV_NAME } from "../catalog/environment";
import { isConfigError } from "../stacks/errors";
import { daysBetween } from "../domain/dates";
import { evaluationDate, parseStackConfig, type EnvironmentStack, type RawStackConfig } from "../stacks/load";
import { dnsLabel } from "../stacks/schema/common";
import { environmentSchema } from "../stacks/schema";
import { servicesSchema } from "../stacks/schema/services";
import { checkedOut, SERVICE_NAMES } from "../catalog/services";
import { listStacks, rawConfigFromFile, rawConfigFromText, stackFilePath } from "../stacks/stackFile";
import { shownPath, type CliContext } from "./context";
import { CliError, problemBlock } from "./errors";
import { faultMessage } from "../tools/failure";
import { credentialShape } from "../stacks/schema/credentials";


export function stackOf(name: string): string {
  return `${ENV_STACK_PREFIX}${name}`;
}

/** Checks an environment name before it becomes part of a path (it must be a DNS label anyway). */
export function checkEnvironmentName(name: string, argument = "<name>"): string {
  const parsed = dnsLabel(MAX_ENV_NAME).safeParse(name);
  const shape = credentialShape(name);
  if (parsed.success && !shape) return name;
  if (shape) {
    throw new CliError(problemBlock(`Bad environment name.`, [{ key: `${argument} (releng-envs:name)`, problem: `looks like ${shape} (not shown here)`, fix: "name the environment after what it is for, e.g. jane-fx150" }]));
  }
  // The refused name is not echoed (it may be anything pasted); a valid name inside it is.
  const stripped = name.slice(ENV_STACK_PREFIX.length);
  const hint = name.startsWith(ENV_STACK_PREFIX) && dnsLabel(MAX_ENV_NAME).safeParse(stripped).success ? ` (give the name without the '${ENV_STACK_PREFIX}' prefix: ${stripped})` : "";
  throw new CliError(
    problemBlock(`Bad environment name.`, [
      {
        key: `${argument} (releng-envs:name)`,
        problem: (parsed.error?.issues ?? []).map((i) => i.message).join("; "),
        fix: `use lower-case letters, digits and '-', at most ${MAX_ENV_NAME} characters, starting and ending with a letter or digit, e.g. jane-fx150${hint}`,
      },
    ]),
  );
}

export function environmentFile(ctx: Pick<CliContext, "stacksDir">, name: string): string {
  return stackFilePath(stackOf(name), ctx.stacksDir);
}

/** Names of the environments that have a stack file. */
export function environmentNames(ctx: Pick<CliContext, "stacksDir">): string[] {
  return listStacks(ctx.stacksDir)
    .filter((s) => s.startsWith(ENV_STACK_PREFIX))
    .map((s) => s.slice(ENV_STACK_PREFIX.length));
}

/** The stack file of an existing environment, or an error naming the ones that exist. */
export function existingEnvironmentFile(ctx: CliContext, name: string): string {
  checkEnvironmentName(name);
  const file = environmentFile(ctx, name);
  if (!fs.existsSync(file)) {
    const known = environmentNames(ctx);
    const stripped = name.startsWith(ENV_STACK_PREFIX) ? name.slice(ENV_STACK_PREFIX.length) : undefined;
    if (stripped && known.includes(stripped)) {
      throw new CliError(
        problemBlock(`No environment '${name}'.`, [{ key: "<name>", problem: `is the stack name (${name}); commands take the environment name`, fix: `give the name without the '${ENV_STACK_PREFIX}' prefix: ${stripped}` }]),
      );
    }
    throw new CliError(
      problemBlock(`No environment '${name}': ${shownPath(ctx, file)} does not exist.`, [
        {
          key: "<name>",
          problem: `is not a checked-out environment`,
          fix: known.length > 0 ? `use one of: ${known.join(", ")} (npx releng-envs list)` : `check one out first: npx releng-envs checkout ${name} --holder you@mozilla.com --services balrog --days 14 --purpose "..."`,
        },
      ]),
    );
  }
  return file;
}

/**
 * Validates the would-be content of `dest` exactly as the program will read it: the text goes through
 * the stack-file reader (Pulumi.yaml defaults, `{secure}` handling) and then parseStackConfig.
 * Throws the ConfigError (naming `dest`) on any problem; returns the raw config otherwise.
 */
export function validateStackText(ctx: CliContext, stack: string, dest: string, text: string): { raw: RawStackConfig; config: ReturnType<typeof parseStackConfig> } {
  // Read from the text itself: nothing is written, so an interrupt leaves no copy of the file behind.
  const raw = rawConfigFromText(stack, text, shownPath(ctx, dest), ctx.projectRoot);
  return { raw, config: parseStackConfig(raw, { today: ctx.today }) };
}

function tempSibling(dest: string): string {
  // Dot-prefixed, so listStacks (Pulumi.<stack>.yaml) never sees a half-written file.
  return path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${Date.now()}.tmp`);
}

/** Creates `dest` with `text` in one step; fails (and writes nothing) when it already exists. */
export function createFileAtomically(dest: string, text: string): void {
  const tmp = tempSibling(dest);
  try {
    // A failed write (disk full) leaves a partial temporary file: it is removed below, never linked.
    fs.writeFileSync(tmp, text, { flag: "wx" });
    fs.linkSync(tmp, dest); // link(2) never replaces an existing file: two racing checkouts cannot both win
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Replaces `dest` with `text` in one step (rename), so a reader sees the old or the new file, never
 * half. A symlinked stack file stays a symlink: the file it points to is the one replaced.
 */
export function replaceFileAtomically(dest: string, text: string): void {
  const target = fs.realpathSync(dest);
  const tmp = tempSibling(target);
  try {
    fs.writeFileSync(tmp, text, { flag: "wx", mode: fs.statSync(target).mode });
    fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** One row of the catalogue. Fields a broken file does not give are absent. */
export interface EnvironmentEntry {
  name: string;
  stack: string;
  file: string;
  holder?: string;
  purpose?: string;
  services: string[];
  checkedOut?: string;
  due?: string;
  /** Days from today (a sample: from its checkedOut) to the due date; negative when overdue. */
  daysLeft?: number;
  overdue: boolean;
  sample: boolean;
  asleep: boolean;
  maxDueDays?: number;
  /** Config problems other than being overdue (key: problem); empty for a valid stack. */
  problems: string[];
}

const LISTED_FIELDS = ["name", "holder", "purpose", "due", "checkedOut", "sample", "maxDueDays", "asleep"] as const;

/**
 * Reads an environment for the catalogue. Strict first (the program's parse); when that fails the
 * fields are read one by one with the same schema, so an overdue or half-broken stack is still
 * listed — the reaper depends on seeing overdue ones. Every env-* file is an entry, whatever it holds
 * (a wrong or missing kind, an empty or unreadable file): its problems say what is wrong with it.
 */
export function readEnvironmentEntry(ctx: CliContext, stack: string): EnvironmentEntry {
  const file = stackFilePath(stack, ctx.stacksDir);
  const base = { stack, name: stack.slice(ENV_STACK_PREFIX.length), file: shownPath(ctx, file), services: [], overdue: false, sample: false, asleep: false };
  let raw: RawStackConfig;
  try {
    raw = rawConfigFromFile(stack, { stacksDir: ctx.stacksDir, projectRoot: ctx.projectRoot });
  } catch (e) {
    if (isConfigError(e)) return { ...base, problems: e.problems.map((p) => `${p.key}: ${p.problem}`) };
    const fault = faultMessage(e);
    if (fault) return { ...base, problems: [`(the whole file): ${fault}`] };
    throw e;
  }

  let strict: EnvironmentStack | undefined;
  let problems: { key: string; problem: string }[] = [];
  try {
    strict = parseStackConfig({ ...raw, file: base.file }, { today: ctx.today }) as EnvironmentStack;
  } catch (e) {
    if (!isConfigError(e)) throw e;
    problems = [...e.problems];
  }
  const fields: Partial<Record<(typeof LISTED_FIELDS)[number], unknown>> = {};
  for (const f of LISTED_FIELDS) {
    const parsed = environmentSchema.shape[f].safeParse(raw.values[f]);
    // A credential pasted into a field is refused by the strict parse; the catalogue never shows it.
    if (parsed.success && !(typeof parsed.data === "string" && credentialShape(parsed.data))) fields[f] = parsed.data;
  }
  const env = strict ?? (fields as Partial<EnvironmentStack>);
  const services = strict ? checkedOut(strict.services) : lenientServices(raw.values.services);
  const sample = env.sample ?? false;
  const asOf = evaluationDate({ sample, checkedOut: env.checkedOut }, ctx.today);
  const daysLeft = env.due ? daysBetween(asOf, env.due) : undefined;
  const overdue = daysLeft !== undefined && daysLeft < 0;
  return {
    ...base,
    // The stack decides the name: commands (and the reaper) act on env-<name>, whatever the file claims.
    name: base.name,
    holder: env.holder,
    purpose: env.purpose,
    services,
    checkedOut: env.checkedOut,
    due: env.due,
    daysLeft,
    overdue,
    sample,
    asleep: env.asleep ?? false,
    maxDueDays: env.maxDueDays,
    // Being overdue is the `overdue` flag and never a config problem; a due-date problem shown here
    // is a real one (e.g. a due date before the checkout), overdue or not.
    problems: problems.map((p) => `${p.key}: ${p.problem}`),
  };
}

/** The library services a broken `services` value still names (nothing else: it may be anything). */
function lenientServices(v: unknown): string[] {
  const parsed = servicesSchema.safeParse(v);
  if (parsed.success) return checkedOut(parsed.data);
  const named = Array.isArray(v) ? v : v && typeof v === "object" ? Object.keys(v) : [];
  return named.filter((s): s is string => (SERVICE_NAMES as readonly unknown[]).includes(s));
}
