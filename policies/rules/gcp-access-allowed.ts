// Google Cloud access carries trust too: a bucket grant is a write path, a project role reaches
// everything in the project. Pools and environments get bucket-level grants only, and only on buckets
// their level may write (generated allow-list; production buckets only at prod) or that the stack
// itself declares; Workload Identity only for their own namespaces; never public members.
import { CATALOG } from "../generated/catalog";
import { docsUrl, type RelengStackPolicy } from "../lib/policy";
import { findings } from "../lib/report";
import { stackKindOfName, stackLevelOfName, stackNameOf } from "../lib/model";

const NAME = "gcp-access-allowed";

const BUCKET_GRANT = /^gcp:storage\/(bucketIAMMember|bucketIAMBinding|bucketIAMPolicy|bucketACL|bucketAccessControl|defaultObjectAccessControl|objectAccessControl):/;
const WIDE_IAM = /^gcp:(projects|organizations|folders)\/[a-zA-Z]*:/;
const ACCOUNT_IAM = /^gcp:serviceaccount\/iAM(Member|Binding|Policy):/;
const PUBLIC = /\b(allUsers|allAuthenticatedUsers)\b/;

/** `gs://Name/`, ` name ` → `name`. */
function bucketName(v: unknown): string {
  return String(v ?? "").trim().toLowerCase().replace(/^gs:\/\//, "").replace(/\/+$/, "");
}

export const gcpAccessAllowed: RelengStackPolicy = {
  name: NAME,
  description: "Pools and environments hold GCP grants only on buckets their level may write (or that they declare), Workload Identity only for their own namespaces, and no project-wide or public grant.",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "environments", "gcp"],
  url: docsUrl(NAME),
  remediationSteps:
    "List only your level's buckets under the pool's gcp.buckets (production delivery buckets only in pools-prod); grant roles on the bucket, " +
    "never on the project; bind Workload Identity only to the stack's own Kubernetes service accounts.",
  validateStack: (args, reportViolation) => {
    const found = findings(reportViolation);
    const stack = args.resources.map((r) => stackNameOf(r.urn)).find(Boolean) ?? "";
    const kind = stackKindOfName(stack);
    if (kind !== "pools" && kind !== "environment") return;
    const level = stackLevelOfName(stack);
    const allowedBuckets = new Set<string>(kind === "pools" && level ? (CATALOG.bucketsAllowed[level] as readonly string[]) : []);
    for (const r of args.resources) if (r.type === "gcp:storage/bucket:Bucket" && r.props?.name) allowedBuckets.add(bucketName(r.props.name));
    for (const r of args.resources) {
      const text = JSON.stringify(r.props ?? {});
      if (r.type.startsWith("gcp:") && PUBLIC.test(text)) found(r, "", `grants to a public member (allUsers/allAuthenticatedUsers)`);
      if (WIDE_IAM.test(r.type) && /IAM|iAM|Iam/.test(r.type)) found(r, "", `a ${kind} stack may not hold project, folder or organization IAM (${r.type}); grant on the bucket instead`);
      if (BUCKET_GRANT.test(r.type)) {
        const b = bucketName(r.props?.bucket);
        if (!allowedBuckets.has(b)) found(r, `bucket ${b}`, `${stack} may not be granted access to bucket ${b || "(unknown)"}: not one ${kind === "pools" ? `a ${level ?? "unknown-level"} pool may write (${[...(level ? CATALOG.bucketsAllowed[level] : [])].join(", ")})` : "an environment may use"} nor declared by the stack`);
      }
      if (ACCOUNT_IAM.test(r.type)) {
        const members: string[] = [r.props?.member, ...(Array.isArray(r.props?.members) ? r.props.members : [])].filter((m): m is string => typeof m === "string");
        for (const m of members) {
          const ns = /\.svc\.id\.goog\[([^/\]]+)\//.exec(m)?.[1];
          // An environment's own namespace is its stack's name (env-<name>); another environment's is not its own.
          const own = ns !== undefined && (kind === "environment" ? ns === stack : level !== undefined && ns.startsWith(`${level}-`));
          if (!own) found(r, `member ${m}`, `Workload Identity for ${m} is not one of ${stack}'s own namespaces`);
        }
      }
    }
  },
};
