// Names derived from an environment; one place, so every object agrees and tests can prove limits.
import { MAX_ENV_NAME, NAMESPACE_PREFIX } from "../../catalog/environment";

export function namespaceName(envName: string): string {
  return `${NAMESPACE_PREFIX}${envName}`;
}

/**
 * A Kubernetes label value (≤ 63 chars, alphanumeric at both ends, [-_.a-zA-Z0-9] inside) that
 * still reads as the input: `Jane.Doe@mozilla.com` → `jane.doe_at_mozilla.com`.
 */
export function labelValue(s: string): string {
  const cleaned = s
    .toLowerCase()
    .replace(/@/g, "_at_")
    .replace(/[^-_.a-z0-9]+/g, "-")
    .slice(0, 63)
    .replace(/^[^a-z0-9]+/, "")
    .replace(/[^a-z0-9]+$/, "");
  return cleaned;
}

/** Name of a service's object inside the environment namespace, e.g. `balrog-admin`. */
export function serviceObjectName(service: string, part?: string): string {
  const name = part ? `${service}-${part}` : service;
  if (name.length > 63) throw new Error(`object name ${name} is longer than 63 characters`);
  return name;
}

export { MAX_ENV_NAME };
