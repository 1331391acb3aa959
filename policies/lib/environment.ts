// Reading an environment's namespace: which namespaces are environments and their due date.
import { ANNOTATION_KEYS, LABEL_KEYS } from "../defaults";
import { kubeKind, metaOf } from "./k8s";
import { stackNameOf } from "./model";

export interface EnvironmentNamespace {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** An environment namespace by any sign: its label, its `env-` name, or an env-* stack. */
export function environmentNamespaceOf(type: string, urn: string, props: Record<string, any>): EnvironmentNamespace | undefined {
  if (kubeKind(type) !== "Namespace") return undefined;
  const m = metaOf(props);
  const isEnv = m.labels[LABEL_KEYS.kind] === "environment" || m.name.startsWith("env-") || stackNameOf(urn).startsWith("env-");
  return isEnv ? { name: m.name, labels: m.labels, annotations: m.annotations } : undefined;
}

export function isIsoDate(s: string | undefined): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The due date (annotation first, the label otherwise), when it is a real date. */
export function dueDateOf(ns: EnvironmentNamespace): string | undefined {
  const due = ns.annotations[ANNOTATION_KEYS.due] ?? ns.labels[LABEL_KEYS.due];
  return isIsoDate(due) ? due : undefined;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
