// Builders of raw pools-stack config for tests: what the engine or a stack file would hand over.
import type { RawStackConfig } from "../stacks/load";

export function poolsRaw(level: string, pools: unknown[], extra: { secrets?: Record<string, unknown>; stack?: string; values?: Record<string, unknown> } = {}): RawStackConfig {
  const stack = extra.stack ?? `pools-${level}`;
  const values: Record<string, unknown> = { kind: "pools", level, maxDueDays: 30, pools, ...extra.values };
  if (extra.secrets) values.secrets = { pools: extra.secrets };
  return { stack, file: `stacks/Pulumi.${stack}.yaml`, values, secretKeys: extra.secrets ? ["secrets"] : [] };
}

/** A dep signing pool with one production Autograph server. */
export const depSigning = { script: "signing", product: "firefox", autograph: [{ server: "prod", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" }] };
