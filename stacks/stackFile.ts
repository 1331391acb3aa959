// Reads stack files the way the Pulumi engine would hand their config to the program, so the
// offline plan, the CLI and the program share one path into parseStackConfig.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { ConfigError } from "./errors";
import { NAMESPACE, type RawStackConfig } from "./load";

/** Placeholder the offline plan uses for secret values it cannot decrypt. */
export const SECRET_PLACEHOLDER = "[secret]";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const STACKS_DIR = path.join(PROJECT_ROOT, "stacks");

export function stackFilePath(stack: string, stacksDir = STACKS_DIR): string {
  return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** Every stack that has a file in `stacks/`, sorted. */
export function listStacks(stacksDir = STACKS_DIR): string[] {
  return fs
    .readdirSync(stacksDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .sort();
}

/**
 * The engine passes every config value as a string (objects as JSON); the program types them back.
 * `"false"` → false, `"30"` → 30, `'{"a":1}'` → object; anything that is not JSON stays a string.
 */
export function typedConfigValue(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

function engineString(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function isSecure(v: unknown): v is { secure: string } {
  return !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string";
}

function replaceSecure(v: unknown): { value: unknown; secret: boolean } {
  if (isSecure(v)) return { value: SECRET_PLACEHOLDER, secret: true };
  if (Array.isArray(v)) {
    const items = v.map(replaceSecure);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (v && typeof v === "object") {
    const entries = Object.entries(v).map(([k, c]) => [k, replaceSecure(c)] as const);
    return { value: Object.fromEntries(entries.map(([k, c]) => [k, c.value])), secret: entries.some(([, c]) => c.secret) };
  }
  return { value: v, secret: false };
}

/** Leaves under `secrets` that are not `{secure: ...}`: secrets written in plain text. */
export function plaintextSecretLeaves(secrets: unknown, prefix = ""): string[] {
  if (isSecure(secrets)) return [];
  if (secrets && typeof secrets === "object" && !Array.isArray(secrets)) {
    return Object.entries(secrets).flatMap(([k, c]) => plaintextSecretLeaves(c, prefix ? `${prefix}.${k}` : k));
  }
  return secrets === undefined || secrets === null ? [] : [prefix || "(value)"];
}

/** Parsed `config:` map of a stack file, or an error naming the file when YAML is broken. */
export function readStackFileConfig(file: string): Record<string, unknown> {
  const text = fs.readFileSync(file, "utf8");
  const doc = YAML.parseDocument(text);
  const shown = path.relative(PROJECT_ROOT, file) || file;
  const stack = /Pulumi\.(.+)\.yaml$/.exec(path.basename(file))?.[1] ?? path.basename(file);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ConfigError(stack, shown, [
      { key: "(the whole file)", problem: `is not valid YAML: ${e.message.split("\n")[0]}`, fix: "fix the YAML syntax there (indentation, an unclosed [ or {, a missing quote); compare with stacks/Pulumi.env-example.yaml" },
    ]);
  }
  const data = doc.toJS() as { config?: unknown } | null;
  const config = data?.config ?? {};
  if (typeof config !== "object" || Array.isArray(config) || config === null) {
    throw new ConfigError(stack, shown, [{ key: "config", problem: "must be a map of `releng-envs:<key>: value` entries", fix: "start the file with `config:` and indent each key under it, as in stacks/Pulumi.env-example.yaml" }]);
  }
  return config as Record<string, unknown>;
}

/** Defaults declared in Pulumi.yaml's `config:` block (the engine applies these too). */
export function projectConfigDefaults(projectRoot = PROJECT_ROOT): Record<string, unknown> {
  const data = YAML.parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as { config?: Record<string, { default?: unknown }> };
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(data.config ?? {})) {
    if (spec && typeof spec === "object" && "default" in spec) out[k.replace(`${NAMESPACE}:`, "")] = spec.default;
  }
  return out;
}

/** Build the RawStackConfig for `stack` from its file, as the offline plan and the CLI see it. */
export function rawConfigFromFile(stack: string, opts: { stacksDir?: string; projectRoot?: string } = {}): RawStackConfig {
  const stacksDir = opts.stacksDir ?? STACKS_DIR;
  const file = stackFilePath(stack, stacksDir);
  const config = readStackFileConfig(file);
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(projectConfigDefaults(opts.projectRoot))) values[k] = typedConfigValue(engineString(v));
  let rawSecrets: unknown;
  for (const [fullKey, v] of Object.entries(config)) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue; // other providers' config (kubernetes:, gcp:) is theirs
    const key = fullKey.slice(NAMESPACE.length + 1);
    const { value, secret } = replaceSecure(v);
    values[key] = typeof value === "string" ? typedConfigValue(value) : value;
    if (secret) secretKeys.push(key);
    if (key === "secrets") rawSecrets = v;
  }
  return {
    stack,
    file: path.relative(opts.projectRoot ?? PROJECT_ROOT, file) || file,
    values,
    secretKeys,
    plaintextSecretLeaves: plaintextSecretLeaves(rawSecrets),
  };
}
