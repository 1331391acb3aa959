// Builders of raw stack config for tests: what the engine or a stack file would hand over.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isConfigError, type ConfigError } from "../stacks/errors";
import { parseStackConfig, type RawStackConfig } from "../stacks/load";
import { readStackFileConfig, STACKS_DIR } from "../stacks/stackFile";

export const TODAY = "2026-11-21";

/**
 * Whether a stack file in stacks/ is a release engineer's checkout (an environment that is not a
 * sample). Checkouts come and go with real dates; tests never plan them, so a checkout made on any
 * day cannot turn the suite red. A file that does not parse counts as a checkout (it is not ours).
 */
export function isUserCheckout(file: string): boolean {
  try {
    const config = readStackFileConfig(file);
    return config["releng-envs:kind"] === "environment" && config["releng-envs:sample"] !== true;
  } catch {
    return true;
  }
}

/**
 * A fresh fixture stacks directory: the repository's own stacks (pools, platform, the samples, all
 * date-stable) without any user checkout, plus `extra` files. What every test that plans or runs
 * the CLI uses instead of stacks/ itself.
 */
export function fixtureStacksDir(extra: Record<string, string> = {}, sourceDir = STACKS_DIR): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releng-envs-stacks-"));
  for (const f of fs.readdirSync(sourceDir).filter((f) => f.endsWith(".yaml"))) {
    if (!isUserCheckout(path.join(sourceDir, f))) fs.copyFileSync(path.join(sourceDir, f), path.join(dir, f));
  }
  for (const [f, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

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
