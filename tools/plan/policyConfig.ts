// The policy pack config, handled like the engine handles `--policy-pack-config FILE`
// (pulumi/pulumi pkg/resource/analyzer/config.go: parsePolicyPackConfig, ReconcilePolicyPackConfig):
// each policy starts from its schema defaults and its own enforcement level, `all` sets every
// level, a policy's entry overrides, and the result is validated against the policy's schema.
import * as fs from "node:fs";
import Ajv from "ajv";
import type { AnalyzerInfo, EnforcementLevel, PolicyConfig } from "./policyPack";

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface GivenPolicyConfig {
  enforcementLevel?: EnforcementLevel;
  properties: Record<string, unknown>;
}

export class PolicyConfigError extends Error {}

/** Parse the JSON a user gives `pulumi preview --policy-pack-config` (a string level or an object per policy). */
export function parsePolicyConfig(text: string, file: string): Record<string, GivenPolicyConfig> {
  if (text.trim() === "") return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PolicyConfigError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new PolicyConfigError(`${file}: must be a JSON object mapping policy names (or "all") to a level or an object`);
  const out: Record<string, GivenPolicyConfig> = {};
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === "string") {
      if (!LEVELS.includes(v as EnforcementLevel)) throw new PolicyConfigError(`${file}: "${name}": "${v}" is not an enforcement level (${LEVELS.join(", ")})`);
      out[name] = { enforcementLevel: v as EnforcementLevel, properties: {} };
    } else if (v && typeof v === "object" && !Array.isArray(v)) {
      const { enforcementLevel, ...properties } = v as Record<string, unknown>;
      if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as EnforcementLevel)) {
        throw new PolicyConfigError(`${file}: "${name}".enforcementLevel: "${String(enforcementLevel)}" is not an enforcement level (${LEVELS.join(", ")})`);
      }
      out[name] = { enforcementLevel: enforcementLevel as EnforcementLevel | undefined, properties };
    } else {
      throw new PolicyConfigError(`${file}: "${name}": must be an enforcement level or an object`);
    }
  }
  return out;
}

export function readPolicyConfig(file: string): Record<string, GivenPolicyConfig> {
  if (!fs.existsSync(file)) throw new PolicyConfigError(`${file}: no such file (--policy-config takes the JSON file you would pass to pulumi preview --policy-pack-config)`);
  return parsePolicyConfig(fs.readFileSync(file, "utf8"), file);
}

/** Defaults from the pack's metadata, then `all`, then each policy's own entry; validated. */
export function reconcilePolicyConfig(info: AnalyzerInfo, given: Record<string, GivenPolicyConfig>, file = "policy config"): Record<string, PolicyConfig> {
  const result: Record<string, PolicyConfig> = {};
  for (const p of info.policies) {
    const properties: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) if ("default" in schema) properties[k] = schema.default;
    result[p.name] = { enforcementLevel: p.enforcementLevel, properties };
  }
  const all = given.all?.enforcementLevel;
  if (all) for (const c of Object.values(result)) c.enforcementLevel = all;
  const known = new Set(info.policies.map((p) => p.name));
  for (const [name, g] of Object.entries(given)) {
    if (name === "all") continue;
    // The engine ignores unknown names; a typo would silently leave a policy untuned, so say it.
    if (!known.has(name)) throw new PolicyConfigError(`${file}: "${name}" is not a policy of pack ${info.name} (policies: ${[...known].join(", ")})`);
    if (g.enforcementLevel) result[name].enforcementLevel = g.enforcementLevel;
    Object.assign(result[name].properties, g.properties);
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  const problems: string[] = [];
  for (const p of info.policies) {
    const schema = { type: "object", properties: p.configSchema?.properties ?? {}, ...(p.configSchema?.required?.length ? { required: p.configSchema.required } : {}) };
    const validate = ajv.compile(schema);
    if (!validate(result[p.name].properties)) for (const e of validate.errors ?? []) problems.push(`${p.name}${e.instancePath.replace(/\//g, ".")}: ${e.message}`);
  }
  if (problems.length > 0) throw new PolicyConfigError(`${file}: invalid policy config:\n  ${problems.join("\n  ")}`);
  return result;
}
