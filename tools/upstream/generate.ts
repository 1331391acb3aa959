// Contract data from the upstream checkouts: one JSON file per repository under catalog/upstream/,
// each naming its repository and commit.
import type { UpstreamData, UpstreamDataName } from "../../catalog/upstreamContract";
import { autoscaleFacts } from "./autoscale";
import type { UpstreamRepo, UpstreamRepository } from "./repo";
import { scriptworkerFacts } from "./scriptworker";
import { serviceFacts } from "./services";

/** Data file name (catalog/upstream/<name>.json) of each repository. */
export const DATA_FILES: Record<UpstreamRepository, UpstreamDataName> = {
  "mozilla-releng/scriptworker-scripts": "scriptworker-scripts",
  "mozilla-releng/balrog": "balrog",
  "mozilla-releng/shipit": "shipit",
  "mozilla-services/go-bouncer": "go-bouncer",
  "mozilla-services/bouncer-admin": "bouncer-admin",
  "mozilla-releng/k8s-autoscale": "k8s-autoscale",
};

export interface GenerateOptions {
  progress?: (message: string) => void;
  /** Limit scriptworker-scripts to these scripts (tests). */
  scripts?: string[];
}

export async function generateFacts(repos: Record<UpstreamRepository, UpstreamRepo>, options: GenerateOptions = {}): Promise<UpstreamData> {
  const say = options.progress ?? (() => {});
  say("k8s-autoscale");
  const autoscale = autoscaleFacts(repos["mozilla-releng/k8s-autoscale"]);
  say("balrog, shipit, go-bouncer, bouncer-admin");
  const balrog = serviceFacts(repos["mozilla-releng/balrog"]);
  const shipit = serviceFacts(repos["mozilla-releng/shipit"]);
  const goBouncer = serviceFacts(repos["mozilla-services/go-bouncer"]);
  const bouncerAdmin = serviceFacts(repos["mozilla-services/bouncer-admin"]);
  const scriptworker = await scriptworkerFacts(repos["mozilla-releng/scriptworker-scripts"], { progress: say, scripts: options.scripts });
  return { "scriptworker-scripts": scriptworker, balrog, shipit, "go-bouncer": goBouncer, "bouncer-admin": bouncerAdmin, "k8s-autoscale": autoscale };
}

/** Stable JSON: two-space indent, arrays of scalars on one line (diffs stay readable, files small). */
export function stableJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.replace(/\[\s*\n\s*((?:(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null),?\s*\n\s*)+)\]/g, (_whole, inner: string) => `[${inner.split(/,?\s*\n\s*/).filter(Boolean).join(", ")}]`) + "\n";
}
