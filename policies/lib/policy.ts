// What every releng policy carries beyond @pulumi/policy's own fields, and small helpers the rules
// share. Type-only imports: loading @pulumi/policy's runtime is index.ts's job alone.
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";

export type PolicyFamily = "trust" | "lifecycle" | "hygiene";

interface RelengMetadata {
  name: string;
  description: string;
  severity: Severity;
  enforcementLevel: EnforcementLevel;
  remediationSteps: string;
  /** Where the policy is documented (docs/policies.md, generated from this metadata). */
  url: string;
  tags: string[];
  family: PolicyFamily;
  configSchema?: PolicyConfigSchema;
}

export type RelengResourcePolicy = ResourceValidationPolicy & RelengMetadata & { validateResource: NonNullable<ResourceValidationPolicy["validateResource"]> };
export type RelengStackPolicy = StackValidationPolicy & RelengMetadata;
export type RelengPolicy = RelengResourcePolicy | RelengStackPolicy;

/**
 * Docs of the pack, relative to the repository root (the pack has no canonical hosted URL yet);
 * each policy links to its own section.
 */
export const POLICY_DOCS_PATH = "docs/policies.md";

export function docsUrl(name: string): string {
  return `${POLICY_DOCS_PATH}#${name}`;
}

export function isStackPolicy(p: RelengPolicy): p is RelengStackPolicy {
  return typeof (p as RelengStackPolicy).validateStack === "function";
}

/**
 * The policy's effective config: what the engine passed (it fills schema defaults in before it
 * calls Configure) over the pack's own defaults, so a policy also behaves when run without config.
 */
export function configOf<T extends object>(defaults: T, args: { getConfig<U extends object>(): U }): T {
  const given = (args.getConfig<Partial<T>>() ?? {}) as Partial<T>;
  const out = { ...defaults } as T;
  for (const [k, v] of Object.entries(given)) if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** JSON schema of a configurable list of strings, with its default. */
export function stringList(description: string, defaults: readonly string[]) {
  return { type: "array" as const, items: { type: "string" as const }, description, default: [...defaults] };
}

/** JSON schema of the "now" override: a YYYY-MM-DD date, or empty for the current UTC date. */
export const TODAY_SCHEMA = {
  type: "string" as const,
  pattern: "^(\\d{4}-\\d{2}-\\d{2})?$",
  description: "Judge due dates as of this day (YYYY-MM-DD); empty means today (UTC). The offline plan sets it from --today, or a sample stack's checkedOut date.",
  default: "",
};

export function todayFrom(configured: string | undefined, now: Date = new Date()): string {
  return configured && /^\d{4}-\d{2}-\d{2}$/.test(configured) ? configured : now.toISOString().slice(0, 10);
}
