// An environment stack: the provider, the Environment, and each checked-out service inside it.
import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../components/env/Environment";
import { EnvironmentCloud } from "../components/platform/EnvironmentCloud";
import { checkedOut } from "../stacks/schema/services";
import type { EnvironmentStack } from "../stacks/load";
import { kubernetesProvider, renderDirectory } from "./kubernetesProvider";
import { platformFor } from "./platformReference";
import { configSecrets } from "./secrets";
import { SERVICE_DECLARERS, SERVICE_EGRESS_HOSTS } from "./services";

export function declareEnvironmentStack(config: EnvironmentStack): Record<string, pulumi.Input<unknown>> {
  // On the gke target: the platform stack's cluster, registry mirror and GCP project (else undefined).
  const platform = platformFor(config.kubernetes);
  const provider = kubernetesProvider(config.kubernetes, config.stack, config.file, { platform, workload: "environments" });
  const services = checkedOut(config.services);
  const serviceEgressHosts = services.flatMap((s) => SERVICE_EGRESS_HOSTS[s]?.(config) ?? []);
  const environment = new Environment(
    config.name,
    { config, serviceEgressHosts },
    { providers: { kubernetes: provider }, transformations: platform ? [platform.workloadTransformation("environments")] : [] },
  );
  const cloud = platform
    ? new EnvironmentCloud(config.name, { config, platform: platform.facts, dependsOn: environment.ready }, { providers: { kubernetes: provider, gcp: platform.gcpProvider() } })
    : undefined;
  const secrets = configSecrets(config.secretNames);

  const serviceOutputs: Record<string, pulumi.Input<unknown>> = {};
  for (const service of services) {
    const declare = SERVICE_DECLARERS[service];
    if (!declare) continue; // not yet implemented: the service is listed in `services` output only
    serviceOutputs[service] = declare({ config, namespace: `env-${config.name}`, environment, dependsOn: environment.ready, secrets, cloud }).outputs;
  }

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
  };
}
