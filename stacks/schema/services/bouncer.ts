// Settings of an environment's bouncer copy. An empty object checks the service out with defaults.
import { z } from "zod";

export const bouncerSchema = z.object({}).strict();
export type BouncerSettings = z.infer<typeof bouncerSchema>;
