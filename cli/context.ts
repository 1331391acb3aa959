// What every command runs against: where the stack files are, what day it is, where output goes and
// how to reach the Pulumi engine. Injected so tests run the real commands on a temporary copy of
// stacks/, on a fixed date, with a fake Automation workspace.
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as readline from "node:readline/promises";
import * as path from "node:path";
import { todayUtc } from "../domain/dates";
import { PROJECT_ROOT, STACKS_DIR } from "../stacks/projectRoot";
import type { PolicyRunResult } from "../tools/plan/policyRun";
import type { StackPlan } from "../tools/plan/evaluate";
import { localAutomation, type Automation } from "./automation";

/** Runs the CrossGuard pack over planned stacks (the real pack over the analyzer protocol), or `false` to skip. */
export type PolicyRunner = ((plans: readonly StackPlan[], today: string) => Promise<PolicyRunResult>) | false;

/** Starts the pack once, analyzes the stacks, stops it: what `npm run plan` does for all stacks. */
export const runPolicyPack: PolicyRunner = async (plans, today) => (await import("../tools/plan/policyRun")).runPolicies(plans, { today });

export interface CliContext {
  /** Directory holding `Pulumi.<stack>.yaml` files. */
  stacksDir: string;
  /** Directory holding `Pulumi.yaml` (project defaults, and the Pulumi program's workDir). */
  projectRoot: string;
  /** Today's date, UTC, YYYY-MM-DD. */
  today: string;
  /** Current time, for audit lines. */
  now: () => Date;
  /** Who runs the command, for audit lines. */
  actor: string;
  out: (line: string) => void;
  err: (line: string) => void;
  /** The Pulumi engine, through the Automation API (a fake in tests). */
  automation: Automation;
  /** The policy pack run behind a stack's status (`--no-policies` or tests: false). */
  policies: PolicyRunner;
  /** The caller's email, to compare with an environment's holder (git config user.email). */
  whoami: () => string | undefined;
  /** Asks a yes/no question on the terminal; undefined when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
  /**
   * Where `list` may keep the catalogue it read, keyed by everything it was made of (cli/catalogueCache.ts).
   * Set by the bin to a directory inside the compiled tree, so a change of code starts afresh; unset: no cache.
   */
  catalogueCache?: string;
}

function gitUserEmail(): string | undefined {
  if (process.env.RELENG_ENVS_USER) return process.env.RELENG_ENVS_USER;
  try {
    return execFileSync("git", ["config", "user.email"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

function defaultActor(): string {
  // In GitHub Actions the human (or schedule) behind the run, else the local user.
  if (process.env.GITHUB_ACTOR) return `${process.env.GITHUB_ACTOR} (github-actions)`;
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
}

export function defaultContext(overrides: Partial<CliContext> = {}): CliContext {
  return {
    stacksDir: STACKS_DIR,
    projectRoot: PROJECT_ROOT,
    today: todayUtc(),
    now: () => new Date(),
    actor: defaultActor(),
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    automation: localAutomation,
    policies: runPolicyPack,
    whoami: gitUserEmail,
    confirm: process.stdin.isTTY ? askOnTerminal : undefined,
    ...overrides,
  };
}

/** A path as the user should read it: relative to the project when inside it. */
export function shownPath(ctx: Pick<CliContext, "projectRoot">, file: string): string {
  const rel = path.relative(ctx.projectRoot, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}
