// Names derived from an environment; one place, so every object agrees and tests can prove limits.
import { NAMESPACE_PREFIX } from "../../catalog/environment";

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

