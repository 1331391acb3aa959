import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "components/**/*.test.ts", "stacks/**/*.test.ts", "tools/**/*.test.ts", "policies/**/*.test.ts", "cli/**/*.test.ts"],
    exclude: ["**/node_modules/**", "out/**"],
    // Per-file isolation: each file gets its own Pulumi runtime state and mocks.
    isolate: true,
    pool: "forks",
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
