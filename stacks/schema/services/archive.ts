// Settings of an environment's archive copy. An empty object checks the service out with defaults.
import { z } from "zod";

export const archiveSchema = z.object({}).strict();
export type ArchiveSettings = z.infer<typeof archiveSchema>;
