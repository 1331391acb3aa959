// The program as a function of validated config: declares a stack's resources, returns its outputs.
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../stacks/load";
import { declareEnvironmentStack } from "./environmentStack";
import { declarePoolsStack } from "./poolsStack";
import { declarePlatformStack } from "./platformStack";

export type StackOutputs = Record<string, pulumi.Input<unknown>>;

export function declareStack(config: StackConfig): StackOutputs {
  switch (config.kind) {
    case "environment":
      return declareEnvironmentStack(config);
    case "pools":
      return declarePoolsStack(config);
    case "platform":
      return declarePlatformStack(config);
    default: {
      // Exhaustive: a new kind in the schema fails to compile here until it has a program.
      const unknownKind: never = config;
      throw new Error(`stack kind ${(unknownKind as { kind: string }).kind} has no program`);
    }
  }
}
