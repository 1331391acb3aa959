// The plan's reports, for people and tools: out/report.md (roll-up, findings by rule, a picture),
// out/report.json and out/report.sarif (SARIF 2.1.0 for code scanning). One model feeds all three,
// so every stack — including one whose config, schema or program failed — appears in each, and
// the exit code is the model's `ok`.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as sarif from "sarif";
import { PROJECT_ROOT } from "../../stacks/stackFile";
import type { StackPlan } from "./evaluate";
import type { EnforcementLevel, PolicyInfo } from "./policyPack";
import { mandatoryFindings, type PolicyFinding, type PolicyRunResult } from "./policyRun";
import { causeOf, findingKey, PLAN_RULES, planFindings, stackFacts, type StackFacts } from "./planFindings";
import { locateConfigKey, locateMentionedValue, locateRecordedResource, type SourceRegion } from "./sourceLocation";
import { trustDiagram } from "./trustDiagram";

/** Where the repository is browsable: absolute links in the reports when the run knows it. */
export interface Repository {
  /** e.g. https://github.com/mozilla-releng/releng-envs */
  url: string;
  /** The commit (or branch) links point at. */
  ref: string;
}

/** The repository of a GitHub Actions run (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA), if this is one. */
export function repositoryFromEnv(env: NodeJS.ProcessEnv = process.env): Repository | undefined {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_SHA) return undefined;
  return { url: `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}`, ref: env.GITHUB_SHA };
}

export interface ReportFinding extends PolicyFinding {
  /** The config key (or recorded resource) the finding is located at. */
  key: string;
  region?: SourceRegion;
  /** Every resource the one root cause showed up on. */
  resources: string[];
  /** Stable across runs: stack, rule, key and resources; never the message (it carries dates). */
  fingerprint: string;
}

export interface ReportStack {
  stack: string;
  file: string;
  /** The day due dates were judged as of. */
  today: string;
  resources: number;
  facts: StackFacts;
  /** Whether this stack's mandatory findings fail the run (the stacks a change touches). */
  gating: boolean;
  findings: ReportFinding[];
}

export interface ReportRule extends PolicyInfo {
  /** The level in force (after --policy-config). */
  level: EnforcementLevel;
}

export interface PlanReport {
  pack?: { name: string; version: string };
  today: string;
  rules: ReportRule[];
  stacks: ReportStack[];
  ok: boolean;
  /** Mandatory findings in gating stacks: what fails the run (a remediated one is fixed by pulumi up). */
  failing: number;
  repository?: Repository;
  diagram: string;
}

export interface BuildReportOptions {
  today: string;
  /** Stacks whose findings fail the run; all when undefined. */
  gate?: readonly string[];
  repository?: Repository;
}

const LEVEL_ORDER: EnforcementLevel[] = ["mandatory", "remediate", "advisory", "disabled"];

export function fails(f: { enforcementLevel: EnforcementLevel }): boolean {
  return f.enforcementLevel === "mandatory";
}

function failed(plan: StackPlan): boolean {
  return !!plan.configError || !!plan.programError || plan.schemaErrors.length > 0;
}

function absolute(file: string): string {
  return path.resolve(PROJECT_ROOT, file);
}

/** Findings with one root cause (same stack, rule, key and message) become one, listing every resource. */
function merge(findings: ReportFinding[]): ReportFinding[] {
  const byCause = new Map<string, ReportFinding>();
  for (const f of findings) {
    // A config problem is its key; a pack finding is its cause, whichever objects it shows up on.
    const cause = f.resourceType === "config" ? `${f.policy}\u0000${f.key}\u0000${f.message}` : `${f.policy}\u0000${causeOf(f.message)}`;
    const seen = byCause.get(cause);
    if (seen) {
      if (!seen.resources.includes(f.resourceName)) seen.resources.push(f.resourceName);
    } else byCause.set(cause, f);
  }
  return [...byCause.values()];
}

function fingerprint(stack: string, f: { policy: string; key: string; resources: string[] }): string {
  const hash = createHash("sha256").update([stack, f.policy, f.key, ...[...f.resources].sort()].join("\u0000")).digest("hex");
  return `${hash.slice(0, 16)}:1`;
}

