// The program as a function of validated config: declares a stack's resources, returns its outputs.
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../stacks/load";
import { declareEnvironmentStack } from "./environmentStack";
import { declarePlatformStack } from "./platformStack";

export type StackOutputs = Record<string, pulumi.Input<unknown>>;

export function declareStack(config: StackConfig): StackOutputs {
  switch (config.kind) {
    case "environment":
      return declareEnvironmentStack(config);
    case "platform":
      return declarePlatformStack(config);
    default:
      // The schema rejects the other kinds until their issues land; this guards a future mismatch.
      throw new Error(`stack kind ${config.kind} has no program yet`);
  }
}
