// Benchmark of the offline plan: median wall time to evaluate each stack under mocks, and median
// schema-validation cost per Kubernetes object. Run: npm run bench [-- --runs N]. Not a test: the
// figures depend on the machine; report them with the machine noted (os.cpus()[0].model below).
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { validateKubeObject } from "../components/k8s/validate";
import { todayUtc } from "../stacks/load";
import { listStacks, rawConfigFromFile } from "../stacks/stackFile";
import { evaluateStack } from "../tools/plan/evaluate";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main() {
  const runsArg = process.argv.indexOf("--runs");
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
  const today = todayUtc();
  console.log(`machine: ${os.cpus()[0]?.model ?? "unknown"} × ${os.cpus().length}, node ${process.version}, ${runs} runs per stack (first run discarded as warm-up)`);
  console.log("stack".padEnd(24), "resources".padStart(9), "k8s objs".padStart(9), "median ms".padStart(10), "ms/resource".padStart(12), "validate µs/obj".padStart(16));
  for (const stack of listStacks()) {
    const raw = rawConfigFromFile(stack);
    const times: number[] = [];
    let plan = await evaluateStack(raw, { today });
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      plan = await evaluateStack(raw, { today });
      times.push(performance.now() - t0);
    }
    const objects = plan.kubeObjects.map((k) => k.object);
    const vtimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      for (const o of objects) validateKubeObject(o);
      vtimes.push(((performance.now() - t0) * 1000) / Math.max(1, objects.length));
    }
    const m = median(times);
    console.log(
      stack.padEnd(24),
      String(plan.resources.length).padStart(9),
      String(objects.length).padStart(9),
      m.toFixed(1).padStart(10),
      (m / Math.max(1, plan.resources.length)).toFixed(2).padStart(12),
      median(vtimes).toFixed(1).padStart(16),
    );
  }
}

void main();
