// Runs the CLI in-process on a temporary copy of stacks/, on a fixed date, capturing its output.
import * as fs from "node:fs";
import * as path from "node:path";
import { run } from "../../cli/main";
import type { CliContext } from "../../cli/context";
import { STACKS_DIR } from "../../stacks/stackFile";
import { fixtureStacksDir, isUserCheckout, TODAY } from "../helpers";

export { TODAY };

/** A fresh directory holding the repository's own stack files (no user checkouts) and `extra`. */
export const tempStacks = fixtureStacksDir;

/** Every file in `dir` (names and bytes), to prove a refused command changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f)).toString("base64")]),
  );
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(argv: string[], ctx: Partial<CliContext>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  // The policy pack (a child process, seconds to start) is off here; one checkout test runs it for real.
  const code = await run(argv, { today: TODAY, actor: "tester", now: () => new Date("2026-11-21T10:00:00Z"), out: (l) => out.push(l), err: (l) => err.push(l), policies: false, whoami: () => "jane.doe@mozilla.com", confirm: async () => true, ...ctx });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A stack file as a holder would have it after checkout, with comments to be kept. */
export function envFile(name: string, fields: Record<string, string> = {}): string {
  const f = { holder: "jane.doe@mozilla.com", checkedOut: "2026-11-15", due: "2026-11-30", services: "[balrog, archive]", ...fields };
  return [
    `# Jane's environment for the 150.0b3 staging release.`,
    `config:`,
    `  releng-envs:kind: environment`,
    `  releng-envs:name: ${name}`,
    `  releng-envs:holder: ${f.holder}   # ask Jane before touching it`,
    `  releng-envs:purpose: Staging release of Firefox 150.0b3`,
    `  releng-envs:checkedOut: "${f.checkedOut}"`,
    `  releng-envs:due: '${f.due}'`,
    `  # services as a list: defaults for each`,
    `  releng-envs:services: ${f.services}`,
    ``,
  ].join("\n");
}

/** Environments every temporary copy starts with (the samples; user checkouts are left out). */
export const REPO_ENVIRONMENTS: string[] = fs
  .readdirSync(STACKS_DIR)
  .filter((f) => !isUserCheckout(path.join(STACKS_DIR, f)))
  .map((f) => /^Pulumi\.env-(.+)\.yaml$/.exec(f)?.[1])
  .filter((n): n is string => !!n)
  .sort();
