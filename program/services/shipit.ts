// Ship-it as a library service: its Taskcluster and Auth0 credentials come from secret config
// (pending until set), egress to Taskcluster and Auth0 for the admin API only.
import * as pulumi from "@pulumi/pulumi";
import { SHIPIT_SECRET_PATHS, type ShipitSecretName } from "../../catalog/shipit";
import { ShipIt } from "../../components/services/shipit/ShipIt";
import { shipitEgressHosts, type ShipitCopy } from "../../components/services/shipit/builders";
import type { ConfigProblem } from "../../domain/problems";
import type { EnvironmentStack } from "../../stacks/load";
import type { ServiceModule } from "./module";

const SHIPIT_SECRET_NAMES = Object.keys(SHIPIT_SECRET_PATHS) as ShipitSecretName[];

/**
 * Ship-it credentials the stack has not set yet. They can only be set after `pulumi stack init`, so
 * the offline plan and previews report them (output `pendingSecrets`) and plan with secret
 * placeholders, and a real `pulumi up` refuses until they are set (planEnvironment).
 */
function shipitCredentialProblems(config: EnvironmentStack): ConfigProblem[] {
  return Object.values(SHIPIT_SECRET_PATHS)
    .filter((p) => !config.secretNames.includes(p))
    .map((p) => ({
      key: `releng-envs:secrets.${p}`,
      problem: "is required when Ship-it is checked out (Taskcluster and Auth0 credentials of the copy)",
      fix: `set it as a Pulumi secret: pulumi config set --secret --path 'releng-envs:secrets.${p}' VALUE -s ${config.stack} (the Taskcluster client may hold only level-1 hook scopes, e.g. project/releng/shipit/staging)`,
    }));
}

export const shipit: ServiceModule<ShipitCopy> = {
  plan: (config) => ({ settings: config.services.shipit!, problems: [], pendingSecrets: shipitCredentialProblems(config) }),
  // The public API stays inside.
  egress: (settings) => ({ hosts: shipitEgressHosts(settings) }),
  declare: (settings, ctx) => {
    const credentials = Object.fromEntries(
      SHIPIT_SECRET_NAMES.map((k) => {
        const path = SHIPIT_SECRET_PATHS[k];
        // Missing only in plans and previews: a real `pulumi up` refuses first (pendingSecrets).
        return [k, ctx.secrets.has(path) ? ctx.secrets.get(path) : pulumi.secret(`sample-stack-placeholder-${k}`)];
      }),
    ) as Record<ShipitSecretName, pulumi.Output<string>>;
    const component = new ShipIt("shipit", { placement: ctx.placement, settings, credentials, namespace: ctx.namespace }, { parent: ctx.environment });
    return { apiUrl: component.apiUrl, publicApiUrl: component.publicApiUrl };
  },
};
