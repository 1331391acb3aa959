// The registry of library services an environment can check out. Each entry declares one
// service's component inside the environment; the environment stack calls those checked out.
import * as pulumi from "@pulumi/pulumi";
import { bouncerSchemaHost } from "../catalog/bouncer";
import { SHIPIT, type ShipitSecretName } from "../catalog/shipit";
import { bouncerImageProblems } from "../components/services/bouncer/builders";
import { Bouncer } from "../components/services/bouncer/Bouncer";
import { shipitEgressHosts } from "../components/services/shipit/builders";
import { ShipIt } from "../components/services/shipit/ShipIt";
import type { ConfigProblem } from "../stacks/errors";
import type { EgressOrigin } from "../components/env/egressProxy";
import { archiveEgressHosts, archiveEgressOrigins } from "../components/services/archive/builders";
import { declareArchive } from "./services/archive";
import type { ServiceDeclarer } from "./services/context";
import type { EnvironmentStack } from "../stacks/load";
import type { ServiceName } from "../stacks/schema/services";
import { balrogEgress, declareBalrog } from "./services/balrog";

/** How each library service is declared inside an environment (a test keeps every service covered). */
export const SERVICE_DECLARERS: Partial<Record<ServiceName, ServiceDeclarer>> = {
  balrog: declareBalrog,
  bouncer: ({ config, environment, dependsOn }) => {
    const bouncer = new Bouncer("bouncer", { config, settings: config.services.bouncer!, dependsOn }, { parent: environment });
    return { outputs: { redirectorUrl: bouncer.redirectorUrl, adminApiUrl: bouncer.adminApiUrl, downloadsFrom: bouncer.downloadsFrom } };
  },
  shipit: ({ config, environment, dependsOn, secrets }) => {
    const credentials = Object.fromEntries(
      (Object.keys(SHIPIT.secrets) as ShipitSecretName[]).map((k) => {
        const path = `shipit.${k}`;
        // Missing only in plans and previews: a real `pulumi up` refuses first (program/config.ts).
        return [k, secrets.has(path) ? secrets.get(path) : pulumi.secret(`sample-stack-placeholder-${k}`)];
      }),
    ) as Record<ShipitSecretName, pulumi.Output<string>>;
    const shipit = new ShipIt("shipit", { config, settings: config.services.shipit!, credentials, dependsOn }, { parent: environment });
    return { outputs: { apiUrl: shipit.apiUrl, publicApiUrl: shipit.publicApiUrl } };
  },
  archive: declareArchive,
};

/**
 * HTTPS hosts each checked-out service needs through the egress proxy (read-only production
 * fallbacks). Pure, because the proxy's allow-list is built before any service is declared.
 */
export const SERVICE_EGRESS_HOSTS: Partial<Record<ServiceName, (config: EnvironmentStack) => string[]>> = {
  // Only the seed dump's host, derived from the configured URL.
  balrog: balrogEgress,
  // Only the schema fetch on first start; the redirector and admin API talk to MySQL alone.
  bouncer: (config) => [bouncerSchemaHost(config.services.bouncer!.schemaUrl)],
  // Taskcluster (hooks) and Auth0 (user info) for the admin API; the public API stays inside.
  shipit: (config) => shipitEgressHosts(config.services.shipit!),
  archive: archiveEgressHosts,
};

/** Checks of a service's config that need more than its schema (e.g. secrets); run before anything is declared. */
export const SERVICE_PRECHECKS: Partial<Record<ServiceName, (config: EnvironmentStack) => ConfigProblem[]>> = {
  bouncer: bouncerImageProblems,
};

/**
 * Allow-listed origins the egress proxy also serves as a read-only reverse proxy, for services
 * whose software cannot use HTTPS_PROXY (the archive front's nginx in proxy mode).
 */
export const SERVICE_EGRESS_ORIGINS: Partial<Record<ServiceName, (config: EnvironmentStack) => EgressOrigin[]>> = {
  archive: archiveEgressOrigins,
};
