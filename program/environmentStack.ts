// An environment stack: the provider, the Environment, and each checked-out service inside it.
import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../components/env/Environment";
import { envIdentity } from "../components/env/builders";
import { Gateway } from "../components/env/Gateway";
import { gatewayHosts, hostsTooLongForManagedCertificate } from "../components/env/gatewayObjects";
import { MANAGED_CERTIFICATE_MAX_DOMAIN } from "../catalog/endpoints";
import type { ServiceName } from "../stacks/schema/services";
import { envLabels } from "../components/env/labels";
import { environmentAddressName } from "../components/platform/names";
import { stagingRelease } from "../components/services/handoff/stagingRelease";
import { shipitCredentialProblems } from "../components/services/shipit/builders";
import { ConfigError } from "../stacks/errors";
import { EnvironmentCloud } from "../components/platform/EnvironmentCloud";
import { checkedOut } from "../stacks/schema/services";
import type { EnvironmentStack } from "../stacks/load";
import { kubernetesProvider, renderDirectory } from "./kubernetesProvider";
import { deployTimeConfigError, platformFor, type PlatformReference } from "./platformReference";
import { configSecrets } from "./secrets";
import type { SecretSource } from "../domain/secrets";
import { EnvPool } from "../components/pools/EnvPool";
import { envPoolObjects, resolveEnvPool, type EnvPoolArgs } from "../components/pools/envPools";
import { missingSecrets } from "../components/pools/builders";
import type { EnvPoolScript } from "../catalog/envPools";
import { SERVICE_DECLARERS, SERVICE_EGRESS_HOSTS, SERVICE_EGRESS_ORIGINS, SERVICE_PRECHECKS } from "./services";

export function declareEnvironmentStack(config: EnvironmentStack): Record<string, pulumi.Input<unknown>> {
  const problems = checkedOut(config.services).flatMap((s) => SERVICE_PRECHECKS[s]?.(config) ?? []);
  if (problems.length > 0) throw new ConfigError(config.stack, config.file, problems); // before anything is declared
  // On the gke target: the platform stack's cluster, registry mirror and GCP project (else undefined).
  const platform = platformFor(config.kubernetes, { workload: "environments", stack: config.stack, file: config.file });
  const provider = kubernetesProvider(config.kubernetes, config.stack, platform);
  const services = checkedOut(config.services);
  const serviceEgressHosts = services.flatMap((s) => SERVICE_EGRESS_HOSTS[s]?.(config) ?? []);
  const serviceEgressOrigins = services.flatMap((s) => SERVICE_EGRESS_ORIGINS[s]?.(config) ?? []);
  const environment = new Environment(
    config.name,
    { config, serviceEgressHosts, serviceEgressOrigins },
    { providers: { kubernetes: provider }, transformations: platform ? [platform.workloadTransformation("environments")] : [] },
  );
  const cloud = platform
    ? new EnvironmentCloud(config.name, { config, platform: platform.facts, dependsOn: environment.ready }, { providers: { kubernetes: provider, gcp: platform.gcpProvider() } })
    : undefined;
  const secrets = configSecrets(config.secretNames);

  const publicDomain = declareGateway(config, services, environment, platform);
  const serviceOutputs: Record<string, pulumi.Input<unknown>> = {};
  for (const service of services) {
    const declare = SERVICE_DECLARERS[service];
    if (!declare) throw new Error(`service ${service} has no declarer in program/services.ts`);
    serviceOutputs[service] = declare({ config, namespace: `env-${config.name}`, environment, dependsOn: environment.ready, secrets, cloud, publicDomain }).outputs;
  }

  const pools = declareEnvPools(config, environment, secrets, publicDomain);

  return {
    kind: "environment",
    namespace: environment.namespace,
    holder: config.holder,
    purpose: config.purpose,
    due: config.due,
    asleep: config.asleep,
    services,
    kubernetesTarget: config.kubernetes.target,
    ...(config.kubernetes.target === "render" ? { renderDirectory: renderDirectory(config.stack) } : {}),
    ...(cloud ? { gcp: { serviceAccount: cloud.serviceAccountEmail, kubernetesServiceAccount: cloud.kubernetesServiceAccount, buckets: cloud.buckets } } : {}),
    ...serviceOutputs,
    /** The environment's own dep pools (docs/staging-release.md): worker type and Taskcluster client per script. */
    ...(Object.keys(pools).length > 0 ? { pools } : {}),
    /** Secrets still to set (`pulumi up` refuses until they are): service → config paths. */
    pendingSecrets: environmentPendingSecrets(config),
    /** Every endpoint a staging release needs, each `own` or `fallback` (docs/staging-release.md). */
    stagingRelease: publicDomain === undefined ? stagingRelease(config) : pulumi.output(publicDomain).apply((d) => stagingRelease(config, d)),
  };
}

/**
 * Publishes the checked-out services over HTTPS: on gke under the platform stack's DNS zone (a stack
 * whose platform has none is refused), elsewhere under `ingress.domain` when the stack sets one.
 * Returns the base domain, or undefined when the environment is reachable in the cluster only.
 */
