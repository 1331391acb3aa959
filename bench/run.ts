// `npm run bench [-- --runs N] [-- --envs N]`: the speed figures of issue #19, as medians, with the
// machine and its load noted. Whole processes are timed as a user starts them (wall time) and their
// CPU time is read from the kernel (user + system of the waited-for child), which a loaded machine
// inflates far less than wall time. Not a test: the figures depend on the machine (docs/benchmarks.md).
//
// `npm run bench -- --ratio-check` (run by `npm test`) measures only the ratio of the plan of N
// generated environment stacks to the plan of one, in the same run, and fails on a gross regression
// of it — never on an absolute time, so a noisy machine cannot fail it.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import YAML from "yaml";
import { PROJECT_ROOT, STACKS_DIR } from "../stacks/projectRoot";
import type { Requests } from "./requests";

/** The gross-regression bound of the CI step: planning N environment stacks may cost at most this many times planning one. */
const MAX_PLAN_RATIO = 5;

/** The type-checker `npm run typecheck` runs: TypeScript 7, the native compiler (package.json pinReasons). */
const TSC = path.join(path.dirname(require.resolve("typescript-native/package.json")), "bin", "tsc");
const BIN = path.join(PROJECT_ROOT, "bin", "releng-envs.js");
/** `npm run plan`: the plan as precompiled JavaScript. */
const PLAN = path.join(PROJECT_ROOT, "bin", "plan.js");
const TODAY = "2026-11-21";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** CPU seconds (user + system) of this process's waited-for children so far (Linux /proc). */
function childrenCpu(): number {
  try {
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

interface Timing {
  wall: number;
  cpu: number;
}

/** Runs `node args…` to completion; fails loudly if it fails (a benchmark of a broken command means nothing). */
function timeProcess(args: string[]): Timing {
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`bench: node ${args.join(" ")} exited ${r.status}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  return { wall, cpu: childrenCpu() - cpu0 };
}

function medianOf(runs: number, f: () => Timing): Timing {
  const ts = Array.from({ length: runs }, f);
  return { wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) };
}

/** A stacks directory holding `n` environment stacks with all four services, each named bench-NNN. */
function generatedEnvironmentStacks(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-envs-${n}-`));
  const sample = YAML.parse(fs.readFileSync(path.join(STACKS_DIR, "Pulumi.env-example.yaml"), "utf8")) as { config: Record<string, unknown> };
  for (let i = 0; i < n; i++) {
    const name = `bench-${String(i).padStart(3, "0")}`;
    const config: Record<string, unknown> = { ...sample.config, "releng-envs:name": name, "releng-envs:sample": false, "releng-envs:due": "2026-12-05" };
    delete config["releng-envs:checkedOut"];
    fs.writeFileSync(path.join(dir, `Pulumi.env-${name}.yaml`), YAML.stringify({ config }));
  }
  return dir;
}

