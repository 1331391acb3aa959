// The archive as a library service: an S3 store and a read-through front. Its plan resolves the
// cut-off (which may name the checkout date) before anything is declared.
import { ARCHIVE } from "../../catalog/archive";
import { Archive } from "../../components/services/archive/Archive";
import { archiveEgressHosts, archiveEgressOrigins, archivePlan, type ArchivePlan } from "../../components/services/archive/builders";
import type { ServiceModule } from "./module";

export const archive: ServiceModule<ArchivePlan> = {
  plan: (config) => {
    const { plan, problems } = archivePlan(config);
    return { settings: plan, problems };
  },
  // Exactly the production archive host; in proxy mode the proxy also reverse-proxies it for the front.
  egress: (plan) => ({ hosts: archiveEgressHosts(plan.settings), origins: archiveEgressOrigins(plan.settings) }),
  declare: (plan, ctx) => {
    const component = new Archive("archive", { plan, namespace: ctx.namespace }, { parent: ctx.environment });
    return {
      archiveUrl: component.archiveUrl,
      s3Endpoint: component.s3Endpoint,
      bucket: component.bucket,
      credentialsSecret: component.credentialsSecret,
      fallback: plan.settings.fallback,
      productionBaseUrl: plan.settings.productionBaseUrl,
      ...(plan.cutoff ? { cutoff: plan.cutoff.toISOString() } : {}),
      storeImage: plan.settings.storeImage,
      frontImage: plan.settings.frontImage,
      writes: `S3 API at the s3Endpoint with the keys in Secret ${ARCHIVE.credentialsSecret}; the front (archiveUrl) is read-only`,
    };
  },
};
