// Config of a `platform` stack: the GCP ground (GKE, identities, buckets, registry, DNS, KMS).
import { z } from "zod";

export const platformSchema = z
  .object({ kind: z.literal("platform") })
  .passthrough()
  .superRefine((_v, ctx) => {
    ctx.addIssue({ code: "custom", path: ["kind"], message: "stack kind 'platform' is not yet supported by this version of releng-envs", params: { fix: "use kind: environment for now; platform stacks arrive with issue #9" } });
  });
export type PlatformConfig = z.infer<typeof platformSchema>;
