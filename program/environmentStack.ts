// An environment stack: the provider, the Environment, and each checked-out service inside it.
import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../components/env/Environment";
import { checkedOut } from "../stacks/schema/services";
import type { EnvironmentStack } from "../stacks/load";
import { kubernetesProvider, renderDirectory } from "./kubernetesProvider";

export function declareEnvironmentStack(config: EnvironmentStack): Record<string, pulumi.Input<unknown>> {
  const provider = kubernetesProvider(config.kubernetes, config.stack, config.file);
  const environment = new Environment(config.name, { config }, { providers: { kubernetes: provider } });
  return {
    kind: "environment",
    namespace: environment.namespace,
    holder: config.holder,
    purpose: config.purpose,
    due: config.due,
    asleep: config.asleep,
    services: checkedOut(config.services),
    kubernetesTarget: config.kubernetes.target,
    ...(config.kubernetes.target === "render" ? { renderDirectory: renderDirectory(config.stack) } : {}),
  };
}
