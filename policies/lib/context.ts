// Shared views for resource-level rules: the object's own trust view, as a one-resource stack.
import type { ResourceValidationArgs } from "@pulumi/policy";
import type { ResourceLike } from "./k8s";
import { buildModel, type Subject } from "./model";
import { trustOf, type TrustView } from "./trust";

export function asResource(args: ResourceValidationArgs): ResourceLike {
  return { type: args.type, urn: args.urn, name: args.name, props: args.props };
}

/** The workload subject of a resource-level check, or undefined for anything else. */
export function workloadOf(args: ResourceValidationArgs): { subject: Subject; trust: TrustView } | undefined {
  const model = buildModel([asResource(args)]);
  const subject = model.subjects.find((s) => s.isWorkload);
  return subject ? { subject, trust: trustOf(subject, model) } : undefined;
}
