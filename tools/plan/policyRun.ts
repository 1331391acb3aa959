// Drives the policy pack over every planned stack, like the engine during `pulumi preview`:
// ConfigureStack, Configure, Analyze for each resource, AnalyzeStack once. One pack process serves
// the whole plan (its start, with type-checking, dominates the cost).
import { evaluationDate } from "../../stacks/load";
import type { StackPlan } from "./evaluate";
import type { RecordedResource } from "./mocks";
import { PolicyPackProcess, type AnalyzerInfo, type AnalyzerResourceInput, type Diagnostic, type EnforcementLevel, type PolicyConfig, type PolicyInfo, type Remediation, type Severity } from "./policyPack";
import { reconcilePolicyConfig, type GivenPolicyConfig } from "./policyConfig";

export const PROJECT = "releng-envs";

export interface PolicyFinding {
  stack: string;
  file: string;
  policy: string;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  description: string;
  message: string;
  urn: string;
  resourceType: string;
  resourceName: string;
  remediationSteps: string;
  url: string;
  /** The stack file key the finding is about, where the finding itself knows it (config problems). */
  key?: string;
}

export interface StackPolicyResult {
  stack: string;
  file: string;
  /** The day due dates were judged as of (a sample stack's checkedOut, or --today). */
  today: string;
  resources: number;
  findings: PolicyFinding[];
}

export interface PolicyRunResult {
  pack: { name: string; version: string; description: string };
  policies: PolicyInfo[];
  config: Record<string, PolicyConfig>;
  stacks: StackPolicyResult[];
}

/** `urn:pulumi:s::p::parent$kubernetes:core/v1:Namespace::name` → type and name. */
export function urnParts(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  return { type: (parts[2] ?? "").split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

function providerOf(r: RecordedResource, byUrn: Map<string, RecordedResource>): AnalyzerResourceInput["provider"] {
  if (!r.provider) return undefined;
  const urn = r.provider.split("::").slice(0, -1).join("::");
  const p = byUrn.get(urn);
  return p ? { urn: p.urn, type: p.type, name: p.name, properties: p.inputs } : undefined;
}

export function analyzerResources(resources: readonly RecordedResource[]): AnalyzerResourceInput[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    properties: r.inputs,
    parent: r.parent,
    dependencies: r.dependsOn,
    protect: r.options.protect,
    ignoreChanges: r.options.ignoreChanges,
    deleteBeforeReplace: r.options.deleteBeforeReplace ? true : undefined,
    provider: providerOf(r, byUrn),
  }));
}

/** Due-date policies take "now" from config; the plan sets it per stack unless the user's config does. */
export function configForStack(base: Record<string, PolicyConfig>, given: Record<string, GivenPolicyConfig>, info: AnalyzerInfo, today: string): Record<string, PolicyConfig> {
  const out: Record<string, PolicyConfig> = {};
  for (const [name, c] of Object.entries(base)) {
    const hasToday = !!info.policies.find((p) => p.name === name)?.configSchema?.properties?.today;
    const userToday = given[name]?.properties?.today;
    out[name] = { enforcementLevel: c.enforcementLevel, properties: { ...c.properties, ...(hasToday && !userToday ? { today } : {}) } };
  }
  return out;
}

export function stackToday(plan: StackPlan, today: string): string {
  return plan.config?.kind === "environment" ? evaluationDate(plan.config, today) : today;
}

/** Leaf paths where `b` differs from `a` (the properties a remediation changed), at most `max`. */
export function changedPaths(a: unknown, b: unknown, max = 5, at = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (x: unknown) => !!x && typeof x === "object";
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return [at || "(whole resource)"];
  const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
  const out: string[] = [];
  for (const k of keys) {
    const path = Array.isArray(b) ? `${at}[${k}]` : at ? `${at}.${k}` : k;
    out.push(...changedPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], max, path));
    if (out.length >= max) break;
  }
  return out.slice(0, max);
}

