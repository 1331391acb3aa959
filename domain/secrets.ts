// How secret config reaches components: as Pulumi secret Outputs, fetched by name. The program
// implements it from the stack's config (program/secrets.ts); components only consume it.
import type * as pulumi from "@pulumi/pulumi";

export interface SecretSource {
  /** The secret at `releng-envs:secrets.<path>`, e.g. `shipit.authClientSecret`; fails if absent. */
  get(path: string): pulumi.Output<string>;
  has(path: string): boolean;
}
