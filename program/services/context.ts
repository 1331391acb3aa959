// What the registry hands each service's declarer, and what it returns.
import type * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../components/env/Environment";
import type { EnvironmentCloud } from "../../components/platform/EnvironmentCloud";
import type { SecretSource } from "../../domain/secrets";
import type { EnvironmentStack } from "../../stacks/load";

export interface ServiceContext {
  config: EnvironmentStack;
  /** `env-<name>`. */
  namespace: string;
  /** Parent of the service's component (so the explicit provider reaches every object). */
  environment: Environment;
  /** Namespace, quota, limits and policies: must exist before any workload. */
  dependsOn: pulumi.Resource[];
  secrets: SecretSource;
  /** On the gke target: the environment's GCP account, its `gcs-writer` ServiceAccount and bucket names. */
  cloud?: EnvironmentCloud;
  /** Base domain of the environment's public hosts (an Output on gke); undefined: in-cluster only. */
  publicDomain?: pulumi.Input<string>;
}

export interface DeclaredService {
  /** Stack outputs of the service, exported under the service's name. */
  outputs: Record<string, pulumi.Input<unknown>>;
}

export type ServiceDeclarer = (ctx: ServiceContext) => DeclaredService;

