// Stryker's own test selection (npm run mutate, stryker.config.json): only fast unit tests that
// judge the trust modules directly (pure functions, the schema on small raw configs, builders, the
// pack's rules on hand-built resources). Plan-based tests re-plan whole stacks (1-3 s each) and
// would make every mutant cost seconds; text-equality drift checks (the generated pack catalogue,
// the docs snapshot) would kill every data mutant without proving any behaviour. Both stay in
// `npm test` (vitest.config.mts), not here.
import { defineConfig } from "vitest/config";

export const MUTATION_TESTS = [
  "test/catalog/canonical.test.ts",
  "test/stacks/config.test.ts",
  "test/stacks/pools.test.ts",
  "test/stacks/requiredSecrets.test.ts",
  "test/stacks/poolsSchema.test.ts",
  "test/stacks/fallbacks.test.ts",
  "test/policies/trust.test.ts",
  "test/policies/lib.test.ts",
  "test/policies/levels.test.ts",
  "test/policies/lifecycleHygiene.test.ts",
  "test/components/env/guardrails.test.ts",
  "test/domain/poolRules.test.ts",
  "test/policies/builtStacks.test.ts",
  "test/policies/libUnits.test.ts",
  "test/components/env/egressProxyObjects.test.ts",
  "test/policies/trustEdges.test.ts",
  "test/policies/libEdges.test.ts",
  // The catalogue's decisions judged against upstream's contract data: level name conflicts
  // (placeholder or refused) and the Autograph credential lists; the pack's placeholder handling.
  "test/domain/levelConflicts.test.ts",
  "test/catalog/autographCredentials.test.ts",
  "test/policies/placeholders.test.ts",
];

export default defineConfig({
  test: {
    include: MUTATION_TESTS,
    exclude: ["**/node_modules/**", "out/**"],
    testTimeout: 60_000,
  },
});
