// Raw stack config for the library-service tests: what a stack file with these services holds.
import type { RawStackConfig } from "../../../stacks/load";
import { envRaw } from "../../helpers";

export const BOUNCER_SETTINGS = { images: { redirector: "registry.test/go-bouncer:1", admin: "registry.test/bouncer-admin:1" } };
export const SHIPIT_SETTINGS = { imageTag: "dev" };

/** Distinctive fake credentials: a test can look for them where they must (not) appear. */
export const SHIPIT_CREDENTIALS = {
  authClientId: "fake-auth-client-id-4711",
  authClientSecret: "fake-auth-client-secret-4711",
  taskclusterClientId: "project/releng/shipit/staging-fake-4711",
  taskclusterAccessToken: "fake-taskcluster-token-4711",
};

export type ServiceKey = "balrog" | "bouncer" | "shipit" | "archive";

const SETTINGS: Record<ServiceKey, object> = { balrog: {}, bouncer: BOUNCER_SETTINGS, shipit: SHIPIT_SETTINGS, archive: {} };

/** An environment checking out `services` with working settings (and Ship-it credentials when needed). */
export function envWith(services: readonly ServiceKey[], overrides: Record<string, unknown> = {}): RawStackConfig {
  const values: Record<string, unknown> = { services: Object.fromEntries(services.map((s) => [s, SETTINGS[s]])), ...overrides };
  if (services.includes("shipit") && !("secrets" in overrides)) values.secrets = { shipit: SHIPIT_CREDENTIALS };
  return envRaw(values, "secrets" in values ? { secretKeys: ["secrets"] } : {});
}