export function buildReport(plans: readonly StackPlan[], result: PolicyRunResult | undefined, opts: BuildReportOptions): PlanReport {
  const gate = opts.gate ? new Set(opts.gate) : undefined;
  const stacks: ReportStack[] = plans.map((plan) => {
    const analyzed = result?.stacks.find((s) => s.stack === plan.stack);
    const raw = failed(plan) ? planFindings(plan) : (analyzed?.findings ?? []);
    const recorded = plan.file.endsWith(".resources.yaml");
    const file = absolute(plan.file);
    const located = raw.map((f): ReportFinding => {
      if (recorded) return { ...f, key: f.resourceName, region: locateRecordedResource(file, f.resourceName), resources: [f.resourceName], fingerprint: "" };
      const key = findingKey(f, plan, (cause) => locateMentionedValue(file, cause)?.key);
      return { ...f, key, region: locateConfigKey(file, key), resources: [f.resourceName], fingerprint: "" };
    });
    const findings = merge(located).map((f) => ({ ...f, fingerprint: fingerprint(plan.stack, f) }));
    return {
      stack: plan.stack,
      file: plan.file,
      today: analyzed?.today ?? opts.today,
      resources: analyzed?.resources ?? plan.resources.length,
      facts: stackFacts(plan),
      gating: !gate || gate.has(plan.stack),
      findings,
    };
  });
  const levels = new Map(Object.entries(result?.config ?? {}).map(([k, c]) => [k, c.enforcementLevel]));
  const rules: ReportRule[] = [...(result?.policies ?? []), ...PLAN_RULES].map((p) => ({ ...p, level: levels.get(p.name) ?? p.enforcementLevel }));
  const failing = stacks.filter((s) => s.gating).flatMap((s) => s.findings.filter(fails)).length;
  return {
    pack: result ? { name: result.pack.name, version: result.pack.version } : undefined,
    today: opts.today,
    rules,
    stacks,
    ok: failing === 0,
    failing,
    repository: opts.repository,
    diagram: trustDiagram(plans),
  };
}

// ── the terminal summary ────────────────────────────────────────────────────────────────────────


function byLevelThenPolicy(findings: readonly PolicyFinding[]): [EnforcementLevel, [string, PolicyFinding[]][]][] {
  return LEVEL_ORDER.map((level) => {
    const atLevel = findings.filter((f) => f.enforcementLevel === level);
    const policies = [...new Set(atLevel.map((f) => f.policy))].sort();
    return [level, policies.map((p) => [p, atLevel.filter((f) => f.policy === p)] as [string, PolicyFinding[]])] as [EnforcementLevel, [string, PolicyFinding[]][]];
  }).filter(([, policies]) => policies.length > 0);
}

/** The pack's findings for the plan's log (config errors were printed with each stack). */
export function policySummary(result: PolicyRunResult): string[] {
  const lines = ["", `POLICIES — pack ${result.pack.name}@${result.pack.version}, ${result.policies.length} policies, run over the analyzer protocol`];
  for (const s of result.stacks) {
    const count = (l: EnforcementLevel) => s.findings.filter((f) => f.enforcementLevel === l).length;
    lines.push(`── ${s.stack}: ${s.resources} resources analyzed (due dates as of ${s.today}): ${count("mandatory")} mandatory, ${count("advisory")} advisory`);
    for (const [level, policies] of byLevelThenPolicy(s.findings)) {
      for (const [policy, findings] of policies) {
        lines.push(`   ${level === "mandatory" ? "✗" : "!"} ${level} ${policy}`);
        for (const f of findings) lines.push(`       ${f.message.split("\n")[0]}`);
      }
    }
  }
  const mandatory = mandatoryFindings(result);
  lines.push(mandatory.length === 0 ? "Policies: no mandatory violations." : `Policies: ${mandatory.length} mandatory violation(s) in ${[...new Set(mandatory.map((f) => f.stack))].join(", ")}.`);
  return lines;
}

// ── links ──────────────────────────────────────────────────────────────────────────────────────

/** A repository path as a link: absolute when the repository is known, else the path itself. */
function fileLink(report: PlanReport, file: string, region?: SourceRegion): string {
  const rel = path.relative(PROJECT_ROOT, absolute(file));
  const shown = `${rel}${region ? `:${region.startLine}` : ""}`;
  if (!report.repository || rel.startsWith("..")) return `\`${shown}\``;
  return `[\`${shown}\`](${report.repository.url}/blob/${report.repository.ref}/${rel}${region ? `#L${region.startLine}` : ""})`;
}

