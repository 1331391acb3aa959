// The project's root and stacks directories, in a module of its own: the policy pack's client and
// the bench need them before (or without) anything heavier (stacks/stackFile.ts loads the schemas).
import * as path from "node:path";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const STACKS_DIR = path.join(PROJECT_ROOT, "stacks");
