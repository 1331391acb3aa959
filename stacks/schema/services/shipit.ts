// Settings of an environment's shipit copy. An empty object checks the service out with defaults.
import { z } from "zod";

export const shipitSchema = z.object({}).strict();
export type ShipitSettings = z.infer<typeof shipitSchema>;
