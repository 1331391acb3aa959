// An environment stack: first the plan (every checked-out service planned, every problem found),
// then the provider, the Environment, and each checked-out service inside it.
import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../components/env/Environment";
import { Gateway } from "../components/env/Gateway";
import { gatewayHosts, hostsTooLongForManagedCertificate } from "../components/env/gatewayObjects";
import type { EnvironmentPlacement } from "../components/env/placement";
import { MANAGED_CERTIFICATE_MAX_DOMAIN } from "../catalog/endpoints";
import { environmentAddressName } from "../domain/names";
import type { EgressOrigin } from "../components/env/egressProxy";
import { stagingRelease, stagingReleaseConfigMapObject, type HandoffInput } from "../components/services/handoff/stagingRelease";
import { declarerIn } from "../components/k8s/declare";
import { ConfigError } from "../stacks/errors";
import type { ConfigProblem } from "../domain/problems";
import { EnvironmentCloud } from "../components/platform/EnvironmentCloud";
import { checkedOut, type ServiceName } from "../catalog/services";
import type { EnvironmentStack } from "../stacks/load";
import { kubernetesProvider } from "./kubernetesProvider";
import { renderDirectory, renderTargetProblems } from "./renderTarget";
import { deployTimeConfigError, platformFor, type PlatformReference } from "./platformReference";
import { configSecrets } from "./secrets";
import type { SecretSource } from "../domain/secrets";
import { EnvPool } from "../components/pools/EnvPool";
import { envPoolEgressHosts, envPoolObjects, resolveEnvPool, type EnvPoolArgs } from "../components/pools/envPools";
import { missingSecrets } from "../components/pools/builders";
import type { EnvPoolScript } from "../catalog/envPools";
import { environmentArgsOf, handoffInputOf, placementOf } from "./placement";
import { SERVICES } from "./services";
import type { ServiceEgress, ServiceModule } from "./services/module";

interface PlannedService {
  name: ServiceName;
  module: ServiceModule<unknown>;
  settings: unknown;
  /** What the service needs through the egress proxy. */
  egress: ServiceEgress;
}

/** An environment stack resolved before anything is declared. */
export interface EnvironmentPlan {
  config: EnvironmentStack;
  /** Where the environment's objects go and how they are marked (what every component takes). */
  placement: EnvironmentPlacement;
  /** What the staging-release handoff is built from. */
  handoff: HandoffInput;
  services: PlannedService[];
  egressHosts: string[];
  egressOrigins: EgressOrigin[];
  /** Secrets still to set: config paths by service (output `pendingSecrets`). */
  pendingSecrets: Record<string, string[]>;
}

export interface PlanOptions {
  /** A real `pulumi up`: pending secrets and a render directory inside a git work tree are problems too (previews and the offline plan only report them). */
  deploying: boolean;
}

/** Plans every checked-out service; throws one ConfigError listing every problem of every service. */
export function planEnvironment(config: EnvironmentStack, options: PlanOptions): EnvironmentPlan {
  const problems: ConfigProblem[] = [];
  const services: PlannedService[] = [];
  const pendingSecrets: Record<string, string[]> = {};
  const placement = placementOf(config);
  const handoff = handoffInputOf(config, placement);
  for (const name of checkedOut(config.services)) {
    const module = SERVICES[name];
    const plan = module.plan(config, placement);
    problems.push(...plan.problems);
    const pending = plan.pendingSecrets ?? [];
    if (pending.length > 0) pendingSecrets[name] = pending.map((p) => p.key.replace("releng-envs:secrets.", ""));
    if (options.deploying) problems.push(...pending);
    services.push({ name, module, settings: plan.settings, egress: { hosts: [] } });
  }
  for (const [workerType, paths] of Object.entries(envPoolPendingSecrets(config, handoff))) {
    pendingSecrets[workerType] = paths;
    if (options.deploying) {
      problems.push(
        ...paths.map((path) => ({
          key: `releng-envs:secrets.${path}`,
          problem: "is required by the environment's pool and not set",
          fix: `pulumi config set --secret --path 'releng-envs:secrets.${path}' VALUE -s ${config.stack}`,
        })),
      );
    }
  }
  if (options.deploying) problems.push(...renderTargetProblems(config));
  if (problems.length > 0) throw new ConfigError(config.stack, config.file, problems);
  for (const s of services) s.egress = s.module.egress(s.settings, placement);
  const egress = services.map((s) => s.egress);
  return {
    config,
    placement,
    handoff,
    services,
    // The services' hosts, then what the environment's own pools reach (through their forwarders).
    egressHosts: [...new Set([...egress.flatMap((e) => e.hosts), ...config.pools.flatMap(envPoolEgressHosts)])],
    egressOrigins: egress.flatMap((e) => e.origins ?? []),
    pendingSecrets,
  };
}

