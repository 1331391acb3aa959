// Balrog in the service registry: the component inside the environment, its outputs, its egress.
import { Balrog } from "../../components/services/balrog/Balrog";
import { balrogEgressHosts, GCS_HOST } from "../../components/services/balrog/builders";
import type { EnvironmentStack } from "../../stacks/load";
import type { ServiceDeclarer } from "./context";

export const declareBalrog: ServiceDeclarer = (ctx) => {
  const balrog = new Balrog("balrog", { config: ctx.config, namespace: ctx.namespace, secrets: ctx.secrets, dependsOn: ctx.dependsOn }, { parent: ctx.environment });
  return { outputs: { adminApiRoot: balrog.adminApiRoot, publicUrl: balrog.publicUrl, seed: balrog.seed } };
};

/** Only the dump's host (derived from the configured dump URL); an empty seed needs none. */
export function balrogEgress(config: EnvironmentStack): string[] {
  if (!config.services.balrog) return [];
  // On gke, admin writes its history blobs to the environment's own buckets through the GCS API.
  return [...balrogEgressHosts(config.services.balrog), ...(config.kubernetes.target === "gke" ? [GCS_HOST] : [])];
}
