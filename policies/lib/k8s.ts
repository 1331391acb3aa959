// Reading Kubernetes objects as the analyzer hands them over: Pulumi type plus input properties.
// Everything is defensive: a property may be missing (undefined props are not a violation of
// "structure", they are read as "not set").

export interface ResourceLike {
  type: string;
  urn: string;
  name: string;
  props: Record<string, any>;
}

/** `kubernetes:apps/v1:Deployment` → `Deployment`; anything not a Kubernetes object → undefined. */
export function kubeKind(type: string): string | undefined {
  if (!type.startsWith("kubernetes:") || type.startsWith("kubernetes:helm") || type.startsWith("kubernetes:yaml")) return undefined;
  const kind = type.split(":").pop();
  return kind || undefined;
}

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"] as const;
/** Workloads that run until stopped (probes make sense); Jobs and CronJobs run to completion. */
export const LONG_RUNNING_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] as const;

export function isWorkloadKind(kind: string | undefined): boolean {
  return !!kind && (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

export interface Meta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== "object") return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined && x !== null) out[k] = String(x);
  return out;
}

export function metaOf(props: Record<string, any>): Meta {
  const m = props?.metadata ?? {};
  return {
    name: typeof m.name === "string" ? m.name : "",
    namespace: typeof m.namespace === "string" ? m.namespace : "",
    labels: stringMap(m.labels),
    annotations: stringMap(m.annotations),
  };
}

/** The pod spec a workload runs, wherever its kind keeps it. */
export function podSpecOf(kind: string | undefined, props: Record<string, any>): Record<string, any> | undefined {
  switch (kind) {
    case "Pod":
      return props?.spec;
    case "CronJob":
      return props?.spec?.jobTemplate?.spec?.template?.spec;
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return props?.spec?.template?.spec;
    default:
      return undefined;
  }
}

/** Labels of the pods a workload creates (template labels), merged over the object's own. */
export function podLabelsOf(kind: string | undefined, props: Record<string, any>): Record<string, string> {
  const template = kind === "CronJob" ? props?.spec?.jobTemplate?.spec?.template : kind === "Pod" ? props : props?.spec?.template;
  return { ...metaOf(props).labels, ...stringMap(template?.metadata?.labels) };
}

export interface ContainerRef {
  container: Record<string, any>;
  /** `containers[0] (name)`, `initContainers[1] (name)`: where a finding points. */
  where: string;
  init: boolean;
}

export function containersOf(podSpec: Record<string, any> | undefined): ContainerRef[] {
  if (!podSpec) return [];
  const out: ContainerRef[] = [];
  for (const field of ["initContainers", "containers", "ephemeralContainers"] as const) {
    const list = podSpec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c: Record<string, any>, i: number) => out.push({ container: c ?? {}, where: `${field}[${i}] (${c?.name ?? "unnamed"})`, init: field !== "containers" }));
  }
  return out;
}

export function objectLabel(r: ResourceLike): string {
  const kind = kubeKind(r.type) ?? r.type;
  const m = metaOf(r.props);
  return `${kind} ${m.namespace ? `${m.namespace}/` : ""}${m.name || r.name}`;
}
