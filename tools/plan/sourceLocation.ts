// Where in a stack file a finding belongs: the line and column of the offending key, from the
// `yaml` package's node ranges, so code scanning annotates the line a pull request changed.
import * as fs from "node:fs";
import YAML, { isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair } from "yaml";
import { NAMESPACE } from "../../stacks/load";

export interface SourceRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** The config key (or resource) the region is the location of, as far as the file has it. */
  found: string;
}

/** `releng-envs:services.balrog.images[0]` → ["releng-envs:services", "balrog", "images", 0]. */
export function keySegments(key: string): (string | number)[] {
  const bare = key.startsWith(`${NAMESPACE}:`) ? key.slice(NAMESPACE.length + 1) : key;
  const segments: (string | number)[] = [];
  for (const m of bare.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  if (typeof segments[0] === "string") segments[0] = `${NAMESPACE}:${segments[0]}`;
  return segments;
}

interface Parsed {
  doc: YAML.Document.Parsed;
  lines: LineCounter;
}

const cache = new Map<string, { mtimeMs: number; parsed: Parsed }>();

function parse(file: string): Parsed | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.parsed;
  const lines = new LineCounter();
  const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"), { lineCounter: lines, keepSourceTokens: false });
  const parsed = { doc, lines };
  cache.set(file, { mtimeMs: stat.mtimeMs, parsed });
  return parsed;
}

function region(p: Parsed, node: Node | Pair, found: string): SourceRegion | undefined {
  const target = isPair(node) ? (node.key as Node | null) : node;
  const range = target && "range" in target ? target.range : undefined;
  if (!range) return undefined;
  const start = p.lines.linePos(range[0]);
  const end = p.lines.linePos(range[1]);
  return { startLine: start.line, startColumn: start.col, endLine: end.line, endColumn: end.col, found };
}

function childOf(node: unknown, segment: string | number): { node: Node; at: Node | Pair } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((i) => (isScalar(i.key) ? i.key.value : i.key) === segment);
    return pair ? { node: pair.value as Node, at: pair } : undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment] as Node | undefined;
    return item ? { node: item, at: item } : undefined;
  }
  return undefined;
}

/**
 * The region of `key` (a config key path, as config problems name it) in the stack file. A key the
 * file lacks (a required key that is missing) resolves to its deepest existing parent, and a file
 * whose YAML is broken to its first error; undefined when the file cannot be read.
 */
export function locateConfigKey(file: string, key: string): SourceRegion | undefined {
  const p = parse(file);
  if (!p) return undefined;
  if (p.doc.errors.length > 0) {
    const [line, col] = p.doc.errors[0].linePos?.[0] ? [p.doc.errors[0].linePos[0].line, p.doc.errors[0].linePos[0].col] : [1, 1];
    return { startLine: line, startColumn: col, endLine: line, endColumn: col, found: "(the whole file)" };
  }
  const config = childOf(p.doc.contents, "config");
  if (!config) return region(p, p.doc.contents as Node, "(the whole file)") ?? { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, found: "(the whole file)" };
  let at: Node | Pair = config.at;
  let node: Node = config.node;
  const found: (string | number)[] = [];
  for (const segment of keySegments(key)) {
    const next = childOf(node, segment);
    if (!next) break;
    ({ node, at } = next);
    found.push(segment);
  }
  const name = found.length === 0 ? "config" : found.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  return region(p, at, name);
}

/** The region of a recorded resource (`resources[i]` of a `<stack>.resources.yaml`) by its name. */
export function locateRecordedResource(file: string, resourceName: string): SourceRegion | undefined {
  const p = parse(file);
  if (!p || p.doc.errors.length > 0) return undefined;
  const resources = childOf(p.doc.contents, "resources")?.node;
  if (!isSeq(resources)) return undefined;
  const index = resources.items.findIndex((item) => isMap(item) && item.get("name") === resourceName);
  if (index < 0) return undefined;
  const name = childOf(resources.items[index], "name");
  return name ? region(p, name.at, `resources[${index}]`) : undefined;
}

/**
 * The config key whose value `text` mentions (the longest such value, at least 4 characters): a
 * finding about a host, a format or a secret name is located where the stack file wrote it.
 */
export function locateMentionedValue(file: string, text: string): { key: string; region: SourceRegion } | undefined {
  const p = parse(file);
  if (!p || p.doc.errors.length > 0) return undefined;
  const config = childOf(p.doc.contents, "config");
  if (!config) return undefined;
  const haystack = text.toLowerCase();
  let best: { key: string; node: Node; length: number } | undefined;
  const walk = (node: unknown, key: string) => {
    if (isMap(node)) for (const pair of node.items) walk(pair.value, `${key}${key ? "." : ""}${isScalar(pair.key) ? String(pair.key.value) : ""}`);
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${key}[${i}]`));
    else if (isScalar(node) && typeof node.value === "string" && node.value.length >= 4 && haystack.includes(node.value.toLowerCase())) {
      if (!best || node.value.length > best.length) best = { key, node, length: node.value.length };
    }
  };
  walk(config.node, "");
  if (!best) return undefined;
  const found = best as { key: string; node: Node };
  const r = region(p, found.node, found.key);
  return r ? { key: found.key, region: r } : undefined;
}
