// Reads what a deployed stack reports about itself, for `list --state`: its outputs, from either a
// `pulumi stack export` file (state) or an outputs file (`pulumi stack output --json`, or the offline
// plan's out/<stack>/outputs.json). Only URLs and seed provenance are shown; secrets are skipped.
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError, problemBlock } from "./errors";

/** A URL as it may be printed: any user name or password in it replaced (state is not ours to trust). */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1[credentials removed]@");
}

export interface StackStateSummary {
  /** The file the outputs were read from. */
  source: string;
  /** Output paths holding http(s) URLs, e.g. `balrog.publicUrl`. */
  urls: { path: string; url: string }[];
  /** Output paths whose key names a seed (which dump, when), e.g. `balrog.seed.lastModified`. */
  seed: { path: string; value: string }[];
}

// `pulumi stack export` writes secret outputs as objects carrying this signature key (ciphertext only).
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function isSecretValue(v: unknown): boolean {
  return !!v && typeof v === "object" && SECRET_SIG in (v as object);
}

/** Candidate files for `stack` under a `--state` directory, in the order they are tried. */
export function stateFileCandidates(dir: string, stack: string): string[] {
  return [path.join(dir, `${stack}.json`), path.join(dir, stack, "state.json"), path.join(dir, stack, "outputs.json")];
}

/** The stack outputs held by a stack export or an outputs file. */
export function outputsOf(json: unknown): Record<string, unknown> {
  const deployment = (json as { deployment?: { resources?: { type?: string; outputs?: Record<string, unknown> }[] } })?.deployment;
  if (deployment && Array.isArray(deployment.resources)) {
    const outputs = deployment.resources.find((r) => !!r && typeof r === "object" && r.type === "pulumi:pulumi:Stack")?.outputs;
    return outputs && typeof outputs === "object" && !Array.isArray(outputs) ? outputs : {};
  }
  return json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
}

interface HandoffOutput {
  endpoints?: Record<string, { url?: unknown; source?: unknown }>;
}

/**
 * An environment's outputs: its staging-release handoff (each endpoint, own copy or fallback) and its
 * Balrog seed provenance say it all; other stacks' outputs are walked for URLs and seed keys.
 */
export function summarizeOutputs(outputs: Record<string, unknown>, source: string): StackStateSummary {
  const handoff = (outputs.stagingRelease as HandoffOutput | undefined)?.endpoints;
  if (handoff && typeof handoff === "object") {
    const urls = Object.entries(handoff)
      .filter(([, e]) => typeof e?.url === "string")
      .map(([name, e]) => ({ path: `${name} (${String(e.source ?? "?")})`, url: withoutCredentials(String(e.url)) }));
    const provenance = (outputs.balrog as { seed?: { provenance?: unknown } } | undefined)?.seed?.provenance;
    const seed = generic(provenance && typeof provenance === "object" ? { balrog: { seed: { provenance } } } : {}, source).seed;
    return { source, urls, seed };
  }
  return generic(outputs, source);
}

function generic(outputs: Record<string, unknown>, source: string): StackStateSummary {
  const summary: StackStateSummary = { source, urls: [], seed: [] };
  const walk = (v: unknown, p: string, underSeed: boolean) => {
    if (isSecretValue(v)) return;
    const seedHere = underSeed || /seed/i.test(p.split(".").at(-1) ?? "");
    if (Array.isArray(v)) v.forEach((c, i) => walk(c, `${p}[${i}]`, seedHere));
    else if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, p ? `${p}.${k}` : k, seedHere);
    else if (typeof v === "string" && /^https?:\/\//.test(v) && !seedHere) summary.urls.push({ path: p, url: withoutCredentials(v) });
    else if (seedHere && v !== undefined && v !== null) summary.seed.push({ path: p, value: withoutCredentials(String(v)) });
  };
  walk(outputs, "", false);
  return summary;
}

/** The state summary of `stack` under `stateDir`, or undefined when no file is there for it. */
export function readStackState(stateDir: string, stack: string): StackStateSummary | undefined {
  const file = stateFileCandidates(stateDir, stack).find((f) => fs.existsSync(f));
  if (!file) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    // The parser's message quotes the file's text, which may hold secrets: it is not shown.
    throw new CliError(
      problemBlock(`Cannot read the state of ${stack}: ${file} is not valid JSON.`, [
        { key: "--state", problem: `${file} is not JSON`, fix: `give a directory of pulumi stack export (or pulumi stack output --json) files: pulumi stack export --stack ${stack} > ${file}` },
      ], "Nothing was changed."),
    );
  }
  return summarizeOutputs(outputsOf(json), file);
}
