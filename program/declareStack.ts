// The program as a function of validated config: plans, then declares a stack's resources, returns its outputs.
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../stacks/load";
import { declareEnvironmentStack, planEnvironment, type PlanOptions } from "./environmentStack";
import { declarePoolsStack, planPools } from "./poolsStack";
import { declarePlatformStack } from "./platformStack";

export type StackOutputs = Record<string, pulumi.Input<unknown>>;

/** Plans the stack (every config problem, before anything is declared), then declares it. */
export function declareStack(config: StackConfig, options: PlanOptions): StackOutputs {
  switch (config.kind) {
    case "environment":
      return declareEnvironmentStack(planEnvironment(config, options));
    case "pools":
      return declarePoolsStack(planPools(config, options));
    case "platform":
      return declarePlatformStack(config);
    default: {
      // Exhaustive: a new kind in the schema fails to compile here until it has a program.
      const unknownKind: never = config;
      throw new Error(`stack kind ${(unknownKind as { kind: string }).kind} has no program`);
    }
  }
}