function declareGateway(config: EnvironmentStack, services: ServiceName[], environment: Environment, platform: PlatformReference | undefined): pulumi.Input<string> | undefined {
  const base = { environment: config.name, namespace: `env-${config.name}`, labels: envLabels(envIdentity(config)), services, dependsOn: environment.ready };
  if (platform) {
    const zone = platform.optionalOutput("dnsZone").apply((z) => {
      if (!z) {
        throw deployTimeConfigError(
          new ConfigError(config.stack, config.file, [
            {
              key: "releng-envs:kubernetes.platformStack",
              problem: `platform stack ${platform.stackName} has no DNS zone, so the environment's services cannot be published over HTTPS`,
              fix: "add releng-envs:dns.domain to the platform stack and update it (docs/platform.md)",
            },
          ]),
        );
      }
      const tooLong = hostsTooLongForManagedCertificate(Object.values(gatewayHosts({ environment: config.name, services, domain: z.domain })));
      if (tooLong.length > 0) {
        throw deployTimeConfigError(
          new ConfigError(config.stack, config.file, [
            {
              key: "releng-envs:name",
              problem: `makes host names longer than ${MANAGED_CERTIFICATE_MAX_DOMAIN} characters, which a Google-managed certificate cannot carry: ${tooLong.join(", ")}`,
              fix: `check out the environment under a name of at most ${config.name.length - (Math.max(...tooLong.map((h) => h.length)) - MANAGED_CERTIFICATE_MAX_DOMAIN)} characters`,
            },
          ]),
        );
      }
      return z;
    });
    new Gateway(
      "gateway",
      {
        ...base,
        domain: zone.apply((z) => z.domain),
        shape: { kind: "gke", addressName: environmentAddressName(config.name) },
        cloud: { project: platform.output("project"), zoneName: zone.apply((z) => z.name) },
      },
      { parent: environment, providers: { gcp: platform.gcpProvider() } },
    );
    return zone.apply((z) => z.domain);
  }
  const ingress = config.ingress;
  if (!ingress?.domain) return undefined;
  new Gateway(
    "gateway",
    { ...base, domain: ingress.domain, shape: { kind: "ingress-class", className: ingress.className, clusterIssuer: ingress.clusterIssuer, controllerNamespace: ingress.controllerNamespace } },
    { parent: environment },
  );
  return ingress.domain;
}

/** The environment's own dep pools, each pointed at its services. */
function declareEnvPools(config: EnvironmentStack, environment: Environment, secrets: SecretSource, publicDomain: pulumi.Input<string> | undefined) {
  const out: Record<string, { workerType: string; taskclusterClientId: string }> = {};
  for (const script of config.pools) {
    const pool = new EnvPool(
      `${script}-pool`,
      { build: (domain) => envPoolObjects(envPoolArgs(config, script, domain)), publicDomain, secrets, dependsOn: environment.ready },
      { parent: environment },
    );
    out[script] = { workerType: pool.workerType, taskclusterClientId: pool.taskclusterClientId };
  }
  return out;
}

/** Secrets a checked-out service or env pool needs that the stack has not set yet (service or worker type → config paths). */
export function environmentPendingSecrets(config: EnvironmentStack): Record<string, string[]> {
  const shipit = shipitCredentialProblems(config).map((p) => p.key.replace("releng-envs:secrets.", ""));
  const pools = Object.fromEntries(
    config.pools
      .map((script) => resolveEnvPool(envPoolArgs(config, script, undefined)))
      .map((p) => [p.names.workerType, missingSecrets(p).map((n) => `pools.${p.names.workerType}.${n}`)] as const)
      .filter(([, missing]) => missing.length > 0),
  );
  return { ...(shipit.length > 0 ? { shipit } : {}), ...pools };
}

/** A real `pulumi up` refuses an environment whose services' or pools' secrets are not all set. */
export function assertEnvironmentSecretsComplete(config: EnvironmentStack): void {
  const pools = Object.entries(environmentPendingSecrets(config)).filter(([k]) => k !== "shipit");
  const problems = [
    ...shipitCredentialProblems(config),
    ...pools.flatMap(([, paths]) =>
      paths.map((path) => ({ key: `releng-envs:secrets.${path}`, problem: "is required by the environment's pool and not set", fix: `pulumi config set --secret --path 'releng-envs:secrets.${path}' VALUE -s ${config.stack}` })),
    ),
  ];
  if (problems.length > 0) throw new ConfigError(config.stack, config.file, problems);
}

/** What an env pool is built from: the environment's identity and its handoff for `publicDomain`. */
export function envPoolArgs(config: EnvironmentStack, script: EnvPoolScript, publicDomain: string | undefined): EnvPoolArgs {
  return {
    script,
    environment: config.name,
    namespace: `env-${config.name}`,
    envLabels: envLabels(envIdentity(config)),
    handoff: stagingRelease(config, publicDomain),
    secretNames: config.secretNames,
  };
}
