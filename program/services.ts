// The registry of library services an environment can check out. Each entry declares one
// service's component inside the environment; the environment stack calls those checked out.
import type * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../components/env/Environment";
import type { EnvironmentCloud } from "../components/platform/EnvironmentCloud";
import type { EnvironmentStack } from "../stacks/load";
import type { ServiceName } from "../stacks/schema/services";
import type { SecretSource } from "./secrets";

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
}

export interface DeclaredService {
  /** Stack outputs of the service, exported under the service's name. */
  outputs: Record<string, pulumi.Input<unknown>>;
}

export type ServiceDeclarer = (ctx: ServiceContext) => DeclaredService;

/** Declarers of the services that exist so far; a checked-out service without one is an error. */
export const SERVICE_DECLARERS: Partial<Record<ServiceName, ServiceDeclarer>> = {};

/**
 * HTTPS hosts each checked-out service needs through the egress proxy (read-only production
 * fallbacks). Pure, because the proxy's allow-list is built before any service is declared.
 */
export const SERVICE_EGRESS_HOSTS: Partial<Record<ServiceName, (config: EnvironmentStack) => string[]>> = {};
