import * as fs from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that take 10–35 s each (real database servers, the pack packed and installed with npm, plans
 * with the pack), started first. vitest orders by the durations it remembers, and a clean clone (CI)
 * remembers none: it falls back to file size, and a short file that runs long started last leaves one
 * core idle for its last seconds (18 s in a clean-clone run). A renamed file must be renamed here too.
 */
const LONGEST_FIRST = [
  "test/components/services/balrog/seedScript.mariadb.test.ts",
  "test/policies/packStandalone.test.ts",
  "test/policies/plan.test.ts",
  "test/cli/balrogImport.mariadb.test.ts",
  "test/cli/shipitImport.postgres.test.ts",
  "test/cli/entry.test.ts",
  "test/tools/upstream/drift.test.ts",
];
const missing = LONGEST_FIRST.filter((f) => !fs.existsSync(path.join(__dirname, f)));
if (missing.length > 0) throw new Error(`vitest.config.mts LONGEST_FIRST names files that do not exist: ${missing.join(", ")}; rename or remove them there`);

class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    // A stable sort: everything else keeps vitest's own order.
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "components/**/*.test.ts", "stacks/**/*.test.ts", "tools/**/*.test.ts", "policies/**/*.test.ts", "cli/**/*.test.ts"],
    exclude: ["**/node_modules/**", "out/**"],
    // No per-file isolation: a worker keeps its module cache from one test file to the next, so the
    // SDK, the providers and zod load once per worker instead of once per file (half of vitest's CPU
    // time: docs/benchmarks.md). What a file must not share it resets itself: every plan installs
    // fresh mocks and runtime state (tools/plan/mocks.ts), tests that change process.env restore it,
    // and a check of what a fresh process loads runs in a child process.
    isolate: false,
    pool: "forks",
    // A larger young generation: the plans allocate many short-lived objects, and V8's default
    // 16 MiB semi-space spends a fifth of their CPU in scavenges (docs/benchmarks.md).
    execArgv: ["--max-semi-space-size=64"],
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine. The
    // main process only collects results, so every core gets a worker.
    maxWorkers: Math.max(2, availableParallelism()),
    // Every test file starts the Pulumi SDK without its closure serializer's TypeScript compiler and
    // Arborist (≈ 1.3 s of CPU per file; tools/deferClosureDeps.ts).
    setupFiles: ["tools/deferClosureDeps.ts"],
    sequence: { sequencer: LongestFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
