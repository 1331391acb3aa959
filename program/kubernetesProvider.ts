// The one explicit Kubernetes provider of a stack; every Kubernetes resource goes through it.
import * as path from "node:path";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import type { KubernetesTarget } from "../stacks/schema/common";
import { PROJECT_ROOT } from "../stacks/stackFile";
import type { PlatformReference } from "./platformReference";

/** Where the `render` target writes a stack's YAML (`out/render/<stack>`). */
export function renderDirectory(stack: string): string {
  return path.join(PROJECT_ROOT, "out", "render", stack);
}

/** The stack's Kubernetes provider: YAML files, a kube context, or the platform's cluster (gke; `platform` from platformFor). */
export function kubernetesProvider(target: KubernetesTarget, stack: string, platform: PlatformReference | undefined): KubernetesProvider {
  switch (target.target) {
    case "render":
      return new KubernetesProvider("kubernetes", { renderYamlToDirectory: renderDirectory(stack) });
    case "kubeconfig":
      // No kubeconfig argument: the provider reads the ambient KUBECONFIG / ~/.kube/config.
      return new KubernetesProvider("kubernetes", target.context ? { context: target.context } : {});
    case "gke":
      if (!platform) throw new Error("the gke target needs its platform reference (program/platformReference.ts platformFor)");
      return platform.kubernetesProvider();
  }
}
