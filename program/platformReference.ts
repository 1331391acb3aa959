// What environment and pools stacks on the `gke` target read from their platform stack, through a
// StackReference (`releng-envs:kubernetes.platformStack`). The output names are a contract with
// program/platformStack.ts, which exports exactly PlatformOutputs.
import * as pulumi from "@pulumi/pulumi";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import type { Workload } from "../catalog/platform";
import { gkeWorkloadTransformation } from "../components/platform/gkeWorkloads";
import type { PlatformFacts } from "../components/platform/plan";

/** The outputs of a platform stack. */
export interface PlatformOutputs {
  kind: "platform";
  project: string;
  region: string;
  /** Workloads the cluster hosts (prod-pools, dep-pools | dev-pools, environments). */
  hosts: Workload[];
  clusterName: string;
  clusterLocation: string;
  clusterEndpoint: string;
  clusterCaCertificate: string;
  /** Secret. */
  kubeconfig: string;
  workloadPool: string;
  nodePools: { name: string; runs: string; spot: boolean; taints: { key: string; value?: string; effect: string }[] }[];
  /** `<region>-docker.pkg.dev/<project>/<repository>`: Docker Hub through Artifact Registry. */
  registryMirror: string;
  bucketPrefix: string;
  dnsZone?: { name: string; domain: string; nameServers: string[] };
  /** `gcpkms://…` for `pulumi stack init --secrets-provider`. */
  secretsProvider: string;
}

/** Outputs a platform stack marks secret; a StackReference must return them as secrets. */
export const PLATFORM_SECRET_OUTPUTS: readonly (keyof PlatformOutputs)[] = ["kubeconfig"];

export class PlatformReference {
  readonly stackName: string;
  readonly reference: pulumi.StackReference;
  private gcp?: GcpProvider;

  constructor(stackName: string) {
    this.stackName = stackName;
    this.reference = new pulumi.StackReference("platform", { name: stackName });
  }

  output<K extends keyof PlatformOutputs>(key: K): pulumi.Output<PlatformOutputs[K]> {
    return this.reference.requireOutput(key) as pulumi.Output<PlatformOutputs[K]>;
  }

  /** What an environment's GCP share is planned from. */
  get facts(): pulumi.Output<PlatformFacts> {
    return pulumi.all([this.output("project"), this.output("region"), this.output("workloadPool"), this.output("bucketPrefix")]).apply(([project, region, workloadPool, bucketPrefix]) => ({
      project,
      region,
      workloadPool,
      bucketPrefix,
    }));
  }

  /**
   * The cluster's kubeconfig (secret), refusing a platform that does not host `workload`: an
   * environment never lands in the prod cluster, a prod pool never in the nonprod one.
   */
  kubeconfigFor(workload?: Workload): pulumi.Output<string> {
    const kubeconfig = this.output("kubeconfig");
    if (!workload) return kubeconfig;
    return pulumi.all([this.output("hosts"), kubeconfig]).apply(([hosts, config]) => {
      const problem = hostingProblem(this.stackName, hosts, workload);
      if (problem) throw new pulumi.RunError(problem);
      return config;
    });
  }

  /** The GCP provider for resources the stack declares in the platform's project. */
  gcpProvider(): GcpProvider {
    this.gcp ??= new GcpProvider("gcp", { project: this.output("project"), region: this.output("region") });
    return this.gcp;
  }

  /** Transformation adapting every pod template to the cluster (registry mirror, node pool). */
  workloadTransformation(workload: Workload): pulumi.ResourceTransformation {
    return gkeWorkloadTransformation(this.output("registryMirror"), workload);
  }
}

/** Why a platform hosting `hosts` may not run `workload`, or undefined when it may. */
export function hostingProblem(stackName: string, hosts: readonly string[] | undefined, workload: Workload): string | undefined {
  if (hosts?.includes(workload)) return undefined;
  return (
    `platform stack ${stackName} hosts ${hosts?.join(", ") || "nothing"}, not ${workload}. ` +
    `Set releng-envs:kubernetes.platformStack to the platform stack that hosts ${workload} (docs/platform.md: what runs where).`
  );
}

/** The platform a stack's Kubernetes target names, or undefined for render/kubeconfig targets. */
export function platformFor(target: { target: string; platformStack?: string }): PlatformReference | undefined {
  return target.target === "gke" && target.platformStack ? new PlatformReference(target.platformStack) : undefined;
}
