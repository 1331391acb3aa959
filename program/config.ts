// Reads the stack's config from the Pulumi engine into parseStackConfig's raw form.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { todayUtc } from "../domain/dates";
import { NAMESPACE, parseStackConfig, type StackConfig } from "../stacks/load";
import { plaintextSecretLeaves, readStackFileConfig, stackFilePath, typedConfigValue } from "../stacks/stackFile";
import { renderTargetWarning } from "./renderTarget";

// Internal to the SDK but stable since 3.x: which config keys the engine holds as secrets.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };

export function readProgramConfig(today = todayUtc()): StackConfig {
  const stack = pulumi.getStack();
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    const key = fullKey.slice(NAMESPACE.length + 1);
    values[key] = typedConfigValue(value, key);
    if (isConfigSecret(fullKey)) secretKeys.push(key);
  }
  // The engine hands over decrypted values; only the file shows whether a secret was written in plain text.
  const file = stackFilePath(stack);
  const leaves = fs.existsSync(file) ? plaintextSecretLeaves(readStackFileConfig(file)[`${NAMESPACE}:secrets`]) : [];
  const config = parseStackConfig({ stack, file: `stacks/Pulumi.${stack}.yaml`, values, secretKeys, plaintextSecretLeaves: leaves }, { today });
  if ((config.kind === "environment" || config.kind === "pools") && config.sample && !pulumi.runtime.isDryRun()) {
    throw new pulumi.RunError(
      `stacks/Pulumi.${stack}.yaml is a sample stack (releng-envs:sample: true): it documents the format and is never deployed.\n` +
        (config.kind === "pools"
          ? `Declare pools in pools-<level> (docs/pools.md).`
          : `Check out your own environment: npx releng-envs checkout <name> --holder you@mozilla.com --services balrog,archive --days 14 --purpose "..."`),
    );
  }
  if (config.kind === "environment" || config.kind === "pools") {
    // The render target writes Secrets in clear: always said here; refused inside a git work tree on
    // up (unless asked) by the plan, with the stack's other problems (program/renderTarget.ts).
    const warning = renderTargetWarning(config, { deploying: !pulumi.runtime.isDryRun() });
    if (warning) void pulumi.log.warn(warning);
  }
  return config;
}
