// The seed script the project ships (seed/balrog-seed.sh). The Job and the apps' init containers
// mount it from a ConfigMap, so what runs in the cluster is the file the MariaDB tests run.
import * as fs from "node:fs";
import * as path from "node:path";

export const SEED_SCRIPT_PATH = path.join(__dirname, "seed", "balrog-seed.sh");
export const SEED_SCRIPT_KEY = "balrog-seed.sh";

let cached: string | undefined;

/** The script's text (read once). */
export function seedScriptText(): string {
  cached ??= fs.readFileSync(SEED_SCRIPT_PATH, "utf8");
  return cached;
}
