// `npm test`: every check of the repository, in two lanes at once, because vitest leaves cores idle
// while its tests wait on servers and child processes (docs/benchmarks.md):
//   lane 1: the type-checks, knip, the layer rules, then the bench's ratio step (each an npm script
//   of its own);
//   lane 2: vitest, its output streamed as it comes.
// Lane 1's steps print their output when each one ends, as one block. Every step runs to its end
// even when another fails; the exit code is 1 when any failed, and a summary names them with their
// times. The steps stay runnable alone (npm run typecheck, npm run lint:unused, npm run lint:layers,
// npx vitest run, npm run bench:ratio).
import { spawn } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

interface Step {
  name: string;
  command: string;
  args: string[];
  /** Stream the output as it comes (one step at most: the others would interleave with it). */
  live?: boolean;
}

interface Outcome {
  step: Step;
  code: number;
  seconds: number;
}

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** vitest's own command line (its package exports only package.json besides its API). */
const VITEST = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");

const LANES: Step[][] = [
  [
    { name: "typecheck", command: NPM, args: ["run", "--silent", "typecheck"] },
    { name: "lint:unused", command: NPM, args: ["run", "--silent", "lint:unused"] },
    { name: "lint:layers", command: NPM, args: ["run", "--silent", "lint:layers"] },
    { name: "bench:ratio", command: NPM, args: ["run", "--silent", "bench:ratio"] },
  ],
  [{ name: "vitest", command: process.execPath, args: [VITEST, "run"], live: true }],
];

function runStep(step: Step): Promise<Outcome> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { stdio: step.live ? "inherit" : ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? "1" : "0") } });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    const done = (code: number) => {
      const seconds = (performance.now() - t0) / 1000;
      if (!step.live) process.stdout.write(`\n── ${step.name} (${code === 0 ? "passed" : "FAILED"}, ${seconds.toFixed(1)} s) ──\n${output}${output.endsWith("\n") || !output ? "" : "\n"}`);
      resolve({ step, code, seconds });
    };
    child.on("error", (e) => {
      output += `${e.message}\n`;
      done(1);
    });
    child.on("close", (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

async function runLane(lane: Step[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of lane) outcomes.push(await runStep(step));
  return outcomes;
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const outcomes = (await Promise.all(LANES.map(runLane))).flat();
  const failed = outcomes.filter((o) => o.code !== 0);
  console.log(`\nnpm test: ${outcomes.map((o) => `${o.step.name} ${o.code === 0 ? "ok" : "FAILED"} ${o.seconds.toFixed(0)} s`).join(", ")}; ${((performance.now() - t0) / 1000).toFixed(0)} s in all.`);
  if (failed.length > 0) console.error(`npm test: FAILED: ${failed.map((o) => o.step.name).join(", ")} (its output is above).`);
  return failed.length > 0 ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
});
