// Pod specs of workload resources, for the hygiene rules (resource-level: they need nothing else).
import type { ResourceValidationArgs } from "@pulumi/policy";
import { containersOf, kubeKind, metaOf, podSpecOf, type ContainerRef } from "./k8s";

export interface WorkloadView {
  kind: string;
  label: string;
  podSpec: Record<string, any>;
  containers: ContainerRef[];
}

export function workloadView(args: ResourceValidationArgs): WorkloadView | undefined {
  const kind = kubeKind(args.type);
  const podSpec = podSpecOf(kind, args.props);
  if (!kind || !podSpec) return undefined;
  const m = metaOf(args.props);
  return { kind, label: `${kind} ${m.namespace ? `${m.namespace}/` : ""}${m.name || args.name}`, podSpec, containers: containersOf(podSpec) };
}