/** A rule's docs (repo-relative `docs/x.md#y`) as an absolute URL when the repository is known. */
export function docsUri(report: Pick<PlanReport, "repository">, url: string): string | undefined {
  if (/^https?:\/\//.test(url)) return url;
  return report.repository ? `${report.repository.url}/blob/${report.repository.ref}/${url}` : undefined;
}

// ── report.md ──────────────────────────────────────────────────────────────────────────────────

const cell = (s: string) => (s || "—").replace(/\|/g, "\\|");

export function reportMarkdown(report: PlanReport): string {
  const out = ["# Offline plan report", ""];
  const pack = report.pack ? `Pack \`${report.pack.name}\` ${report.pack.version}, ` : "Policy pack not run, ";
  out.push(`${pack}${report.stacks.length} stack(s); due dates judged as of ${report.today} (a sample as of its checkout).`, "");
  const gated = report.stacks.filter((s) => s.gating);
  const ungatedFailing = report.stacks.filter((s) => !s.gating && s.findings.some(fails));
  out.push(report.ok ? `**OK: no mandatory finding${gated.length < report.stacks.length ? " in the stacks this change touches" : ""}.**` : `**FAILED: ${report.failing} mandatory finding(s)** in ${gated.filter((s) => s.findings.some(fails)).map((s) => s.stack).join(", ")}.`, "");
  if (gated.length < report.stacks.length) {
    out.push(`Only the stacks this change touches can fail it (${gated.map((s) => s.stack).join(", ") || "none"}); the others are reported as they stand.${ungatedFailing.length > 0 ? ` Mandatory findings outside this change: ${ungatedFailing.map((s) => s.stack).join(", ")}.` : ""}`, "");
  }
  out.push("| stack | kind | level | holder | due | mandatory | advisory |", "|---|---|---|---|---|---:|---:|");
  for (const s of report.stacks) {
    const mandatory = s.findings.filter(fails).length;
    const advisory = s.findings.filter((f) => f.enforcementLevel === "advisory").length;
    const name = `${s.stack}${s.gating ? "" : " ⁽¹⁾"}`;
    out.push(`| ${name} | ${cell(s.facts.kind)} | ${cell(s.facts.level)} | ${cell(s.facts.holder)} | ${cell(s.facts.due)} | ${mandatory ? `**${mandatory}**` : 0} | ${advisory} |`);
  }
  if (gated.length < report.stacks.length) out.push("", "⁽¹⁾ not touched by this change: reported, not failing it.");
  out.push("");

  const byRule = report.rules.map((r) => [r, report.stacks.flatMap((s) => s.findings.filter((f) => f.policy === r.name).map((f) => [s, f] as const))] as const).filter(([, fs]) => fs.length > 0);
  byRule.sort(([a], [b]) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.name.localeCompare(b.name));
  out.push("## Findings by rule", "");
  if (byRule.length === 0) out.push("None.", "");
  for (const [rule, findings] of byRule) {
    const docs = docsUri(report, rule.url);
    out.push(`### ${fails({ enforcementLevel: rule.level }) ? "✗" : "!"} ${rule.name} — ${rule.level}${rule.severity ? `, ${rule.severity}` : ""}`, "", rule.description, "");
    out.push(`**Fix:** ${rule.remediationSteps}${docs ? ` ([docs](${docs}))` : ` (docs: ${rule.url})`}`, "");
    for (const [s, f] of findings) {
      const others = f.resources.filter((r) => r !== f.key);
      const on = f.resourceType === "config" || others.length === 0 ? "" : ` (${others.map((r) => `\`${r}\``).join(", ")})`;
      out.push(`- **${s.stack}** ${fileLink(report, s.file, f.region)} \`${f.key}\` — ${f.message.replace(/\n/g, " ")}${on}`);
    }
    out.push("");
  }
  out.push("## Trust levels, pools and environments", "", "Pools by trust level and the Autograph they sign with; environments, the services they copy, their egress (read-only, through the proxy) and the shared services they fall back to.", "", "```mermaid", report.diagram.trimEnd(), "```", "");
  return out.join("\n");
}

