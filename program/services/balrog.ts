// Balrog as a library service: its settings, its egress (the seed dump's host, Auth0, and on gke
// the GCS API for admin's history blobs), and its component.
import * as pulumi from "@pulumi/pulumi";
import { Balrog } from "../../components/services/balrog/Balrog";
import { GCS_API_HOST } from "../../catalog/mozilla";
import { balrogEgressHosts } from "../../components/services/balrog/common";
import { balrogDownloadDomains } from "../../components/services/balrog/wsgiEntry";
import { stagingRelease } from "../../components/services/handoff/stagingRelease";
import type { BalrogSettings } from "../../stacks/schema/services/balrog";
import type { ServiceModule } from "./module";

export const balrog: ServiceModule<BalrogSettings> = {
  plan: (config) => ({ settings: config.services.balrog!, problems: [] }),
  egress: (settings, config) => ({
    // On gke, admin writes its history blobs to the environment's own buckets through the GCS API.
    hosts: [...balrogEgressHosts(settings), ...(config.kubernetes.target === "gke" ? [GCS_API_HOST] : [])],
  }),
  declare: (_settings, ctx) => {
    // Release blobs may name the environment's own archive and bouncer hosts (as the handoff does).
    const downloadDomains = pulumi.output(ctx.publicDomain).apply((domain) => balrogDownloadDomains(stagingRelease(ctx.config, domain)));
    const component = new Balrog(
      "balrog",
      { config: ctx.config, namespace: ctx.namespace, secrets: ctx.secrets, downloadDomains },
      { parent: ctx.environment },
    );
    return { adminApiRoot: component.adminApiRoot, publicUrl: component.publicUrl, seed: component.seed };
  },
};
