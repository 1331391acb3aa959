// Reads stack files the way the Pulumi engine would hand their config to the program, so the
// offline plan, the CLI and the program share one path into parseStackConfig.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { ConfigError } from "./errors";
import { NAMESPACE, type RawStackConfig } from "./load";
import { TEXT_KEYS } from "./schema";
import { PROJECT_ROOT, STACKS_DIR } from "./projectRoot";

export { PROJECT_ROOT, STACKS_DIR };

/** Placeholder the offline plan uses for secret values it cannot decrypt. */
export const SECRET_PLACEHOLDER = "[secret]";


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
 * Keys whose value is always text (`key` in TEXT_KEYS: name, holder, purpose, dates) stay strings.
 */
export function typedConfigValue(s: string, key?: string): unknown {
  if (key !== undefined && TEXT_KEYS.has(key)) return s;
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

/** The stack name a `Pulumi.<stack>.yaml` path is for. */
function stackOfFile(file: string): string {
  return /Pulumi\.(.+)\.yaml$/.exec(path.basename(file))?.[1] ?? path.basename(file);
}

/** Parsed `config:` map of a stack file, or an error naming the file when it cannot be read as one. */
export function readStackFileConfig(file: string, shown = path.relative(PROJECT_ROOT, file) || file): Record<string, unknown> {
  const stack = stackOfFile(file);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    // A directory named like a stack file is the user's mistake; other read failures are the environment's.
    if ((e as NodeJS.ErrnoException).code !== "EISDIR") throw e;
    throw new ConfigError(stack, shown, [{ key: "(the whole file)", problem: "is a directory, not a stack file", fix: `move or rename the directory ${shown}; stack files are YAML files` }]);
  }
  return stackFileConfigFromText(text, stack, shown);
}

/** Parsed `config:` map of a stack file's text; `shown` is the file name every error names. */
export function stackFileConfigFromText(text: string, stack: string, shown: string): Record<string, unknown> {
  const whole = (problem: string, fix: string) => new ConfigError(stack, shown, [{ key: "(the whole file)", problem, fix }]);
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    // The first line of the parser's message says what and where; the lines after it quote the file.
    throw whole(`is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`, "fix the YAML syntax there (indentation, an unclosed [ or {, a missing quote); compare with stacks/Pulumi.env-example.yaml");
  }
  let data: { config?: unknown } | null;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"): a stack file needs few aliases, if any.
    data = doc.toJS({ maxAliasCount: 100 }) as { config?: unknown } | null;
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    throw whole(`uses YAML aliases that expand too far (${e.message.split("\n")[0]})`, "write the values out instead of nesting aliases (*name) of aliases");
  }
  if (data !== null && (typeof data !== "object" || Array.isArray(data))) {
    throw whole("is not a YAML map with a `config:` key", "start the file with `config:` and indent each key under it, as in stacks/Pulumi.env-example.yaml");
  }
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
  const file = stackFilePath(stack, opts.stacksDir ?? STACKS_DIR);
  const shown = path.relative(opts.projectRoot ?? PROJECT_ROOT, file) || file;
  return rawConfigFromConfig(stack, shown, readStackFileConfig(file, shown), opts.projectRoot);
}

/**
 * The RawStackConfig the text of a would-be stack file gives, named `shown` in every error: how the
 * CLI validates a file before writing it (no temporary copy on disk).
 */
export function rawConfigFromText(stack: string, text: string, shown: string, projectRoot?: string): RawStackConfig {
  return rawConfigFromConfig(stack, shown, stackFileConfigFromText(text, stack, shown), projectRoot);
}

function rawConfigFromConfig(stack: string, file: string, config: Record<string, unknown>, projectRoot?: string): RawStackConfig {
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(projectConfigDefaults(projectRoot))) values[k] = typedConfigValue(engineString(v), k);
  let rawSecrets: unknown;
  for (const [fullKey, v] of Object.entries(config)) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue; // other providers' config (kubernetes:, gcp:) is theirs
    const key = fullKey.slice(NAMESPACE.length + 1);
    const { value, secret } = replaceSecure(v);
    // As the engine hands them over: a text key written as a number or boolean (purpose: 150) is text.
    values[key] = typeof value === "string" ? typedConfigValue(value, key) : TEXT_KEYS.has(key) && (typeof value === "number" || typeof value === "boolean") ? String(value) : value;
    if (secret) secretKeys.push(key);
    if (key === "secrets") rawSecrets = v;
  }
  return { stack, file, values, secretKeys, plaintextSecretLeaves: plaintextSecretLeaves(rawSecrets) };
}