export function declareEnvironmentStack(plan: EnvironmentPlan): Record<string, pulumi.Input<unknown>> {
  const { config, placement, handoff } = plan;
  // On the gke target: the platform stack's cluster, registry mirror and GCP project (else undefined).
  const platform = platformFor(config.kubernetes, { workload: "environments", stack: config.stack, file: config.file });
  const provider = kubernetesProvider(config.kubernetes, config.stack, platform);
  const environment = new Environment(
    config.name,
    environmentArgsOf(config, { hosts: plan.egressHosts, origins: plan.egressOrigins }, placement),
    { providers: { kubernetes: provider }, transformations: platform ? [platform.workloadTransformation("environments")] : [] },
  );
  const cloud = platform
    ? new EnvironmentCloud(
        config.name,
        { placement, services: handoff.services, maxDueDays: config.maxDueDays, platform: platform.facts, namespace: environment.namespace },
        { providers: { kubernetes: provider, gcp: platform.gcpProvider() } },
      )
    : undefined;
  const secrets = configSecrets(config.secretNames);

  const services = plan.services.map((s) => s.name);
  const publicDomain = declareGateway(config, placement, services, environment, platform);
  const serviceOutputs: Record<string, pulumi.Input<unknown>> = {};
  for (const service of plan.services) {
    serviceOutputs[service.name] = service.module.declare(service.settings, { placement, handoff, namespace: environment.namespace, environment, secrets, cloud, publicDomain });
  }

  // The handoff is also a ConfigMap in the environment, so the pack judges its fallback endpoints.
  const release = publicDomain === undefined ? pulumi.output(stagingRelease(handoff)) : pulumi.output(publicDomain).apply((d) => stagingRelease(handoff, d));
  const releaseObject = stagingReleaseConfigMapObject(stagingRelease(handoff), placement.labels);
  declarerIn(environment.namespace, environment)(releaseObject, {}, { data: release.apply((h) => stagingReleaseConfigMapObject(h, {}).data!) });

  const pools = declareEnvPools(config, handoff, environment, secrets, publicDomain);

  return {
    kind: "environment",
    namespace: environment.namespace,
    holder: config.holder,
    purpose: config.purpose,
    due: config.due,
    asleep: config.asleep,
    services,
    kubernetesTarget: config.kubernetes.target,
    ...(config.kubernetes.target === "render" ? { renderDirectory: renderDirectory(config.stack, config.kubernetes) } : {}),
    ...(cloud ? { gcp: { serviceAccount: cloud.serviceAccountEmail, kubernetesServiceAccount: cloud.kubernetesServiceAccount, buckets: cloud.buckets } } : {}),
    ...serviceOutputs,
    /** The environment's own dep pools (docs/staging-release.md): worker type and Taskcluster client per script. */
    ...(Object.keys(pools).length > 0 ? { pools } : {}),
    /** Secrets still to set (`pulumi up` refuses until they are): service → config paths. */
    pendingSecrets: plan.pendingSecrets,
    /** Every endpoint a staging release needs, each `own` or `fallback` (docs/staging-release.md). */
    stagingRelease: release,
  };
}

/**
 * Publishes the checked-out services over HTTPS: on gke under the platform stack's DNS zone (a stack
 * whose platform has none is refused), elsewhere under `ingress.domain` when the stack sets one.
 * Returns the base domain, or undefined when the environment is reachable in the cluster only.
 */
function declareGateway(
  config: EnvironmentStack,
  placement: EnvironmentPlacement,
  services: ServiceName[],
  environment: Environment,
  platform: PlatformReference | undefined,
): pulumi.Input<string> | undefined {
  if (!placement.published) return undefined;
  const base = { environment: config.name, namespace: environment.namespace, labels: { ...placement.labels }, services };
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
  // Published without a platform: the stack's own ingress domain.
  const ingress = config.ingress!;
  new Gateway(
    "gateway",
    { ...base, domain: ingress.domain!, shape: { kind: "ingress-class", className: ingress.className, clusterIssuer: ingress.clusterIssuer, controllerNamespace: ingress.controllerNamespace } },
    { parent: environment },
  );
  return ingress.domain!;
}

/** The environment's own dep pools, each pointed at its services. */
function declareEnvPools(config: EnvironmentStack, handoff: HandoffInput, environment: Environment, secrets: SecretSource, publicDomain: pulumi.Input<string> | undefined) {
  const out: Record<string, { workerType: string; taskclusterClientId: string }> = {};
  for (const script of config.pools) {
    const pool = new EnvPool(
      `${script}-pool`,
      { build: (domain) => envPoolObjects(envPoolArgs(config, script, domain, handoff)), publicDomain, secrets, namespace: environment.namespace },
      { parent: environment },
    );
    out[script] = { workerType: pool.workerType, taskclusterClientId: pool.taskclusterClientId };
  }
  return out;
}

/** Required secrets of the environment's own pools not set yet: worker type → config paths. */
function envPoolPendingSecrets(config: EnvironmentStack, handoff: HandoffInput): Record<string, string[]> {
  return Object.fromEntries(
    config.pools
      .map((script) => resolveEnvPool(envPoolArgs(config, script, undefined, handoff)))
      .map((p) => [p.names.workerType, missingSecrets(p).map((n) => `pools.${p.names.workerType}.${n}`)] as const)
      .filter(([, missing]) => missing.length > 0),
  );
}

/** What an env pool is built from: the environment's identity and its handoff for `publicDomain`. */
export function envPoolArgs(config: EnvironmentStack, script: EnvPoolScript, publicDomain: string | undefined, handoff: HandoffInput = handoffInputOf(config)): EnvPoolArgs {
  return {
    script,
    environment: config.name,
    namespace: handoff.placement.namespace,
    envLabels: { ...handoff.placement.labels },
    handoff: stagingRelease(handoff, publicDomain),
    asleep: handoff.placement.asleep,
    secretNames: config.secretNames,
  };
}
