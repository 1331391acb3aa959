// Violations that name the object and the declaration they come from, reported once each.
import type { ReportViolation } from "@pulumi/policy";
import { objectLabel, type ResourceLike } from "./k8s";

export type Finding = (source: ResourceLike, where: string, message: string) => void;

export function findings(report: ReportViolation): Finding {
  const seen = new Set<string>();
  return (source, where, message) => {
    const text = `${objectLabel(source)}${where ? ` [${where}]` : ""}: ${message}`;
    const id = `${source.urn}\u0000${text}`;
    if (seen.has(id)) return;
    seen.add(id);
    report(text, source.urn);
  };
}

export function because(evidence: readonly string[]): string {
  return evidence.length > 0 ? ` (${evidence.join(", ")})` : "";
}
