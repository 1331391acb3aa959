// A platform stack: the GCP ground one cluster stands on — network, GKE cluster and node pools,
// registry mirror, DNS zone, KMS key — and the outputs environment and pools stacks read through
// a StackReference (program/platformReference.ts).
import * as pulumi from "@pulumi/pulumi";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import { DnsZone } from "../components/platform/DnsZone";
import { GkeCluster } from "../components/platform/GkeCluster";
import { Network } from "../components/platform/Network";
import { planPlatform } from "./platformPlan";
import { RegistryMirror } from "../components/platform/RegistryMirror";
import { SecretsKey } from "../components/platform/SecretsKey";
import type { StackConfig } from "../stacks/load";
import type { PlatformOutputs } from "./platformReference";

export type PlatformStack = Extract<StackConfig, { kind: "platform" }>;

type Outputs = { [K in keyof PlatformOutputs]: pulumi.Input<PlatformOutputs[K]> };

export function declarePlatformStack(config: PlatformStack): Outputs {
  const plan = planPlatform(config, config.stack);
  // Explicit provider: nothing depends on ambient gcp:project / gcloud defaults.
  const gcp = new GcpProvider("gcp", { project: plan.project, region: plan.region });
  const opts = { providers: { gcp } };

  const network = new Network("network", { plan, nodesCidr: config.network.nodesCidr, podsCidr: config.network.podsCidr, servicesCidr: config.network.servicesCidr }, opts);
  const cluster = new GkeCluster(
    "cluster",
    {
      plan,
      networkId: network.networkId,
      subnetworkId: network.subnetworkId,
      controlPlaneCidr: config.network.controlPlaneCidr,
      authorizedNetworks: config.network.authorizedNetworks,
      releaseChannel: config.cluster.releaseChannel,
      deletionProtection: config.cluster.deletionProtection,
    },
    opts,
  );
  const mirror = new RegistryMirror("registry-mirror", { plan, readers: [pulumi.interpolate`serviceAccount:${cluster.nodeServiceAccountEmail}`] }, opts);
  const zone = plan.dnsZone ? new DnsZone("dns", { project: plan.project, name: plan.dnsZone.name, dnsName: plan.dnsZone.dnsName }, opts) : undefined;
  const key = new SecretsKey("secrets-key", { plan }, opts);

  return {
    kind: "platform",
    project: plan.project,
    region: plan.region,
    hosts: plan.hosts,
    clusterName: cluster.clusterName,
    clusterLocation: plan.region,
    clusterEndpoint: cluster.endpoint,
    clusterCaCertificate: cluster.caCertificate,
    kubeconfig: cluster.kubeconfig,
    workloadPool: plan.workloadPool,
    nodePools: plan.nodePools.map((p) => ({ name: p.name, runs: p.runs, spot: p.spot, taints: p.taints })),
    registryMirror: mirror.url,
    bucketPrefix: plan.bucketPrefix,
    ...(zone && plan.dnsZone ? { dnsZone: pulumi.output({ name: zone.zoneName, domain: plan.dnsZone.domain, nameServers: zone.nameServers }) } : {}),
    secretsProvider: key.secretsProvider,
  };
}
