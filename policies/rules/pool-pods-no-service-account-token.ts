// A worker holding signing keys or other credentials has no use for a Kubernetes API token, and a
// task that escapes into the pod must not find one: pool pods set automountServiceAccountToken: false.
import { podSpecOf, kubeKind } from "../lib/k8s";
import { docsUrl, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { judgeSubjects } from "../lib/subjects";

const NAME = "pool-pods-no-service-account-token";

export const poolPodsNoServiceAccountToken: RelengStackPolicy = {
  name: NAME,
  description: "Pool pods that hold credentials do not mount a Kubernetes service account token (automountServiceAccountToken: false).",
  severity: "high",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "kubernetes"],
  url: docsUrl(NAME),
  remediationSteps: "Set spec.template.spec.automountServiceAccountToken: false on the pool's Deployment (the project's pool builder does).",
  validateStack: judgeSubjects({
    appliesTo: (trust, subject) => trust.isPool && subject.isWorkload,
    judge: ({ subject, trust, found }) => {
      const holds = subject.secrets.length > 0 || subject.env.some((e) => e.secretRef);
      const spec = podSpecOf(kubeKind(subject.resource.type), subject.resource.props);
      if (holds && spec?.automountServiceAccountToken !== false) found(subject.resource, "spec.template.spec.automountServiceAccountToken", `a pool pod holding credentials mounts a service account token${because(trust.evidence)}`);
    },
  }),
};
