// The shape every library service takes in an environment: plan (stack config → the service's
// resolved settings and every problem with them), egress (what it needs through the proxy) and
// declare (its component inside the environment). program/services/index.ts lists them all.
import type * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../components/env/Environment";
import type { EgressOrigin } from "../../components/env/egressProxy";
import type { EnvironmentPlacement } from "../../components/env/placement";
import type { HandoffInput } from "../../components/services/handoff/stagingRelease";
import type { EnvironmentCloud } from "../../components/platform/EnvironmentCloud";
import type { SecretSource } from "../../domain/secrets";
import type { ConfigProblem } from "../../domain/problems";
import type { EnvironmentStack } from "../../stacks/load";

export interface ServicePlan<Settings> {
  settings: Settings;
  /** Config mistakes: nothing is declared while any service has one. */
  problems: ConfigProblem[];
  /** Secrets not set yet: plans and previews report them (output `pendingSecrets`), `pulumi up` refuses. */
  pendingSecrets?: ConfigProblem[];
}

export interface ServiceEgress {
  /** HTTPS hosts the service needs through the egress proxy (read-only production fallbacks). */
  hosts: string[];
  /** Allow-listed origins the proxy also serves as a read-only reverse proxy (software that cannot use HTTPS_PROXY). */
  origins?: EgressOrigin[];
}

/** What a service's declare receives besides its own settings. */
export interface ServiceContext {
  placement: EnvironmentPlacement;
  /** What the environment's handoff is built from (own copies, fallbacks, own pools). */
  handoff: HandoffInput;
  /** The environment's namespace, from its Namespace: resolves once quota, limits and policies exist too. */
  namespace: pulumi.Output<string>;
  /** Parent of the service's component (so the explicit provider reaches every object). */
  environment: Environment;
  secrets: SecretSource;
  /** On the gke target: the environment's GCP account, its `gcs-writer` ServiceAccount and bucket names. */
  cloud?: EnvironmentCloud;
  /** Base domain of the environment's public hosts (an Output on gke); undefined: in-cluster only. */
  publicDomain?: pulumi.Input<string>;
}

export interface ServiceModule<Settings> {
  /** Pure: runs for every checked-out service before anything is declared. */
  plan(config: EnvironmentStack, placement: EnvironmentPlacement): ServicePlan<Settings>;
  /** Pure: the proxy's allow-list is built before any service is declared. */
  egress(settings: Settings, placement: EnvironmentPlacement): ServiceEgress;
  /** Declares the service's component; returns its stack outputs (exported under the service's name). */
  declare(settings: Settings, context: ServiceContext): Record<string, pulumi.Input<unknown>>;
}
