// The one explicit Kubernetes provider of a stack; every Kubernetes resource goes through it.
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import type { Workload } from "../catalog/platform";
import type { KubernetesTarget } from "../stacks/schema/common";
import { PROJECT_ROOT } from "../stacks/stackFile";
import { PlatformReference } from "./platformReference";

/** Where the `render` target writes a stack's YAML (`out/render/<stack>`). */
export function renderDirectory(stack: string): string {
  return path.join(PROJECT_ROOT, "out", "render", stack);
}

export interface GkeProviderOptions {
  /** The platform stack reference, when the caller also needs it (GCP provider, registry mirror). */
  platform?: PlatformReference;
  /** What the stack runs; the platform must host it. */
  workload?: Workload;
}

export function kubernetesProvider(target: KubernetesTarget, stack: string, file: string, gke: GkeProviderOptions = {}): k8s.Provider {
  switch (target.target) {
    case "render":
      return new k8s.Provider("kubernetes", { renderYamlToDirectory: renderDirectory(stack) });
    case "kubeconfig":
      // No kubeconfig argument: the provider reads the ambient KUBECONFIG / ~/.kube/config.
      return new k8s.Provider("kubernetes", target.context ? { context: target.context } : {});
    case "gke": {
      // The platform stack's kubeconfig execs gke-gcloud-auth-plugin with the caller's gcloud credentials.
      // A platform that does not host the stack's workload is refused as a config error naming `file`.
      const platform = gke.platform ?? new PlatformReference(target.platformStack, gke.workload ? { workload: gke.workload, stack, file } : undefined);
      return new k8s.Provider("kubernetes", { kubeconfig: platform.kubeconfigFor(gke.workload, { stack, file }) });
    }
  }
}
