// `releng-envs list`: the catalogue — who holds which environment, with what, until when.
import * as fs from "node:fs";
import { listStacks } from "../stacks/stackFile";
import type { CliContext } from "./context";
import { ENV_STACK_PREFIX } from "../catalog/environment";
import { readEnvironmentEntry, type EnvironmentEntry } from "./environments";
import { CliError } from "./errors";
import { readHolders } from "./holders";
import { readStackState, type StackStateSummary } from "./state";

/** An environment as listed: its entry, its holder's GitHub login (holders.yaml) and, with --state, its state. */
export interface ListOptions {
  json?: boolean;
  overdue?: boolean;
  state?: string;
}

export type CatalogueEntry = EnvironmentEntry & { holderGitHub?: string; state?: StackStateSummary };

export function catalogue(ctx: CliContext, opts: ListOptions = {}): CatalogueEntry[] {
  if (opts.state !== undefined && !fs.existsSync(opts.state)) {
    throw new CliError(`--state ${opts.state}: no such directory. Give a directory holding <stack>.json files (pulumi stack export --stack <stack> > DIR/<stack>.json) or the offline plan's out/.`);
  }
  const holders = readHolders(ctx.projectRoot);
  const entries: CatalogueEntry[] = [];
  for (const stack of listStacks(ctx.stacksDir).filter((s) => s.startsWith(ENV_STACK_PREFIX))) {
    const entry: CatalogueEntry = readEnvironmentEntry(ctx, stack);
    if (opts.overdue && !entry.overdue) continue;
    const login = entry.holder ? holders[entry.holder.toLowerCase()] : undefined;
    if (login) entry.holderGitHub = login;
    if (opts.state) {
      const state = readStackState(opts.state, stack);
      if (state) entry.state = state;
    }
    entries.push(entry);
  }
  return entries;
}
