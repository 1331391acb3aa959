// Builders of raw stack config for tests: what the engine or a stack file would hand over.
import { isConfigError, type ConfigError } from "../stacks/errors";
import { parseStackConfig, type RawStackConfig } from "../stacks/load";

export const TODAY = "2026-11-21";

export function envValues(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: "environment",
    name: "jane-fx150",
    holder: "jane.doe@mozilla.com",
    purpose: "Staging release of Firefox 150.0b3",
    due: "2026-12-01",
    maxDueDays: 30,
    services: { balrog: {}, archive: {} },
    ...overrides,
  };
}

export function envRaw(overrides: Record<string, unknown> = {}, extra: Partial<RawStackConfig> = {}): RawStackConfig {
  const values = envValues(overrides);
  const name = typeof values.name === "string" ? values.name : "x";
  return { stack: `env-${name}`, file: `stacks/Pulumi.env-${name}.yaml`, values, secretKeys: [], ...extra };
}

/** The ConfigError `raw` must produce (fails the test when it parses). */
export function problemsOf(raw: RawStackConfig, today = TODAY): ConfigError {
  try {
    parseStackConfig(raw, { today });
  } catch (e) {
    if (isConfigError(e)) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}
