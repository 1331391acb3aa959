// The archive as a library service: an S3 store and a read-through front. Its plan resolves the
// cut-off (which may name the checkout date) before anything is declared.
import { ARCHIVE } from "../../catalog/archive";
import { Archive } from "../../components/services/archive/Archive";
import { archiveEgressHosts, archiveEgressOrigins, archivePlan, type ArchivePlan } from "../../components/services/archive/builders";
import type { ConfigProblem } from "../../domain/problems";
import type { EnvironmentStack } from "../../stacks/load";
import type { ServiceModule } from "./module";

/** The cut-off instant: `checkedOut` means 00:00 UTC of the checkout date, which must then be set. */
export function resolveCutoff(cutoff: string | undefined, checkedOut: string | undefined): { cutoff?: Date; problems: ConfigProblem[] } {
  if (cutoff === undefined) return { problems: [] };
  if (cutoff !== "checkedOut") return { cutoff: new Date(cutoff), problems: [] };
  if (!checkedOut) {
    return {
      problems: [
        {
          key: "releng-envs:services.archive.cutoff",
          problem: "is checkedOut, but releng-envs:checkedOut is not set",
          fix: "set releng-envs:checkedOut to the checkout date (YYYY-MM-DD), or give the cut-off as an instant: cutoff: 2026-11-21T09:30:00Z",
        },
      ],
    };
  }
  return { cutoff: new Date(`${checkedOut}T00:00:00Z`), problems: [] };
}

/** The archive's plan in the environment, or the problems that keep it from being declared. */
export function planArchive(config: EnvironmentStack, placement: Parameters<typeof archivePlan>[0]): { plan: ArchivePlan; problems: ConfigProblem[] } {
  const settings = config.services.archive!;
  const { cutoff, problems } = resolveCutoff(settings.cutoff, config.checkedOut);
  return { plan: archivePlan(placement, settings, cutoff), problems };
}

export const archive: ServiceModule<ArchivePlan> = {
  plan: (config, placement) => {
    const { plan, problems } = planArchive(config, placement);
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
