// `releng-envs list`, renewals and the SRE review all read who holds an environment, why and until
// when from its namespace; an environment without them cannot be accounted for.
import { ANNOTATION_KEYS, LABEL_KEYS } from "../defaults";
import { environmentNamespaceOf, isIsoDate } from "../lib/environment";
import { docsUrl, type RelengResourcePolicy } from "../lib/policy";

const NAME = "environment-namespace-metadata";

export const environmentNamespaceMetadata: RelengResourcePolicy = {
  name: NAME,
  description: "An environment namespace carries its holder (label and email annotation), purpose (annotation) and due date (label and annotation, equal).",
  severity: "medium",
  enforcementLevel: "mandatory",
  family: "lifecycle",
  tags: ["lifecycle", "environments"],
  url: docsUrl(NAME),
  remediationSteps:
    "Declare environments only through the Environment component (it writes these from releng-envs:holder, :purpose and :due). " +
    `Labels ${LABEL_KEYS.holder} and ${LABEL_KEYS.due}; annotations ${ANNOTATION_KEYS.holder}, ${ANNOTATION_KEYS.purpose} and ${ANNOTATION_KEYS.due}.`,
  validateResource: (args, reportViolation) => {
    const ns = environmentNamespaceOf(args.type, args.urn, args.props);
    if (!ns) return;
    const problems: string[] = [];
    if (!ns.labels[LABEL_KEYS.holder]?.trim()) problems.push(`label ${LABEL_KEYS.holder} is missing`);
    const email = ns.annotations[ANNOTATION_KEYS.holder]?.trim();
    if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.push(`annotation ${ANNOTATION_KEYS.holder} must be the holder's email address`);
    if (!ns.annotations[ANNOTATION_KEYS.purpose]?.trim()) problems.push(`annotation ${ANNOTATION_KEYS.purpose} is missing`);
    const dueLabel = ns.labels[LABEL_KEYS.due];
    const dueAnnotation = ns.annotations[ANNOTATION_KEYS.due];
    if (!isIsoDate(dueLabel)) problems.push(`label ${LABEL_KEYS.due} must be a date written YYYY-MM-DD`);
    if (!isIsoDate(dueAnnotation)) problems.push(`annotation ${ANNOTATION_KEYS.due} must be a date written YYYY-MM-DD`);
    if (isIsoDate(dueLabel) && isIsoDate(dueAnnotation) && dueLabel !== dueAnnotation) problems.push(`label and annotation due dates differ (${dueLabel} vs ${dueAnnotation})`);
    for (const p of problems) reportViolation(`Namespace ${ns.name}: ${p}`);
  },
};
