// Pure planning of a platform stack: its validated config in, the names, node pools, registry mirror,
// DNS zone and KMS key the platform components declare out. No Pulumi.
import { GKE_TAINT_EFFECT, nodePoolLabels, nodePoolTaints } from "../components/platform/scheduling";
import type { PlatformPlan } from "../components/platform/plan";
import type { PlatformConfig } from "../stacks/schema/platform";

/** `platform-nonprod` → `nonprod`: the part that names this platform's resources. */
function platformSuffix(stack: string): string {
  return stack.replace(/^platform-/, "");
}

function artifactRegistryUrl(location: string, project: string, repository: string): string {
  return `${location}-docker.pkg.dev/${project}/${repository}`;
}

/** Pulumi's secrets provider URL for a Cloud KMS key. */
function gcpKmsSecretsProvider(project: string, location: string, keyRing: string, key: string): string {
  return `gcpkms://projects/${project}/locations/${location}/keyRings/${keyRing}/cryptoKeys/${key}`;
}

export function planPlatform(config: PlatformConfig, stack: string): PlatformPlan {
  const suffix = platformSuffix(stack);
  const base = `releng-envs-${suffix}`.slice(0, 40).replace(/-+$/, "");
  const { project, region } = config.gcp;
  const networkName = config.network.name ?? base;
  return {
    project,
    region,
    hosts: [...new Set(config.hosts)],
    networkName,
    subnetName: `${networkName}-nodes`.slice(0, 63),
    podsRangeName: "pods",
    servicesRangeName: "services",
    clusterName: config.cluster.name ?? base,
    workloadPool: `${project}.svc.id.goog`,
    // 6–30 chars: "gke-nodes-" + at most 20 of the suffix.
    nodeServiceAccountId: `gke-nodes-${suffix}`.slice(0, 30).replace(/-+$/, ""),
    nodePools: config.cluster.nodePools.map((p) => {
      const taints = nodePoolTaints(p.runs);
      return {
        name: p.name ?? p.runs,
        runs: p.runs,
        machineType: p.machineType,
        minNodes: p.minNodes,
        maxNodes: p.maxNodes,
        spot: p.spot,
        diskSizeGb: p.diskSizeGb,
        labels: nodePoolLabels(p.runs),
        taints,
        gkeTaints: taints.map((t) => ({ key: t.key, value: t.value ?? "", effect: GKE_TAINT_EFFECT[t.effect] })),
      };
    }),
    registryMirror: { repository: config.registryMirror.repository, location: region, url: artifactRegistryUrl(region, project, config.registryMirror.repository) },
    bucketPrefix: config.buckets.prefix ?? project,
    ...(config.dns
      ? { dnsZone: { name: config.dns.zoneName ?? `${base}-envs`.slice(0, 63), dnsName: `${config.dns.domain}.`, domain: config.dns.domain } }
      : {}),
    kms: {
      keyRing: config.kms.keyRing,
      key: config.kms.key,
      location: region,
      secretsProvider: gcpKmsSecretsProvider(project, region, config.kms.keyRing, config.kms.key),
      users: [...new Set(config.kms.users)],
    },
  };
}
