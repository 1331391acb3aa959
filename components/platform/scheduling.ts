// Where pods run on a platform cluster: dedicated node pools carry a label and a NoSchedule taint
// (key WORKLOAD_NODE_KEY, value the workload); a workload's pods get the matching nodeSelector and
// toleration. Pure: the taints the GKE node pools declare and the tolerations pods carry both come
// from here, and `tolerates` (Kubernetes' matching rule) lets tests prove they agree.
import { WORKLOAD_NODE_KEY, type NodePoolRuns, type Workload } from "../../catalog/platform";

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";
export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}
export interface Toleration {
  key?: string;
  operator?: "Equal" | "Exists";
  value?: string;
  effect?: TaintEffect;
  tolerationSeconds?: number;
}

/** GKE's API spells taint effects in upper snake case. */
export const GKE_TAINT_EFFECT: Record<TaintEffect, string> = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" };

/** Node labels of a node pool. */
export function nodePoolLabels(runs: NodePoolRuns): Record<string, string> {
  return { [WORKLOAD_NODE_KEY]: runs };
}

/** Taints of a node pool: every dedicated pool is tainted so nothing else lands there; `system` is not. */
export function nodePoolTaints(runs: NodePoolRuns): Taint[] {
  return runs === "system" ? [] : [{ key: WORKLOAD_NODE_KEY, value: runs, effect: "NoSchedule" }];
}

/** What a pod of `workload` needs to run on (and only on) its node pool. */
export function podSchedulingFor(workload: Workload): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
  return {
    nodeSelector: { [WORKLOAD_NODE_KEY]: workload },
    tolerations: [{ key: WORKLOAD_NODE_KEY, operator: "Equal", value: workload, effect: "NoSchedule" }],
  };
}

/** Kubernetes' rule: does `toleration` tolerate `taint`? */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (!toleration.key) return toleration.operator === "Exists";
  if (toleration.key !== taint.key) return false;
  return toleration.operator === "Exists" ? true : (toleration.value ?? "") === (taint.value ?? "");
}

/**
 * May a pod with these tolerations and nodeSelector be scheduled on a node with these taints and labels?
 * @internal The scheduler's rule, modelled so tests can prove where each workload may land.
 */
export function canSchedule(
  pod: { tolerations?: readonly Toleration[]; nodeSelector?: Record<string, string> },
  node: { taints: readonly Taint[]; labels: Record<string, string> },
): boolean {
  const blocking = node.taints.filter((t) => t.effect !== "PreferNoSchedule");
  if (!blocking.every((t) => (pod.tolerations ?? []).some((tol) => toleratesTaint(tol, t)))) return false;
  return Object.entries(pod.nodeSelector ?? {}).every(([k, v]) => node.labels[k] === v);
}
