// `npm run plan [stack ...]`: the OFFLINE plan. Evaluates each stack's program under the Pulumi
// SDK's mocks (no engine, no cluster, no credentials), validates every Kubernetes object against
// the API schemas and writes out/<stack>/. It is not `pulumi preview`: see the README.
import { EventEmitter, on } from "node:events";
import * as fs from "node:fs";
import * as path from "node:path";
import { isoDateProblem, todayUtc } from "../../domain/dates";
import { listStacks, PROJECT_ROOT, STACKS_DIR } from "../../stacks/stackFile";
import type { StackPlan } from "./evaluate";
import { countsByType, isStackName, removeStaleOutputs } from "./write";
import { CliError, reportFailure } from "../failure";
import { listRecordedStacks } from "./policyReplay";
import { planAndWrite, planFailed, type PlanContext } from "./planStack";
import { policyStep } from "./policyPlan";
import type { PolicyRunResult } from "./policyRun";
import { PolicyPackProcess } from "./policyPack";
import { repositoryFromEnv, type Repository } from "./report";

export const HELP = `Usage: npm run plan -- [options] [stack ...]

Offline plan of the stacks in stacks/ (all of them when none is named). Each stack's Pulumi program
runs under the SDK's mocks: no Pulumi CLI, engine, cluster or credentials are used, and nothing is
deployed. Every Kubernetes object is validated against the Kubernetes API schemas.

Writes, per stack:  out/<stack>/manifests.yaml   Kubernetes objects in apply order (secrets redacted)
                    out/<stack>/resources.json   every resource: type, name, parent, provider, inputs
                    out/<stack>/outputs.json     the stack outputs (secret outputs redacted)
                    out/<stack>/staging-release.yaml  environments: every endpoint, own copy or fallback
                    out/<stack>/ERROR            instead, when the stack fails: why (no stale output)
Each stack's files replace the old ones at once (written beside them, then renamed); planning every
stack also removes the outputs of stacks that no longer exist. Stack arguments are names, not paths.
Then runs the policy pack (policies/) over the analyzer protocol, calling it as the engine does,
on every stack, and writes out/report.md, out/report.json and out/report.sarif. The pack starts from
its precompiled sources (the engine starts the same sources with ts-node, type-checking them).
Every planned stack appears in the three reports, one that failed before the pack too.
Exit code: 0 when every stack is valid; 1 on any config or schema error or mandatory policy finding
(with --changed-files, only in the stacks the change touches), as report.json's "ok" says; also 1
on a bad option or a fault of the machine (disk full, read-only); 2 on a PROGRAM ERROR (a bug).

Options:
  --today YYYY-MM-DD     judge due dates as of this day (default: today, UTC)
  --out DIR              output directory (default: out/)
  --stacks-dir DIR       where stack files are (default: stacks/); <stack>.resources.yaml files
                         there are recorded stacks, analyzed as recorded
  --policy-config FILE   policy pack config, the JSON pulumi preview --policy-pack-config takes
  --no-policies          skip the policy pack
  --changed-files FILE   the change's files, one per line (git diff --name-only): only the stacks
                         it touches fail the plan (all when program code changed); every stack is
                         still planned and reported
  --repository URL@REF   link reports to this repository at this commit (default in GitHub
                         Actions: GITHUB_SERVER_URL/GITHUB_REPOSITORY@GITHUB_SHA)
  -h, --help             this text

For the real thing: pulumi login --local && pulumi stack select <stack> && pulumi preview --policy-pack policies
(render target: YAML under out/render/<stack>; kubeconfig target: your current kube context; gke
target: the cluster of the named platform stack).`;

export interface PlanArgs {
  stacks: string[];
  today: string;
  outDir: string;
  stacksDir?: string;
  policyConfig?: string;
  policies?: boolean;
  /** A running policy pack to reuse (tests); by default the plan starts one. */
  policyPack?: PolicyPackProcess;
  /** Files a change touches (--changed-files): only the stacks it touches fail the plan. */
  changedFiles?: string[];
  repository?: Repository;
}

/** A bad command line: the option or argument, the problem, the fix; the value itself is not repeated. */
function usage(key: string, problem: string, fix: string): CliError {
  return new CliError([`plan: ${key} ${problem}; ${fix}.`, "Nothing was planned or written."].join("\n"));
}

