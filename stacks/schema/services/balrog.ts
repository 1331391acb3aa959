// Settings of an environment's balrog copy. An empty object checks the service out with defaults.
import { z } from "zod";

export const balrogSchema = z.object({}).strict();
export type BalrogSettings = z.infer<typeof balrogSchema>;
