// The stack config of an environment, mapped once to what its components take: where its objects
// go (placement) and what its staging-release handoff is built from.
import { checkedOut } from "../catalog/services";
import type { EnvironmentArgs } from "../components/env/builders";
import type { EgressOrigin } from "../components/env/egressProxy";
import { environmentPlacement, type EnvironmentPlacement } from "../components/env/placement";
import type { HandoffInput } from "../components/services/handoff/stagingRelease";
import type { EnvironmentStack } from "../stacks/load";

/**
 * Whether the environment's copies are published over HTTPS: always on gke (under the platform's DNS
 * zone, refused without one), elsewhere when the stack sets `ingress.domain`.
 */
function environmentPublished(config: EnvironmentStack): boolean {
  return config.kubernetes.target === "gke" || config.ingress?.domain !== undefined;
}

export function placementOf(config: EnvironmentStack): EnvironmentPlacement {
  const { name, stack, holder, purpose, due, asleep } = config;
  return environmentPlacement({ name, stack, holder, purpose, due, asleep, cluster: config.kubernetes.target, published: environmentPublished(config) });
}

export function handoffInputOf(config: EnvironmentStack, placement: EnvironmentPlacement = placementOf(config)): HandoffInput {
  return { placement, services: checkedOut(config.services), fallbacks: config.fallbacks, pools: config.pools };
}

/** The Environment's arguments: its placement, quota, container limits and egress (the stack's own hosts and what its services and pools need). */
export function environmentArgsOf(
  config: EnvironmentStack,
  serviceEgress: { hosts?: readonly string[]; origins?: readonly EgressOrigin[] } = {},
  placement: EnvironmentPlacement = placementOf(config),
): EnvironmentArgs {
  return {
    placement,
    quota: config.quota,
    containerLimits: config.containerLimits,
    egress: { allowHosts: [...config.egress.allowHosts, ...(serviceEgress.hosts ?? [])], origins: serviceEgress.origins ?? [], proxyImage: config.egress.proxyImage },
  };
}