export function parseArgs(argv: string[]): PlanArgs | "help" {
  const args: PlanArgs = { stacks: [], today: todayUtc(), outDir: path.join(PROJECT_ROOT, "out") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") return "help";
    else if (a === "--today") args.today = argv[++i] ?? "";
    else if (a === "--out") args.outDir = path.resolve(argv[++i] ?? "out");
    else if (a === "--stacks-dir") args.stacksDir = path.resolve(argv[++i] ?? "stacks");
    else if (a === "--policy-config") args.policyConfig = path.resolve(argv[++i] ?? "");
    else if (a === "--no-policies") args.policies = false;
    else if (a === "--changed-files") args.changedFiles = readChangedFiles(argv[++i] ?? "");
    else if (a === "--repository") args.repository = parseRepository(argv[++i] ?? "");
    // An option's name is shown when it is one (a typo); `--x=VALUE` may carry a value, so not then.
    else if (a.startsWith("-")) throw usage(/^--?[a-z][a-z-]*$/.test(a) ? `unknown option ${a}` : "an unknown option", "is not an option of the plan", "see npm run plan -- --help");
    else {
      const stack = a.replace(/^stacks\/Pulumi\.|\.yaml$/g, "");
      // A stack name becomes out/<stack>: a path (`..`, `/`) would write and delete outside out/.
      if (!isStackName(stack)) throw usage("[stack ...]", "is not a stack name (letters, digits, '-', '_', '.'; no path)", "name stacks as in stacks/Pulumi.<stack>.yaml, e.g. env-example");
      args.stacks.push(stack);
    }
  }
  if (isoDateProblem(args.today) !== undefined) throw usage("--today", "needs a date written YYYY-MM-DD that exists", "e.g. --today 2026-12-01");
  args.repository ??= repositoryFromEnv();
  return args;
}

function readChangedFiles(file: string): string[] {
  try {
    return fs.readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
  } catch {
    throw usage("--changed-files", "names a file that cannot be read", "give a file listing the changed paths, one per line (git diff --name-only BASE...HEAD > FILE)");
  }
}

function parseRepository(value: string): Repository {
  const m = /^(https:\/\/[^\s@]+?)\/?@([\w./-]+)$/.exec(value);
  if (!m) throw usage("--repository", "needs URL@REF (an https URL without credentials)", "e.g. --repository https://github.com/owner/repo@<commit sha>");
  return { url: m[1], ref: m[2] };
}

/** The stacks that can fail this plan: those the change touches, or all without --changed-files. */
export async function gatingStacks(args: Pick<PlanArgs, "changedFiles" | "stacksDir">, stacks: readonly string[]): Promise<string[] | undefined> {
  if (!args.changedFiles) return undefined;
  // Loaded only with --changed-files: it reads imports with the TypeScript compiler (≈ 0.7 s to load).
  const { stacksTouchedBy } = await import("../ci/touchedStacks");
  return stacksTouchedBy(args.changedFiles, stacks, path.relative(PROJECT_ROOT, args.stacksDir ?? STACKS_DIR));
}

function summarize(plan: StackPlan): string[] {
  const lines = [`── ${plan.stack} (${plan.file})`];
  if (plan.configError) return [...lines, plan.configError.message.replace(/^/gm, "   ")];
  if (plan.programError) return [...lines, `   PROGRAM ERROR (a bug, please report): ${plan.programError}`];
  if (plan.writeError) return [...lines, `   FAILED: ${plan.writeError}`];
  const counts = countsByType(plan);
  lines.push(`   ${plan.resources.length} resources, ${plan.kubeObjects.length} Kubernetes objects, ${plan.schemaErrors.length} schema errors`);
  for (const [type, n] of Object.entries(counts)) lines.push(`     ${String(n).padStart(3)}  ${type}`);
  for (const e of plan.schemaErrors) lines.push(`   ✗ schema: ${e.object}: ${e.message}`);
  const pending = Object.entries((plan.outputs.pendingSecrets ?? {}) as Record<string, string[]>);
  if (pending.length > 0) lines.push(`   secrets not yet set (pulumi up refuses until they are; see outputs.json pendingSecrets): ${pending.map(([pool, names]) => `${pool} ${names.length}`).join(", ")}`);
  return lines;
}