function planProcess(stacksDir: string | undefined, policies: boolean): Timing {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-out-"));
  try {
    return timeProcess([PLAN, "--today", TODAY, "--out", out, ...(stacksDir ? ["--stacks-dir", stacksDir] : []), ...(policies ? [] : ["--no-policies"])]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** Plan of 1 and of `n` generated environment stacks (no pack): medians and the marginal cost per stack. */
function planScaling(n: number, runs: number) {
  // The first start after a source change compiles the tree (bin/compiled.js): not part of any figure.
  timeProcess([PLAN, "--help"]);
  const one = generatedEnvironmentStacks(1);
  const many = generatedEnvironmentStacks(n);
  try {
    const t1 = medianOf(runs, () => planProcess(one, false));
    const tn = medianOf(runs, () => planProcess(many, false));
    return {
      one: t1,
      many: tn,
      marginal: { wall: (tn.wall - t1.wall) / (n - 1), cpu: (tn.cpu - t1.cpu) / (n - 1) },
      ratio: { wall: tn.wall / t1.wall, cpu: tn.cpu / t1.cpu },
    };
  } finally {
    fs.rmSync(one, { recursive: true, force: true });
    fs.rmSync(many, { recursive: true, force: true });
  }
}

async function packStart(runs: number): Promise<number> {
  // Loaded here: the ratio step (in npm test) needs neither the pack's client nor the SDK.
  const { PolicyPackProcess } = await import("../tools/plan/policyPack");
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const pack = await PolicyPackProcess.start();
    ts.push((performance.now() - t0) / 1000);
    await pack.stop();
  }
  return median(ts);
}

const fmt = (t: Timing) => `${t.wall.toFixed(2).padStart(7)} s wall ${t.cpu.toFixed(2).padStart(7)} s CPU`;
const fmtRequests = (r: Requests) => `${r.pods} pods, ${r.cpuMillis} m CPU (${(r.cpuMillis / 1000).toFixed(2)} vCPU), ${r.memoryMiB} MiB (${(r.memoryMiB / 1024).toFixed(2)} GiB)`;

/**
 * A fixed loop's time in ms (median of 5): the machine's speed at the time. A shared virtual machine
 * runs the same work up to a quarter slower at some times than at others; figures scale with this.
 */
function calibration(): number {
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    let x = 0;
    for (let i = 0; i < 1e8; i++) x += i % 7;
    times.push(performance.now() - t0 + (x < 0 ? 1 : 0));
  }
  return median(times);
}

function machine(): string {
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
  return `${os.cpus()[0]?.model ?? "unknown"} × ${os.cpus().length}, node ${process.version}, load average ${load}, calibration loop ${calibration().toFixed(0)} ms`;
}

async function ratioCheck(n: number, runs: number): Promise<number> {
  console.log(`bench --ratio-check: plan of ${n} generated environment stacks vs 1 (no pack), median of ${runs}; ${machine()}`);
  const s = planScaling(n, runs);
  console.log(`  1 stack:   ${fmt(s.one)}`);
  console.log(`  ${n} stacks: ${fmt(s.many)}`);
  // CPU time is the steadier measure on a shared machine; wall time is shown for the record.
  const ratio = Number.isFinite(s.ratio.cpu) ? s.ratio.cpu : s.ratio.wall;
  console.log(`  ratio ${ratio.toFixed(2)}× (bound ${MAX_PLAN_RATIO}×; marginal ${s.marginal.wall.toFixed(3)} s wall, ${s.marginal.cpu.toFixed(3)} s CPU per stack)`);
  if (ratio > MAX_PLAN_RATIO) {
    console.error(`bench: planning ${n} environment stacks costs ${ratio.toFixed(1)}× planning one (bound ${MAX_PLAN_RATIO}×): the per-stack cost of the plan has grown grossly. Profile: node --cpu-prof bin/plan.js --no-policies`);
    return 1;
  }
  return 0;
}

async function main(): Promise<number> {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const runs = arg("--runs", 3);
  const envs = arg("--envs", 40);
  if (process.argv.includes("--ratio-check")) return ratioCheck(envs, arg("--runs", 1));

  console.log(`machine: ${machine()}; medians of ${runs} runs`);
  const line = (what: string, t: Timing, target?: string) => console.log(`${what.padEnd(44)} ${fmt(t)}${target ? `   target ${target}` : ""}`);
  line("plan, repo stacks, with the pack", medianOf(runs, () => planProcess(undefined, true)), "≤ 5 s");
  line("plan, repo stacks, no pack", medianOf(runs, () => planProcess(undefined, false)));
  const s = planScaling(envs, runs);
  line("plan, 1 generated env stack, no pack", s.one);
  line(`plan, ${envs} generated env stacks, no pack`, s.many);
  console.log(`${"marginal cost per environment stack".padEnd(44)} ${s.marginal.wall.toFixed(3).padStart(7)} s wall ${s.marginal.cpu.toFixed(3).padStart(7)} s CPU   target ≤ 0.15 s`);
  console.log(`${"pack start (analyzer protocol, to Handshake)".padEnd(44)} ${(await packStart(runs)).toFixed(2).padStart(7)} s wall`);
  // As in CI and at a desk alike: the native compiler keeps no build info, every run checks everything.
  line("tsc --noEmit (root tsconfig)", medianOf(runs, () => timeProcess([TSC, "--noEmit", "-p", "tsconfig.json", "--checkers", "2"])), "≤ 3 s");
  line("npx releng-envs --help", medianOf(runs, () => timeProcess([BIN, "--help"])), "≤ 0.5 s");
  line("npx releng-envs list", medianOf(runs, () => timeProcess([BIN, "list"])), "≤ 0.5 s");

  const { rawConfigFromFile } = await import("../stacks/stackFile");
  const { evaluateStack } = await import("../tools/plan/evaluate");
  const { environmentRequests } = await import("./requests");
  const raw = rawConfigFromFile("env-example");
  for (const asleep of [false, true]) {
    const plan = await evaluateStack({ ...raw, values: { ...raw.values, asleep } }, { today: TODAY });
    if (plan.configError || plan.programError) throw new Error(`bench: env-example did not plan: ${plan.configError?.message ?? plan.programError}`);
    const r = environmentRequests(plan.kubeObjects.map((k) => k.object));
    console.log(`${`env-example (4 services) ${asleep ? "asleep" : "awake"}: requests`.padEnd(44)} ${fmtRequests(r.steady)}${r.transient.pods ? `; plus one-off Jobs: ${fmtRequests(r.transient)}` : ""}${asleep ? "" : "   target ≤ 1.5 vCPU, ≤ 3 GiB"}`);
  }
  console.log(`machine at the end: ${machine()}`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
