// Ship-it as a library service: its Taskcluster and Auth0 credentials come from secret config
// (pending until set), egress to Taskcluster and Auth0 for the admin API only.
import * as pulumi from "@pulumi/pulumi";
import { SHIPIT, type ShipitSecretName } from "../../catalog/shipit";
import { ShipIt } from "../../components/services/shipit/ShipIt";
import { shipitCredentialProblems, shipitEgressHosts } from "../../components/services/shipit/builders";
import type { ShipitSettings } from "../../stacks/schema/services/shipit";
import type { ServiceModule } from "./module";

export const shipit: ServiceModule<ShipitSettings> = {
  plan: (config) => ({ settings: config.services.shipit!, problems: [], pendingSecrets: shipitCredentialProblems(config) }),
  // The public API stays inside.
  egress: (settings) => ({ hosts: shipitEgressHosts(settings) }),
  declare: (settings, ctx) => {
    const credentials = Object.fromEntries(
      (Object.keys(SHIPIT.secrets) as ShipitSecretName[]).map((k) => {
        const path = `shipit.${k}`;
        // Missing only in plans and previews: a real `pulumi up` refuses first (pendingSecrets).
        return [k, ctx.secrets.has(path) ? ctx.secrets.get(path) : pulumi.secret(`sample-stack-placeholder-${k}`)];
      }),
    ) as Record<ShipitSecretName, pulumi.Output<string>>;
    const component = new ShipIt("shipit", { config: ctx.config, settings, credentials, namespace: ctx.namespace }, { parent: ctx.environment });
    return { apiUrl: component.apiUrl, publicApiUrl: component.publicApiUrl };
  },
};
