// What environment and pools stacks on the `gke` target read from their platform stack, through a
// StackReference (`releng-envs:kubernetes.platformStack`). The output names are a contract with
// program/platformStack.ts, which exports exactly PlatformOutputs.
import * as pulumi from "@pulumi/pulumi";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { CLUSTER_TIERS, type Workload } from "../catalog/platform";
import { gkeWorkloadTransformation } from "../components/platform/gkeWorkloads";
import type { PlatformFacts } from "../components/platform/plan";
import { ConfigError } from "../stacks/errors";
import type { ConfigProblem } from "../domain/problems";

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

/**
 * Outputs a platform stack marks secret; a StackReference must return them as secrets.
 * @internal Tests hand it to the offline StackReference mocks, as the engine would mark them.
 */
export const PLATFORM_SECRET_OUTPUTS: readonly (keyof PlatformOutputs)[] = ["kubeconfig"];

/** What the referencing stack runs, and where its config lives (for the error naming its file). */
export interface HostingExpectation {
  workload: Workload;
  stack: string;
  file: string;
}

export class PlatformReference {
  readonly stackName: string;
  readonly reference: pulumi.StackReference;
  private gcp?: GcpProvider;
  private kubernetes?: KubernetesProvider;
  /** Resolves when the platform hosts the expected workload; fails (once, for every output) when it does not. */
  private readonly hosting: pulumi.Output<true>;

  /**
   * Every output read through this reference (kubeconfig, project, mirror…) waits
   * for the hosting check: a stack pointed at the wrong platform declares nothing there, neither
   * Kubernetes objects in its cluster nor GCP resources in its project.
   */
  constructor(stackName: string, expected: HostingExpectation) {
    this.stackName = stackName;
    this.reference = new pulumi.StackReference("platform", { name: stackName });
    this.hosting = (this.reference.requireOutput("hosts") as pulumi.Output<string[] | undefined>).apply((hosts): true => {
      const problem = hostingConfigProblem(stackName, hosts, expected.workload);
      if (problem) throw deployTimeConfigError(new ConfigError(expected.stack, expected.file, [problem]));
      return true;
    });
  }

  output<K extends keyof PlatformOutputs>(key: K): pulumi.Output<PlatformOutputs[K]> {
    const value = this.reference.requireOutput(key) as pulumi.Output<PlatformOutputs[K]>;
    // pulumi.all keeps the secret marker of a secret output (the kubeconfig).
    return pulumi.all([this.hosting, value]).apply(([, v]) => v) as unknown as pulumi.Output<PlatformOutputs[K]>;
  }

  /** An output the platform may not export (`dnsZone` without `releng-envs:dns`): undefined when absent. */
  optionalOutput<K extends keyof PlatformOutputs>(key: K): pulumi.Output<PlatformOutputs[K] | undefined> {
    const value = this.reference.getOutput(key) as pulumi.Output<PlatformOutputs[K] | undefined>;
    return this.hosting ? (pulumi.all([this.hosting, value]).apply(([, v]) => v) as unknown as pulumi.Output<PlatformOutputs[K] | undefined>) : value;
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
   * The Kubernetes provider for the platform's cluster. Its kubeconfig (secret) is read through
   * output(), so a platform that does not host the expected workload is refused first: an
   * environment never lands in the prod cluster, a prod pool never in the nonprod one. The
   * kubeconfig execs gke-gcloud-auth-plugin with the caller's gcloud credentials.
   */
  kubernetesProvider(): KubernetesProvider {
    this.kubernetes ??= new KubernetesProvider("kubernetes", { kubeconfig: this.output("kubeconfig") });
    return this.kubernetes;
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

/** Why a platform hosting `hosts` may not run `workload` (key, problem, fix), or undefined when it may. */
export function hostingConfigProblem(stackName: string, hosts: readonly string[] | undefined, workload: Workload): ConfigProblem | undefined {
  if (hosts?.includes(workload)) return undefined;
  const tier = Object.entries(CLUSTER_TIERS).find(([, runs]) => (runs as readonly string[]).includes(workload))?.[0];
  return {
    key: "releng-envs:kubernetes.platformStack",
    problem: `platform stack ${stackName} hosts ${hosts?.join(", ") || "nothing"}, not ${workload}`,
    fix:
      `Set releng-envs:kubernetes.platformStack to the platform stack that hosts ${workload}` +
      `${tier ? ` (by convention <org>/releng-envs/platform-${tier})` : ""} (docs/platform.md: what runs where).`,
  };
}

/**
 * A config mistake found only once the platform's outputs arrive (inside an apply): a RunError, which
 * the engine prints without a stack trace, carrying the ConfigError so the offline plan reports it as
 * a config error (stacks/errors.ts configErrorOf).
 */
export function deployTimeConfigError(error: ConfigError): pulumi.RunError {
  return Object.assign(new pulumi.RunError(error.message), { configError: error });
}

/**
 * The platform a stack's Kubernetes target names, or undefined for render/kubeconfig targets. Every
 * output read through it is refused unless the platform hosts the `expected` workload.
 */
export function platformFor(target: { target: string; platformStack?: string }, expected: HostingExpectation): PlatformReference | undefined {
  return target.target === "gke" && target.platformStack ? new PlatformReference(target.platformStack, expected) : undefined;
}