// ── report.json ────────────────────────────────────────────────────────────────────────────────

export function reportJson(report: PlanReport) {
  return {
    pack: report.pack,
    today: report.today,
    ok: report.ok,
    mandatoryViolations: report.failing,
    rules: report.rules.map((r) => ({ name: r.name, description: r.description, enforcementLevel: r.level, severity: r.severity, url: docsUri(report, r.url) ?? r.url, remediationSteps: r.remediationSteps })),
    stacks: report.stacks.map((s) => ({
      stack: s.stack,
      file: s.file,
      today: s.today,
      ...s.facts,
      gating: s.gating,
      resources: s.resources,
      mandatory: s.findings.filter(fails).length,
      advisory: s.findings.filter((f) => f.enforcementLevel === "advisory").length,
      findings: s.findings.map((f) => ({ policy: f.policy, enforcementLevel: f.enforcementLevel, severity: f.severity, key: f.key, line: f.region?.startLine, column: f.region?.startColumn, message: f.message, resources: f.resources, urn: f.urn })),
    })),
  };
}

// ── report.sarif ───────────────────────────────────────────────────────────────────────────────

const SARIF_LEVEL: Record<EnforcementLevel, sarif.ReportingConfiguration.level> = { mandatory: "error", remediate: "note", advisory: "warning", disabled: "none" };
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function sarifRule(report: PlanReport, r: ReportRule): sarif.ReportingDescriptor {
  const docs = docsUri(report, r.url);
  return {
    id: r.name,
    name: r.name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.description },
    fullDescription: { text: r.description },
    help: { text: `${r.remediationSteps}\nDocs: ${docs ?? r.url}`, markdown: `${r.remediationSteps}\n\nDocs: ${docs ? `[${r.url}](${docs})` : r.url}` },
    ...(docs ? { helpUri: docs } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[r.level], enabled: r.level !== "disabled" },
    properties: { tags: r.tags, severity: r.severity, ...(SECURITY_SEVERITY[r.severity] ? { "security-severity": SECURITY_SEVERITY[r.severity] } : {}) },
  };
}

function artifact(file: string): sarif.ArtifactLocation {
  const rel = path.relative(PROJECT_ROOT, absolute(file));
  return rel.startsWith("..") ? { uri: `file://${absolute(file)}` } : { uri: rel.split(path.sep).join("/"), uriBaseId: "SRCROOT" };
}

export function reportSarif(report: PlanReport): sarif.Log {
  const rules = report.rules.map((r) => sarifRule(report, r));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: sarif.Result[] = report.stacks.flatMap((s) =>
    s.findings.map((f) => ({
      ruleId: f.policy,
      ...(index.has(f.policy) ? { ruleIndex: index.get(f.policy)! } : {}),
      level: SARIF_LEVEL[f.enforcementLevel],
      message: { text: `${s.stack}: ${f.message}${f.resourceType === "config" ? "" : ` (${f.resources.join(", ")})`}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact(s.file),
            region: f.region ? { startLine: f.region.startLine, startColumn: f.region.startColumn, endLine: f.region.endLine, endColumn: f.region.endColumn } : { startLine: 1 },
          },
          logicalLocations: [{ name: f.key, fullyQualifiedName: f.urn, kind: f.resourceType === "config" ? "member" : "resource" }],
        },
      ],
      partialFingerprints: { primaryLocationLineHash: f.fingerprint },
      properties: { stack: s.stack, key: f.key, resources: f.resources, severity: f.severity, gating: s.gating },
    })),
  );
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: report.pack?.name ?? "releng-envs", ...(report.pack ? { version: report.pack.version, semanticVersion: report.pack.version } : {}), rules } },
        originalUriBaseIds: { SRCROOT: { description: { text: "The releng-envs repository root." } } },
        automationDetails: { id: "releng-envs-plan/" },
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
}

export function writeReports(report: PlanReport, outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const files = {
    "report.md": reportMarkdown(report),
    "report.json": JSON.stringify(reportJson(report), null, 2) + "\n",
    "report.sarif": JSON.stringify(reportSarif(report), null, 2) + "\n",
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(outDir, name), text);
  return Object.keys(files).map((f) => path.join(outDir, f));
}
