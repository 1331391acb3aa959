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
/**
 * Top-level keys whose value is text in every stack kind that has them (name, holder, purpose, dates,
 * kind, level). The engine hands every config value over as a string and the program types it back
 * (stackFile.ts typedConfigValue); these stay text, so a purpose or name like `150` or `1e3` is never
 * turned into a number before validation.
 */
export const TEXT_KEYS: ReadonlySet<string> = new Set(
  // Read as plain object schemas: typed as the union of the three kinds' shapes, this one expression
  // cost the type-checker 1.6 s, a third of the root check (docs/benchmarks.md).
  (stackConfigSchema.options as readonly z.ZodObject<z.ZodRawShape>[]).flatMap((kind) =>
    Object.entries(kind.shape)
      .filter(([, schema]) => {
        let t = schema as z.ZodType;
        while (t.def.type === "optional" || t.def.type === "default") t = (t.def as unknown as { innerType: z.ZodType }).innerType;
        return t.def.type === "string" || t.def.type === "literal" || t.def.type === "enum";
      })
      .map(([key]) => key),
  ),
);
