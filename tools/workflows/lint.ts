// Checks GitHub Actions workflow files offline with GitHub's own parser (@actions/workflow-parser,
// from actions/languageservices: the workflow schema and the expression grammar the VS Code
// extension uses), plus this project's rules: every action pinned to a full commit SHA with its version in a comment, and explicit
// least-privilege `permissions:` on the workflow.
// `npx tsx tools/workflows/lint.ts [--json] [file ...]` (default: .github/workflows/*.yml).
// Run through tsx: the parser is an ES module only (so a dynamic import()) that imports its JSON
// schema without an import attribute, which Node's own ESM loader refuses; tsx's loader accepts it.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";

const ROOT = path.resolve(__dirname, "../..");

/**
 * `owner/repo[/path]@<full commit SHA>`: a tag can be moved to other code, a commit cannot. The
 * line carries the version the SHA is, as a comment (`# v4.2.1`), so updates stay reviewable.
 */
const PINNED_ACTION = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^\s*(?:-\s+)?uses:\s*(\S+)\s+#\s*v\d+(\.\d+){0,2}\b/;

function projectRules(content: string): string[] {
  const problems: string[] = [];
  const doc = YAML.parse(content) as { permissions?: unknown; jobs?: Record<string, { steps?: { uses?: string }[]; uses?: string }> } | null;
  if (!doc || typeof doc !== "object") return problems;
  if (doc.permissions === undefined) problems.push("no top-level permissions: (give the least the workflow needs, e.g. permissions: {contents: read})");
  for (const [job, spec] of Object.entries(doc.jobs ?? {})) {
    const uses = [spec?.uses, ...(spec?.steps ?? []).map((s) => s?.uses)].filter((u): u is string => typeof u === "string");
    for (const u of uses) {
      if (u.startsWith("./") || u.startsWith("docker://")) continue;
      if (!PINNED_ACTION.test(u)) problems.push(`jobs.${job}: action '${u}' is not pinned to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)`);
    }
  }
  for (const line of content.split("\n")) {
    const uses = /^\s*(?:-\s+)?uses:\s*(\S+)/.exec(line)?.[1];
    if (uses && PINNED_ACTION.test(uses) && !VERSION_COMMENT.test(line)) problems.push(`action '${uses}' has no version comment (add # vX.Y.Z after the SHA)`);
  }
  return problems;
}

/** Every problem in one workflow file (empty when it is valid). */
export async function lintWorkflow(name: string, content: string): Promise<string[]> {
  const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import("@actions/workflow-parser");
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const problems = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) if (!problems.includes(e.Message)) problems.push(e.Message);
  }
  if (problems.length === 0) problems.push(...projectRules(content).map((p) => `${name}: ${p}`));
  return problems;
}

export function workflowFiles(dir = path.join(ROOT, ".github", "workflows")): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const files = args.filter((a) => a !== "--json");
  const results: Record<string, string[]> = {};
  for (const f of files.length > 0 ? files : workflowFiles()) {
    const rel = path.relative(ROOT, path.resolve(f));
    results[rel.startsWith("..") ? path.resolve(f) : rel] = await lintWorkflow(path.basename(f), fs.readFileSync(f, "utf8"));
  }
  if (json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  else for (const [f, problems] of Object.entries(results)) console.log(problems.length === 0 ? `✓ ${f}` : `✗ ${f}\n${problems.map((p) => `    ${p}`).join("\n")}`);
  process.exitCode = Object.values(results).some((p) => p.length > 0) ? 1 : 0;
}

if (require.main === module) void main();
