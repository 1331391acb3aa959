// Config of a `pools` stack: every scriptworker pool of one trust level.
import { z } from "zod";

export const poolsSchema = z
  .object({ kind: z.literal("pools") })
  .passthrough()
  .superRefine((_v, ctx) => {
    ctx.addIssue({ code: "custom", path: ["kind"], message: "stack kind 'pools' is not yet supported by this version of releng-envs", params: { fix: "use kind: environment for now; pools stacks arrive with issue #6" } });
  });
export type PoolsConfig = z.infer<typeof poolsSchema>;
