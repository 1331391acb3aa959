// What the reports say about a stack beyond the pack's findings: its config, schema and program
// errors as findings of the plan's own rules (so every stack that fails the plan appears in every
// report, with file and key), the config key each finding belongs to, and the facts of the roll-up.
import type { StackPlan } from "./evaluate";
import type { PolicyInfo } from "./policyPack";
import type { PolicyFinding } from "./policyRun";
import { readStackFileConfig } from "../../stacks/stackFile";
import { NAMESPACE } from "../../stacks/load";
import { ANNOTATIONS, LABELS } from "../../catalog/environment";

/** The plan's own rules: what fails a stack before the pack can see it. Always mandatory. */
export const PLAN_RULES: PolicyInfo[] = [
  {
    name: "stack-config-valid",
    description: "The stack file is valid: every key known, well formed and consistent (stacks/schema).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Fix the key as the finding says; every key is described in docs/config.md.",
    url: "docs/config.md",
    tags: ["plan", "config"],
    type: "stack",
  },
  {
    name: "kubernetes-schema-valid",
    description: "Every Kubernetes object the stack declares is valid against the Kubernetes API schemas.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "A schema error is a bug in the program or the catalogue: report it with the stack and the object named.",
    url: "README.md#releng-envs",
    tags: ["plan", "kubernetes"],
    type: "stack",
  },
  {
    name: "program-runs",
    description: "The stack's Pulumi program runs to completion under the offline plan.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "A program error is a bug, not a config mistake: report it with the stack and the message.",
    url: "README.md#releng-envs",
    tags: ["plan"],
    type: "stack",
  },
];

function planFinding(plan: StackPlan, rule: PolicyInfo, fields: { key: string; resourceName: string; message: string }): PolicyFinding {
  return {
    stack: plan.stack,
    file: plan.file,
    policy: rule.name,
    enforcementLevel: "mandatory",
    severity: rule.severity,
    description: rule.description,
    message: fields.message,
    urn: `urn:pulumi:${plan.stack}::releng-envs::${fields.key}`,
    resourceType: "config",
    resourceName: fields.resourceName,
    remediationSteps: rule.remediationSteps,
    url: rule.url,
    key: fields.key,
  };
}

/** A failed plan as findings: one per config problem (its key), schema error, or the program error. */
export function planFindings(plan: StackPlan): PolicyFinding[] {
  const [config, schema, program] = PLAN_RULES;
  if (plan.configError) {
    return plan.configError.problems.map((p) => planFinding(plan, config, { key: p.key, resourceName: p.key, message: `${p.key} ${p.problem}. Fix: ${p.fix}` }));
  }
  if (plan.programError) return [planFinding(plan, program, { key: `${NAMESPACE}:kind`, resourceName: "(program)", message: plan.programError.split("\n")[0] })];
  return plan.schemaErrors.map((e) => planFinding(plan, schema, { key: `${NAMESPACE}:kind`, resourceName: e.object, message: `${e.object}: ${e.message}` }));
}

/**
 * The config key a pack finding belongs to, for the line it is reported on. Lifecycle policies
 * point at the date or label they judge; a finding about a pool's object at that pool's entry; an
 * environment's service object at that service; anything else at the stack's kind.
 */
const KEY_BY_POLICY: Record<string, string> = {
  "environment-not-overdue": "due",
  "environment-due-within-max": "due",
  "environment-namespace-metadata": "holder",
  "environment-shipit-channel": "services.shipit",
  "stack-kind-and-level-consistent": "kind",
};

export const POLICIES_WITH_A_KEY = Object.keys(KEY_BY_POLICY);

type Labels = Record<string, string | undefined>;

function labelsOf(plan: StackPlan, urn: string): Labels {
  const r = plan.resources.find((x) => x.urn === urn);
  const inputs = r?.inputs as { metadata?: { labels?: Labels } } | undefined;
  return inputs?.metadata?.labels ?? {};
}

/**
 * What a finding says, without the object it was found on ("Deployment ns/name [where]: ") and
 * the labels it quotes: the same cause on two objects (a secret in a Secret and in the env of the
 * Deployment reading it) reads the same, so the report counts it once.
 */
export function causeOf(message: string): string {
  return message
    .replace(/^[A-Z][A-Za-z]+ [^\s:]+(?: \[.*?\])?: /, "")
    .replace(/ \(label [^)]*\)$/, "")
    .trim();
}

export function findingKey(finding: PolicyFinding, plan: StackPlan, mentioned?: (cause: string) => string | undefined): string {
  if (finding.key) return finding.key;
  const byPolicy = KEY_BY_POLICY[finding.policy];
  if (byPolicy) return `${NAMESPACE}:${byPolicy}`;
  const where = mentioned?.(causeOf(finding.message));
  if (where) return where;
  const config = plan.config as { kind?: string; pools?: { script: string; product: string }[]; services?: Record<string, unknown> } | undefined;
  const labels = labelsOf(plan, finding.urn);
  if (config?.kind === "pools" && config.pools) {
    const i = config.pools.findIndex((p) => p.script === labels[LABELS.script] && p.product === labels[LABELS.cotProduct]);
    if (i >= 0) return `${NAMESPACE}:pools[${i}]`;
    return `${NAMESPACE}:pools`;
  }
  if (config?.kind === "environment" && config.services) {
    const service = labels[LABELS.service] ?? Object.keys(config.services).find((s) => finding.resourceName.includes(s));
    if (service && service in config.services) return `${NAMESPACE}:services.${service}`;
  }
  return `${NAMESPACE}:kind`;
}

export interface StackFacts {
  kind: string;
  /** Trust level: prod | dep | dev for pools, prod | nonprod for platform, staging for environments. */
  level: string;
  holder: string;
  due: string;
}

/** The roll-up's facts of a stack: from its parsed config, or read leniently from a file that failed. */
export function stackFacts(plan: StackPlan): StackFacts {
  let values: Record<string, unknown> = {};
  if (plan.config) values = plan.config as unknown as Record<string, unknown>;
  else if (plan.file.endsWith(".resources.yaml") || plan.file.endsWith(".resources.json")) values = factsOfRecorded(plan);
  else if (plan.file.endsWith(".yaml") && !plan.file.endsWith(".resources.yaml")) {
    try {
      values = Object.fromEntries(Object.entries(readStackFileConfig(plan.file)).map(([k, v]) => [k.replace(`${NAMESPACE}:`, ""), v]));
    } catch {
      values = {};
    }
  }
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const kind = str(values.kind) || { env: "environment", pools: "pools", platform: "platform" }[plan.stack.split("-")[0]] || "";
  const level = str(values.level) || (kind === "platform" ? plan.stack.replace(/^platform-/, "") : kind === "environment" ? "staging" : "");
  return { kind, level, holder: str(values.holder), due: str(values.due) };
}

/** A recorded stack has no config: its facts are what its objects' labels and annotations say. */
function factsOfRecorded(plan: StackPlan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of plan.resources) {
    const meta = (r.inputs as { metadata?: { labels?: Labels; annotations?: Labels } } | undefined)?.metadata;
    const labels = meta?.labels ?? {};
    const annotations = meta?.annotations ?? {};
    out.kind ??= labels[LABELS.kind];
    if (labels[LABELS.kind] === "pools") out.level ??= labels[LABELS.trustLevel];
    out.holder ??= annotations[ANNOTATIONS.holder];
    out.due ??= annotations[ANNOTATIONS.due] ?? labels[LABELS.due];
  }
  return out;
}
