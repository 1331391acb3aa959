// Which library services an environment checks out, and their settings.
// Accepts the map form (`services: {balrog: {...}, archive: {}}`) and, for a hurried user, the
// list shorthand (`services: [balrog, archive]`) which means "these, with defaults".
import { z } from "zod";
import { archiveSchema } from "./services/archive";
import { balrogSchema } from "./services/balrog";
import { bouncerSchema } from "./services/bouncer";
import { shipitSchema } from "./services/shipit";

const servicesMap = z
  .object({
    balrog: balrogSchema.optional(),
    bouncer: bouncerSchema.optional(),
    shipit: shipitSchema.optional(),
    archive: archiveSchema.optional(),
  })
  .strict();

export const servicesSchema = z.preprocess((v) => {
  if (Array.isArray(v)) return Object.fromEntries(v.map((s) => [s, {}]));
  // `balrog: true` or `balrog: null` (YAML `balrog:`) also mean "with defaults"; `false` means not checked out.
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, s]) => s !== false)
        .map(([k, s]) => [k, s === true || s === null ? {} : s]),
    );
  }
  return v;
}, servicesMap.default({}));
