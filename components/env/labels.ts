// Labels and annotations every object of an environment carries; policies and `list` read them.
import { ANNOTATIONS, LABELS, MANAGED_BY, PART_OF } from "../../catalog/environment";
import { labelValue } from "./names";

export interface EnvIdentity {
  name: string;
  stack: string;
  holder: string;
  purpose: string;
  due: string;
}

/** Labels on every object of the environment (selectors use a stable subset: see selectorLabels). */
export function envLabels(env: EnvIdentity, extra: Record<string, string> = {}): Record<string, string> {
  return {
    [LABELS.kind]: "environment",
    [LABELS.environment]: env.name,
    [LABELS.stack]: labelValue(env.stack),
    [LABELS.holder]: labelValue(env.holder),
    [LABELS.due]: env.due,
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.partOf]: PART_OF,
    ...extra,
  };
}

/** Labels naming one workload of a service; stable across renewals, so safe in selectors. */
export function workloadLabels(service: string, component: string): Record<string, string> {
  return { [LABELS.name]: service, [LABELS.component]: component };
}

export function envAnnotations(env: EnvIdentity): Record<string, string> {
  return { [ANNOTATIONS.purpose]: env.purpose, [ANNOTATIONS.holder]: env.holder, [ANNOTATIONS.due]: env.due };
}