/** A remediation as a finding: not failing (`pulumi up` applies it), unless the policy could not remediate. */
function remediationDiagnostic(x: Remediation, r: AnalyzerResourceInput, p: PolicyInfo | undefined): Diagnostic {
  const changed = x.properties ? changedPaths(r.properties, x.properties) : [];
  return {
    policyName: x.policyName,
    policyPackName: "",
    policyPackVersion: "",
    description: x.description,
    message: x.diagnostic ?? `remediated: pulumi up with the pack deploys this resource with ${changed.join(", ")} set as the policy requires (the offline plan's manifests show the program's own values)`,
    enforcementLevel: x.diagnostic ? "mandatory" : "remediate",
    severity: p?.severity ?? "",
    urn: r.urn,
  };
}

function messageOf(d: Diagnostic): string {
  // The pack prefixes every message with the policy's description; the report shows both apart.
  return d.message.startsWith(`${d.description}\n`) ? d.message.slice(d.description.length + 1) : d.message;
}

export interface RunPoliciesOptions {
  today: string;
  given?: Record<string, GivenPolicyConfig>;
  configFile?: string;
  /** A pack already running or starting (owned by the caller, who stops it); otherwise one is started and stopped here. */
  pack?: PolicyPackProcess | Promise<PolicyPackProcess>;
}

/** `plans` may come as they are planned (an async iterable): each is analyzed when it arrives. */
export async function runPolicies(plans: Iterable<StackPlan> | AsyncIterable<StackPlan>, opts: RunPoliciesOptions): Promise<PolicyRunResult> {
  const pack = await (opts.pack ?? PolicyPackProcess.start());
  try {
    const info = await pack.analyzerInfo();
    const given = opts.given ?? {};
    const config = reconcilePolicyConfig(info, given, opts.configFile);
    const meta = new Map(info.policies.map((p) => [p.name, p]));
    const stacks: StackPolicyResult[] = [];
    for await (const plan of plans) {
      if (plan.configError || plan.programError || plan.resources.length === 0) continue;
      const today = stackToday(plan, opts.today);
      await pack.configureStack(plan.stack, PROJECT, {}, [], true);
      await pack.configure(configForStack(config, given, info, today));
      const resources = analyzerResources(plan.resources);
      // As the engine does: remediations first, then Analyze on what `pulumi up` would deploy.
      const perResource = await Promise.all(
        resources.map(async (r) => {
          const remediations = await pack.remediate(r);
          const deployed = remediations.reduce<Record<string, unknown>>((props, x) => x.properties ?? props, r.properties);
          const analyzed = (await pack.analyze({ ...r, properties: deployed })).map((d) => ({ d, urn: d.urn || r.urn }));
          return [...remediations.map((x) => ({ d: remediationDiagnostic(x, r, meta.get(x.policyName)), urn: r.urn })), ...analyzed];
        }),
      );
      const stackLevel = (await pack.analyzeStack(resources)).map((d) => ({ d, urn: d.urn }));
      const findings = [...perResource.flat(), ...stackLevel].map(({ d, urn }) => {
        const p = meta.get(d.policyName);
        const { type, name } = urnParts(urn);
        return {
          stack: plan.stack,
          file: plan.file,
          policy: d.policyName,
          enforcementLevel: d.enforcementLevel,
          severity: d.severity || p?.severity || "",
          description: d.description,
          message: messageOf(d),
          urn,
          resourceType: type,
          resourceName: name,
          remediationSteps: p?.remediationSteps ?? "",
          url: p?.url ?? "",
        } satisfies PolicyFinding;
      });
      stacks.push({ stack: plan.stack, file: plan.file, today, resources: resources.length, findings });
    }
    return { pack: { name: info.name, version: info.version, description: info.description }, policies: info.policies, config, stacks };
  } finally {
    if (!opts.pack) await pack.stop();
  }
}

export function mandatoryFindings(result: PolicyRunResult): PolicyFinding[] {
  // A remediated finding is fixed by `pulumi up` itself; one the pack could not remediate comes back mandatory.
  return result.stacks.flatMap((s) => s.findings.filter((f) => f.enforcementLevel === "mandatory"));
}
