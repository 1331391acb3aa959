// Balrog as a library service: its settings, its egress (the seed dump's host, Auth0, and on gke
// the GCS API for admin's history blobs), and its component.
import * as pulumi from "@pulumi/pulumi";
import { Balrog } from "../../components/services/balrog/Balrog";
import { GCS_API_HOST } from "../../catalog/mozilla";
import { balrogEgressHosts, type BalrogCopy } from "../../components/services/balrog/common";
import { balrogDownloadDomains } from "../../components/services/balrog/wsgiEntry";
import { stagingRelease } from "../../components/services/handoff/stagingRelease";
import type { ServiceModule } from "./module";

export const balrog: ServiceModule<BalrogCopy> = {
  plan: (config) => ({ settings: config.services.balrog!, problems: [] }),
  egress: (settings, placement) => ({
    // On gke, admin writes its history blobs to the environment's own buckets through the GCS API.
    hosts: [...balrogEgressHosts(settings), ...(placement.cluster === "gke" ? [GCS_API_HOST] : [])],
  }),
  declare: (settings, ctx) => {
    // Release blobs may name the environment's own archive and bouncer hosts (as the handoff does).
    const downloadDomains = pulumi.output(ctx.publicDomain).apply((domain) => balrogDownloadDomains(stagingRelease(ctx.handoff, domain)));
    const component = new Balrog(
      "balrog",
      { placement: ctx.placement, settings, namespace: ctx.namespace, secrets: ctx.secrets, downloadDomains },
      { parent: ctx.environment },
    );
    return { adminApiRoot: component.adminApiRoot, publicUrl: component.publicUrl, seed: component.seed };
  },
};
