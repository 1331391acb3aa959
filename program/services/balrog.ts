// Balrog in the service registry: the component inside the environment, its outputs, its egress.
import { Balrog } from "../../components/services/balrog/Balrog";
import * as pulumi from "@pulumi/pulumi";
import { balrogEgressHosts, GCS_HOST } from "../../components/services/balrog/builders";
import { balrogDownloadDomains } from "../../components/services/balrog/wsgiEntry";
import { stagingRelease } from "../../components/services/handoff/stagingRelease";
import type { EnvironmentStack } from "../../stacks/load";
import type { ServiceDeclarer } from "./context";

export const declareBalrog: ServiceDeclarer = (ctx) => {
  // Release blobs may name the environment's own archive and bouncer hosts (as the handoff does).
  const downloadDomains = pulumi.output(ctx.publicDomain).apply((domain) => balrogDownloadDomains(stagingRelease(ctx.config, domain)));
  const balrog = new Balrog("balrog", { config: ctx.config, namespace: ctx.namespace, secrets: ctx.secrets, dependsOn: ctx.dependsOn, downloadDomains }, { parent: ctx.environment });
  return { outputs: { adminApiRoot: balrog.adminApiRoot, publicUrl: balrog.publicUrl, seed: balrog.seed } };
};

/** Only the dump's host (derived from the configured dump URL); an empty seed needs none. */
export function balrogEgress(config: EnvironmentStack): string[] {
  if (!config.services.balrog) return [];
  // On gke, admin writes its history blobs to the environment's own buckets through the GCS API.
  return [...balrogEgressHosts(config.services.balrog), ...(config.kubernetes.target === "gke" ? [GCS_HOST] : [])];
}
