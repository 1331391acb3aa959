// The stack config schema: a discriminated union on `releng-envs:kind`.
import { z } from "zod";
import { environmentSchema } from "./environment";
import { platformSchema } from "./platform";
import { poolsSchema } from "./pools";

export const STACK_KINDS = ["environment", "pools", "platform"] as const;
export type StackKind = (typeof STACK_KINDS)[number];

export const stackConfigSchema = z.discriminatedUnion("kind", [environmentSchema, poolsSchema, platformSchema], {
  error: "releng-envs:kind must be one of: environment, pools, platform",
});

export type StackConfigBody = z.infer<typeof stackConfigSchema>;
export { environmentSchema, poolsSchema, platformSchema };
