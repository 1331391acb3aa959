// Policy results for people and tools: a terminal summary, out/report.md (by stack, then
// enforcement level, then policy, with remediation and resource), out/report.json and
// out/report.sarif (SARIF 2.1.0, for code-scanning UIs).
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as sarif from "sarif";
import { mandatoryFindings, type PolicyFinding, type PolicyRunResult } from "./policyRun";
import type { EnforcementLevel, PolicyInfo } from "./policyPack";

const LEVEL_ORDER: EnforcementLevel[] = ["mandatory", "remediate", "advisory", "disabled"];

function byLevelThenPolicy(findings: readonly PolicyFinding[]): [EnforcementLevel, [string, PolicyFinding[]][]][] {
  return LEVEL_ORDER.map((level) => {
    const atLevel = findings.filter((f) => f.enforcementLevel === level);
    const policies = [...new Set(atLevel.map((f) => f.policy))].sort();
    return [level, policies.map((p) => [p, atLevel.filter((f) => f.policy === p)] as [string, PolicyFinding[]])] as [EnforcementLevel, [string, PolicyFinding[]][]];
  }).filter(([, policies]) => policies.length > 0);
}

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

export function reportMarkdown(result: PolicyRunResult): string {
  const out = [`# Policy report`, "", `Pack \`${result.pack.name}\` version ${result.pack.version} (${result.policies.length} policies). Policy docs: docs/policies.md.`, ""];
  const mandatory = mandatoryFindings(result);
  out.push(mandatory.length === 0 ? "**No mandatory violations.**" : `**${mandatory.length} mandatory violation(s)** — these stacks cannot be updated until fixed.`, "");
  out.push("| stack | resources | mandatory | advisory |", "|---|---:|---:|---:|");
  for (const s of result.stacks) out.push(`| ${s.stack} | ${s.resources} | ${s.findings.filter((f) => f.enforcementLevel === "mandatory").length} | ${s.findings.filter((f) => f.enforcementLevel === "advisory").length} |`);
  out.push("");
  const meta = new Map(result.policies.map((p) => [p.name, p]));
  for (const s of result.stacks) {
    out.push(`## ${s.stack}`, "", `Stack file \`${s.file}\`; due dates judged as of ${s.today}.`, "");
    if (s.findings.length === 0) {
      out.push("No violations.", "");
      continue;
    }
    for (const [level, policies] of byLevelThenPolicy(s.findings)) {
      out.push(`### ${level}`, "");
      for (const [policy, findings] of policies) {
        const p = meta.get(policy);
        out.push(`#### ${policy}${p?.severity ? ` (${p.severity})` : ""}`, "", p?.description ?? findings[0].description, "");
        if (p?.remediationSteps) out.push(`**Remediation:** ${p.remediationSteps}`, "");
        if (p?.url) out.push(`Docs: ${p.url}`, "");
        for (const f of findings) out.push(`- \`${f.resourceType}\` **${f.resourceName}** — ${f.message.replace(/\n/g, " ")}  `, `  <sub>${f.urn}</sub>`);
        out.push("");
      }
    }
  }
  return out.join("\n");
}

export function reportJson(result: PolicyRunResult) {
  const mandatory = mandatoryFindings(result);
  return {
    pack: result.pack,
    ok: mandatory.length === 0,
    mandatoryViolations: mandatory.length,
    policies: result.policies.map((p) => ({ name: p.name, description: p.description, enforcementLevel: result.config[p.name]?.enforcementLevel ?? p.enforcementLevel, severity: p.severity, url: p.url, remediationSteps: p.remediationSteps })),
    stacks: result.stacks.map((s) => ({ stack: s.stack, file: s.file, today: s.today, resources: s.resources, findings: s.findings })),
  };
}

const SARIF_LEVEL: Record<EnforcementLevel, sarif.ReportingConfiguration.level> = { mandatory: "error", remediate: "error", advisory: "warning", disabled: "none" };
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function sarifRule(p: PolicyInfo, level: EnforcementLevel): sarif.ReportingDescriptor {
  return {
    id: p.name,
    name: p.name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: p.description },
    fullDescription: { text: p.description },
    help: { text: `${p.remediationSteps}\nDocs: ${p.url}`, markdown: `${p.remediationSteps}\n\nDocs: [${p.url}](${p.url})` },
    ...(/^https?:\/\//.test(p.url) ? { helpUri: p.url } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[level], enabled: level !== "disabled" },
    properties: { tags: p.tags, severity: p.severity, ...(SECURITY_SEVERITY[p.severity] ? { "security-severity": SECURITY_SEVERITY[p.severity] } : {}) },
  };
}

export function reportSarif(result: PolicyRunResult): sarif.Log {
  const rules = result.policies.map((p) => sarifRule(p, result.config[p.name]?.enforcementLevel ?? p.enforcementLevel));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: sarif.Result[] = result.stacks.flatMap((s) =>
    s.findings.map((f) => ({
      ruleId: f.policy,
      ...(index.has(f.policy) ? { ruleIndex: index.get(f.policy)! } : {}),
      level: SARIF_LEVEL[f.enforcementLevel],
      message: { text: `${f.stack}: ${f.message}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: f.file, uriBaseId: "SRCROOT" }, region: { startLine: 1 } },
          logicalLocations: [{ name: f.resourceName, fullyQualifiedName: f.urn, kind: "resource" }],
        },
      ],
      partialFingerprints: { "relengPolicy/v1": createHash("sha256").update(`${f.stack}\0${f.policy}\0${f.urn}\0${f.message}`).digest("hex").slice(0, 32) },
      properties: { stack: f.stack, resourceType: f.resourceType, severity: f.severity },
    })),
  );
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: result.pack.name, version: result.pack.version, semanticVersion: result.pack.version, rules } },
        originalUriBaseIds: { SRCROOT: { description: { text: "The releng-envs repository root." } } },
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
}

export function writePolicyReports(result: PolicyRunResult, outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const files = {
    "report.md": reportMarkdown(result),
    "report.json": JSON.stringify(reportJson(result), null, 2) + "\n",
    "report.sarif": JSON.stringify(reportSarif(result), null, 2) + "\n",
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(outDir, name), text);
  return Object.keys(files).map((f) => path.join(outDir, f));
}
