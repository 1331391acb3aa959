// Secret config reaches components only as Pulumi secret Outputs, fetched by name.
import * as pulumi from "@pulumi/pulumi";
import type { SecretSource } from "../domain/secrets";

export function configSecrets(names: readonly string[]): SecretSource {
  const config = new pulumi.Config();
  const all = names.length > 0 ? config.requireSecretObject<Record<string, unknown>>("secrets") : pulumi.secret({});
  return {
    has: (path) => names.includes(path),
    get: (path) => {
      if (!names.includes(path)) throw new Error(`secret releng-envs:secrets.${path} is not set`);
      return pulumi.secret(
        all.apply((root) => {
          let v: unknown = root;
          for (const part of path.split(".")) v = (v as Record<string, unknown>)?.[part];
          return String(v);
        }),
      );
    },
  };
}
