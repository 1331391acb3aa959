import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

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
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
