// The variables a json-e template needs, found with json-e itself (the language configloader
// renders with): statically, every context name any expression in the template mentions; for one
// environment, the names rendering actually looks up and does not find (json-e, like configloader,
// fails on an undefined variable).
import jsone from "json-e";
// json-e's own tokenizer, so expressions are split exactly as json-e splits them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Tokenizer = require("json-e/src/tokenizer");

/** json-e's expression tokens (json-e src/index.js). */
const tokenizer = new Tokenizer({
  ignore: "\\s+",
  patterns: {
    number: "[0-9]+(?:\\.[0-9]+)?",
    identifier: "[a-zA-Z_][a-zA-Z_0-9]*",
    string: "'[^']*'|\"[^\"]*\"",
    true: "true(?![a-zA-Z_0-9])",
    false: "false(?![a-zA-Z_0-9])",
    in: "in(?![a-zA-Z_0-9])",
    null: "null(?![a-zA-Z_0-9])",
  },
  tokens: ["**", ..."+-*/[].(){}:,".split(""), ">=", "<=", "<", ">", "==", "!=", "!", "&&", "||", "true", "false", "in", "null", "number", "identifier", "string"],
});

/** json-e built-ins (json-e src/builtins.js and `now`): never context variables. */
const BUILTINS = new Set(["min", "max", "sqrt", "ceil", "floor", "abs", "lowercase", "uppercase", "len", "str", "number", "strip", "rstrip", "lstrip", "join", "split", "fromNow", "typeof", "defined", "range", "now"]);

interface Token {
  kind: string;
  value: string;
}

/** Context names an expression mentions (identifiers not after `.`, not object-literal keys, not built-ins). */
export function expressionNames(expression: string): string[] {
  const tokens: Token[] = [];
  let offset = 0;
  for (;;) {
    const token = tokenizer.next(expression, offset);
    if (!token) break;
    tokens.push(token);
    offset = token.end;
  }
  const names: string[] = [];
  let braces = 0;
  tokens.forEach((t, i) => {
    if (t.kind === "{") braces++;
    if (t.kind === "}") braces--;
    if (t.kind !== "identifier") return;
    if (tokens[i - 1]?.kind === ".") return;
    if (braces > 0 && tokens[i + 1]?.kind === ":" && (tokens[i - 1]?.kind === "{" || tokens[i - 1]?.kind === ",")) return;
    if (BUILTINS.has(t.value)) return;
    names.push(t.value);
  });
  return names;
}

/** Expressions inside `${...}` of a string (json-e interpolation; `$${` escapes). */
function interpolations(text: string): string[] {
  const out: string[] = [];
  const re = /(?<!\$)\$\{([^}]*)\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]);
  return out;
}

/**
 * Every context name the template mentions anywhere, minus names bound by `$let`, `each(x)` and
 * `each(x, i)`. Sorted.
 */
export function templateReferences(template: unknown): string[] {
  const names = new Set<string>();
  const bound = new Set<string>();
  const expression = (e: unknown) => {
    if (typeof e === "string") for (const n of expressionNames(e)) names.add(n);
  };
  const walk = (node: unknown): void => {
    if (typeof node === "string") {
      for (const e of interpolations(node)) expression(e);
      return;
    }
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      for (const e of interpolations(key)) expression(e);
      if (key === "$eval" || key === "$if" || key === "$json" || key === "$fromNow" || key === "$sort") expression(value);
      if (key === "$let" && value && typeof value === "object") Object.keys(value).forEach((k) => bound.add(k));
      const each = /^each\(\s*([A-Za-z_]\w*)\s*(?:,\s*([A-Za-z_]\w*)\s*)?\)$/.exec(key);
      if (each) {
        bound.add(each[1]);
        if (each[2]) bound.add(each[2]);
        expression(value);
      }
      if (key === "$match" || key === "$switch") {
        if (value && typeof value === "object") Object.keys(value).forEach((k) => k !== "$default" && expression(k));
      }
      if (/^by\(/.test(key)) expression(key.slice(3, -1));
      walk(value);
    }
  };
  walk(template);
  for (const b of bound) names.delete(b);
  return [...names].sort();
}

const UNKNOWN = /unknown context value ([A-Za-z_][A-Za-z0-9_]*)/;

export interface RenderResult {
  /** Names of `known` the rendering looked up, in the order met. */
  lookedUp: string[];
  /** Names the rendering looked up that neither `context` nor `known` define, in the order met. */
  undefinedNames: string[];
  /** Another json-e error (not an undefined name), if any. */
  error?: string;
  rendered?: unknown;
}

/**
 * Renders like configloader (json-e over the environment; WORKER_ID added). A name missing from
 * `context` is taken from `known` and recorded as looked up (so the pod's own variables can be told
 * apart from what the scripts export), or, when `known` lacks it too, recorded as undefined and given
 * a placeholder so rendering continues to the next, until the template renders or fails otherwise.
 */
export function renderLikeConfigloader(template: unknown, context: Record<string, string>, known: Record<string, string> = {}, placeholder: (name: string) => string = () => "placeholder"): RenderResult {
  const ctx: Record<string, unknown> = { ...context, WORKER_ID: context.WORKER_ID ?? "worker-id" };
  const lookedUp: string[] = [];
  const undefinedNames: string[] = [];
  for (let i = 0; i < 1000; i++) {
    try {
      return { lookedUp, undefinedNames, rendered: jsone(template as Record<string, unknown>, ctx) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const m = UNKNOWN.exec(message);
      if (!m || m[1] in ctx) return { lookedUp, undefinedNames, error: message };
      if (m[1] in known) {
        lookedUp.push(m[1]);
        ctx[m[1]] = known[m[1]];
      } else {
        undefinedNames.push(m[1]);
        ctx[m[1]] = placeholder(m[1]);
      }
    }
  }
  return { lookedUp, undefinedNames, error: "too many undefined names" };
}
