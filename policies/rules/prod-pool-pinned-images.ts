// What runs with shipping secrets must be exactly what was reviewed: a tag can move, a digest cannot.
import { docsUrl, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { claimsProd } from "../lib/trust";
import { imagesOf } from "../lib/declarations";
import { judgeSubjects } from "../lib/subjects";

const NAME = "prod-pool-pinned-images";
const DIGEST = /@sha256:[a-f0-9]{64}$/;

export const prodPoolPinnedImages: RelengStackPolicy = {
  name: NAME,
  description: "Prod pools run digest-pinned images (image@sha256:…), never a movable tag.",
  severity: "high",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "supply-chain"],
  url: docsUrl(NAME),
  remediationSteps:
    "Pin every container image of a prod pool by digest, e.g. mozilla/releng-signing:production@sha256:<64 hex>. " +
    "Resolve the digest of the reviewed tag (docker buildx imagetools inspect) and put it in the pool catalogue.",
  validateStack: judgeSubjects({
    appliesTo: (trust, subject) => subject.isWorkload && claimsProd(trust),
    judge: ({ subject, trust, found }) => {
      for (const img of imagesOf(subject)) if (!DIGEST.test(img.image.trim())) found(img.source, img.where, `a prod pool runs ${img.image}, which is not pinned by digest${because(trust.evidence)}`);
      for (const c of subject.containers) if (typeof c.container.image !== "string") found(subject.resource, c.where, `a prod pool container declares no image`);
    },
  }),
};
