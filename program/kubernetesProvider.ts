// The one explicit Kubernetes provider of a stack; every Kubernetes resource goes through it.
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import type { KubernetesTarget } from "../stacks/schema/common";
import { PROJECT_ROOT } from "../stacks/stackFile";
import { ConfigError } from "../stacks/errors";

/** Where the `render` target writes a stack's YAML (`out/render/<stack>`). */
export function renderDirectory(stack: string): string {
  return path.join(PROJECT_ROOT, "out", "render", stack);
}

export function kubernetesProvider(target: KubernetesTarget, stack: string, file: string): k8s.Provider {
  switch (target.target) {
    case "render":
      return new k8s.Provider("kubernetes", { renderYamlToDirectory: renderDirectory(stack) });
    case "kubeconfig":
      // No kubeconfig argument: the provider reads the ambient KUBECONFIG / ~/.kube/config.
      return new k8s.Provider("kubernetes", target.context ? { context: target.context } : {});
    case "gke":
      throw new ConfigError(stack, file, [
        {
          key: "releng-envs:kubernetes.target",
          problem: "gke is reserved for the GCP platform stacks and is not yet supported by this version",
          fix: "use target: render (no cluster) or target: kubeconfig (your current kube context) until the platform stacks land (issue #9)",
        },
      ]);
  }
}
