// Bouncer as a library service: go-bouncer and bouncer-admin (images required: no public default),
// egress only for the schema fetch on first start.
import { bouncerSchemaHost } from "../../catalog/bouncer";
import { Bouncer } from "../../components/services/bouncer/Bouncer";
import { bouncerImageProblems } from "../../components/services/bouncer/builders";
import type { BouncerSettings } from "../../stacks/schema/services/bouncer";
import type { ServiceModule } from "./module";

export const bouncer: ServiceModule<BouncerSettings> = {
  plan: (config) => ({ settings: config.services.bouncer!, problems: bouncerImageProblems(config) }),
  // The redirector and admin API talk to MySQL alone.
  egress: (settings) => ({ hosts: [bouncerSchemaHost(settings.schemaUrl)] }),
  declare: (settings, ctx) => {
    const component = new Bouncer("bouncer", { config: ctx.config, settings, namespace: ctx.namespace, publicDomain: ctx.publicDomain }, { parent: ctx.environment });
    return { redirectorUrl: component.redirectorUrl, adminApiUrl: component.adminApiUrl, downloadsFrom: component.downloadsFrom };
  },
};
