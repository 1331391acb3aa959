// The fxci-config entries a release engineer submits (mozilla-releng/fxci-config) so Taskcluster
// accepts an environment's own pools: one clients.yml entry per pool, in the shape of the
// `project/releng/scriptworker/v2/<script>/<env>/firefoxci-<trust>-<level>` entries there (claim work
// on the pool's worker type, worker ids under it). No grant is added: grants.d/grants.yml already lets
// gecko level-1 projects (Try included) create tasks on `scriptworker-k8s/gecko-1-*`. Pure.
import { fxciClientScopes } from "../../../catalog/envPools";
import type { StagingRelease } from "./stagingRelease";

export interface FxciConfig {
  "clients.yml": Record<string, { description: string; scopes: string[] }>;
}

export function fxciConfig(handoff: StagingRelease): FxciConfig | undefined {
  const pools = Object.entries(handoff.pools);
  if (pools.length === 0) return undefined;
  return {
    "clients.yml": Object.fromEntries(
      pools.map(([script, p]) => [p!.taskclusterClientId, { description: `releng-envs environment ${handoff.environment}: ${script}script dep pool (returned with the environment)`, scopes: fxciClientScopes(p!.workerType) }]),
    ),
  };
}

export const FXCI_CONFIG_HEADER = [
  "# fxci-config entries for this environment's own scriptworker pools (mozilla-releng/fxci-config).",
  "# Add the clients.yml entries to clients.yml in a pull request; remove them when the environment",
  "# is returned. No grant is needed: grants.d/grants.yml already grants",
  "# queue:create-task:{priority}:scriptworker-k8s/{trust_domain}-1-* to gecko level-1 projects (Try).",
  "# Then create each client's access token and set it: pulumi config set --secret --path",
  "# 'releng-envs:secrets.pools.<worker type>.TASKCLUSTER_ACCESS_TOKEN' <token> -s env-<name>",
  "",
].join("\n");
