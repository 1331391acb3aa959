// The project's root directory, in a module of its own: the policy pack's client and the plan's
// entry need it before anything heavier loads (stacks/stackFile.ts loads the config schemas).
import * as path from "node:path";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
