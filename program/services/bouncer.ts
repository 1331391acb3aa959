// Bouncer as a library service: go-bouncer and bouncer-admin (images required: no public default),
// egress only for the schema fetch on first start.
import { bouncerSchemaHost } from "../../catalog/bouncer";
import { Bouncer } from "../../components/services/bouncer/Bouncer";
import type { BouncerCopy } from "../../components/services/bouncer/builders";
import type { ConfigProblem } from "../../domain/problems";
import type { BouncerSettings } from "../../stacks/schema/services/bouncer";
import type { ServiceModule } from "./module";

/** The two images without a default (go-bouncer and bouncer-admin publish no public image), checked before declaring. */
function bouncerImageProblems(settings: BouncerSettings): ConfigProblem[] {
  return (["redirector", "admin"] as const)
    .filter((k) => !settings.images[k])
    .map((k) => ({
      key: `releng-envs:services.bouncer.images.${k}`,
      problem: "is required: there is no public image to default to",
      fix:
        "go-bouncer and bouncer-admin publish no public image (their GitHub workflows push to a private registry): " +
        "build mozilla-services/go-bouncer and mozilla-services/bouncer-admin from their Dockerfiles, push them to a registry the cluster can pull from, " +
        "and set services.bouncer.images.redirector and services.bouncer.images.admin",
    }));
}

export const bouncer: ServiceModule<BouncerCopy> = {
  plan: (config) => {
    const settings = config.services.bouncer!;
    const problems = bouncerImageProblems(settings);
    // With a missing image there is a problem, and nothing is declared: the empty string is never used.
    const { redirector = "", admin = "" } = settings.images;
    return { settings: { ...settings, images: { ...settings.images, redirector, admin } }, problems };
  },
  // The redirector and admin API talk to MySQL alone.
  egress: (settings) => ({ hosts: [bouncerSchemaHost(settings.schemaUrl)] }),
  declare: (settings, ctx) => {
    const component = new Bouncer("bouncer", { placement: ctx.placement, settings, handoff: ctx.handoff, namespace: ctx.namespace, publicDomain: ctx.publicDomain }, { parent: ctx.environment });
    return { redirectorUrl: component.redirectorUrl, adminApiUrl: component.adminApiUrl, downloadsFrom: component.downloadsFrom };
  },
};