export async function runPlan(args: PlanArgs, log: (line: string) => void = console.log): Promise<{ plans: StackPlan[]; ok: boolean; policies?: PolicyRunResult }> {
  const stacksDir = args.stacksDir ?? STACKS_DIR;
  const recorded = listRecordedStacks(stacksDir);
  const stacks = args.stacks.length > 0 ? [...new Set(args.stacks)] : [...new Set([...listStacks(stacksDir), ...recorded.map((r) => r.stack)])];
  log(`OFFLINE PLAN — programs evaluated under Pulumi SDK mocks; nothing is deployed, no engine or cluster is used.`);
  log(`Due dates judged as of ${args.today}. Output: ${path.relative(PROJECT_ROOT, args.outDir) || args.outDir}/<stack>/`);
  // The pack starts while the stacks are evaluated, in its own process: the evaluation needs only one core.
  const packStarting = args.policies === false || args.policyPack ? undefined : PolicyPackProcess.start();
  packStarting?.catch(() => undefined); // its failure is reported by the policy step, which awaits it
  try {
    return await planStacks(args, stacks, recorded, packStarting, log);
  } finally {
    await (await packStarting?.catch(() => undefined))?.stop();
  }
}

async function planStacks(args: PlanArgs, stacks: string[], recorded: readonly { stack: string; file: string }[], packStarting: Promise<PolicyPackProcess> | undefined, log: (line: string) => void): Promise<{ plans: StackPlan[]; ok: boolean; policies?: PolicyRunResult }> {
  const stacksDir = args.stacksDir ?? STACKS_DIR;
  const context: PlanContext = { stacksDir, stackFiles: new Set(listStacks(stacksDir)), recorded, today: args.today, outDir: args.outDir };
  const gate = await gatingStacks(args, stacks);
  // The pack analyzes each stack as soon as it is planned, while the next one is evaluated: the
  // pack's process and this one take turns otherwise. Its lines are printed after the stacks'.
  const planned = new EventEmitter();
  const policyLines: string[] = [];
  const policyRun =
    args.policies === false
      ? undefined
      : policyStep(firstArguments<StackPlan>(on(planned, "plan", { close: ["end"] })), { today: args.today, outDir: args.outDir, policyConfig: args.policyConfig, pack: args.policyPack ?? packStarting, gate, repository: args.repository }, (l) => policyLines.push(l));
  const plans: StackPlan[] = [];
  try {
    for (const stack of stacks) {
      // A stack's evaluation runs on promises alone: let the event loop take the policy pack's
      // replies between two stacks, or its analysis waits for the last one.
      await new Promise((resolve) => setImmediate(resolve));
      const plan = await planAndWrite(stack, context);
      plans.push(plan);
      planned.emit("plan", plan);
      summarize(plan).forEach((l) => log(l));
    }
  } finally {
    planned.emit("end");
  }
  if (args.stacks.length === 0) {
    const stale = removeStaleOutputs(args.outDir, stacks);
    if (stale.length > 0) log(`Removed the outputs of stacks that no longer exist: ${stale.join(", ")}`);
  }
  const failed = plans.filter(planFailed).filter((p) => !gate || gate.includes(p.stack));
  const policies = policyRun ? await policyRun : { ok: true };
  policyLines.forEach((l) => log(l));
  log("");
  if (gate) log(`Only the stacks this change touches can fail the plan: ${gate.join(", ") || "none"}.`);
  log(failed.length === 0 ? `OK: ${plans.length} stack(s) planned offline, all objects schema-valid${gate ? " (in the stacks this change touches)" : ""}.` : `FAILED: ${failed.map((p) => p.stack).join(", ")}`);
  if (!policies.ok) log(`FAILED: policy check (see above and out/report.md)`);
  log(`Real preview: pulumi login --local && pulumi stack select <stack> && pulumi preview --policy-pack policies`);
  return { plans, ok: failed.length === 0 && policies.ok, policies: "result" in policies ? policies.result : undefined };
}

/** The first argument of each event of an events.on iterator (created beforehand: it buffers from then on). */
async function* firstArguments<T>(events: AsyncIterable<unknown[]>): AsyncGenerator<T> {
  for await (const [first] of events) yield first as T;
}

/** `npm run plan` (bin/plan.js runs it precompiled; `tsx tools/plan/main.ts` runs it too). */
export async function main(): Promise<void> {
  // The one error path (tools/failure.ts): a bad option is a refusal, a full disk a fault, only a bug a trace.
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args === "help") {
      console.log(HELP);
      return;
    }
    const { ok } = await runPlan(args);
    process.exitCode = ok ? 0 : 1;
  } catch (e) {
    process.exitCode = reportFailure(e, (l) => console.error(l), "Outputs already in place were left as they were.");
  } finally {
    await PolicyPackProcess.discardPrestarted();
  }
}

if (require.main === module) void main();
