// The one explicit Kubernetes provider of a stack; every Kubernetes resource goes through it.
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import type { KubernetesTarget } from "../stacks/schema/common";
import type { PlatformReference } from "./platformReference";
import { renderDirectory } from "./renderTarget";

/** The stack's Kubernetes provider: YAML files, a kube context, or the platform's cluster (gke; `platform` from platformFor). */
export function kubernetesProvider(target: KubernetesTarget, stack: string, platform: PlatformReference | undefined): KubernetesProvider {
  switch (target.target) {
    case "render":
      // Secret values are written in plain text: program/renderTarget.ts warns and guards where.
      return new KubernetesProvider("kubernetes", { renderYamlToDirectory: renderDirectory(stack, target) });
    case "kubeconfig":
      // No kubeconfig argument: the provider reads the ambient KUBECONFIG / ~/.kube/config.
      return new KubernetesProvider("kubernetes", target.context ? { context: target.context } : {});
    case "gke":
      if (!platform) throw new Error("the gke target needs its platform reference (program/platformReference.ts platformFor)");
      return platform.kubernetesProvider();
  }
}
