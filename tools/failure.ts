// The one error path of every command (the CLI's and `npm run plan`): whatever is thrown ends as
//   a user mistake   → a problem block (file or option, key, problem, fix), exit 1;
//   an environment fault (disk full, read-only, permission) → what failed and that nothing changed, exit 1;
//   anything else    → PROGRAM ERROR with its trace (a bug), exit 2.
// Refused values are never part of a message: they may be pasted secrets.
import { isConfigError } from "../stacks/errors";
import type { ConfigProblem } from "../domain/problems";

/** A refusal the user can act on: printed as is, no trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function isCliError(e: unknown): e is CliError {
  return e instanceof Error && e.name === "CliError";
}

/** One problem in the same shape stacks/errors.ts prints, for errors found before a stack file exists. */
export function problemBlock(title: string, problems: readonly ConfigProblem[], footer = "No file was written or changed."): string {
  const lines = [title];
  for (const p of problems) lines.push("", `  ✗ ${p.key}`, `    problem: ${p.problem}`, `    fix:     ${p.fix}`);
  lines.push("", footer);
  return lines.join("\n");
}

/** Exit code of a program error (a bug): distinct from a refusal (1), so CI can tell them apart. */
export const EXIT_PROGRAM_ERROR = 2;

// Failures of the machine, not of the input: the system call, the path and the errno say it all.
const FAULTS: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  EROFS: "the file system is read-only",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EIO: "input/output error",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EBUSY: "the file is busy",
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "it is a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
  EXDEV: "it is on another file system",
};

/** "could not write /x/y: the file system is read-only (EROFS)" for an environment fault, else undefined. */
export function faultMessage(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException & { dest?: string };
  if (!(e instanceof Error) || typeof err.code !== "string" || !(err.code in FAULTS)) return undefined;
  const verb: Record<string, string> = { open: "open", write: "write", read: "read", rename: "rename", mkdir: "create the directory", rmdir: "remove", unlink: "delete", link: "create", scandir: "read the directory", mkdtemp: "create a temporary directory", copyfile: "copy", stat: "read", lstat: "read" };
  const what = err.syscall ? (verb[err.syscall] ?? err.syscall) : "access";
  return `could not ${what}${err.path ? ` ${err.path}` : ""}${err.dest ? ` → ${err.dest}` : ""}: ${FAULTS[err.code]} (${err.code})`;
}

/**
 * Prints `e` the one way it should be read and returns the exit code. `unchanged` is what is true
 * after an environment fault (every write is atomic, so by default: nothing was changed).
 */
export function reportFailure(e: unknown, err: (line: string) => void, unchanged = "Nothing was changed."): number {
  if (isCliError(e)) {
    err(e.message);
    return e.exitCode;
  }
  if (isConfigError(e)) {
    err(e.message);
    return 1;
  }
  const fault = faultMessage(e);
  if (fault) {
    err(`Failed: ${fault}.`);
    const code = String((e as NodeJS.ErrnoException).code);
    const hint = ["ENOSPC", "EDQUOT"].includes(code) ? "Free some space" : ["EROFS", "EACCES", "EPERM"].includes(code) ? "Make the location writable for you" : "Fix the cause";
    err(`${unchanged} ${hint}, then run the command again.`);
    return 1;
  }
  err(`PROGRAM ERROR (a bug, please report it with the lines below):`);
  err(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
  return EXIT_PROGRAM_ERROR;
}
