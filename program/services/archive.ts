// The archive in the service registry: the component inside the environment and its outputs.
import { ARCHIVE } from "../../catalog/archive";
import { Archive } from "../../components/services/archive/Archive";
import { archivePlan } from "../../components/services/archive/builders";
import type { DeclaredService, ServiceContext } from "./context";

/** Declares the archive of an environment. */
export function declareArchive(ctx: ServiceContext): DeclaredService {
  const plan = archivePlan(ctx.config);
  const archive = new Archive("archive", { plan, dependsOn: ctx.dependsOn }, { parent: ctx.environment });
  return {
    outputs: {
      archiveUrl: archive.archiveUrl,
      s3Endpoint: archive.s3Endpoint,
      bucket: archive.bucket,
      credentialsSecret: archive.credentialsSecret,
      fallback: plan.settings.fallback,
      productionBaseUrl: plan.settings.productionBaseUrl,
      ...(plan.cutoff ? { cutoff: plan.cutoff.toISOString() } : {}),
      storeImage: plan.settings.storeImage,
      frontImage: plan.settings.frontImage,
      writes: `S3 API at the s3Endpoint with the keys in Secret ${ARCHIVE.credentialsSecret}; the front (archiveUrl) is read-only`,
    },
  };
}
