// Where an environment's objects go and how they are marked: the one argument every component of an
// environment takes in place of the stack config. program/placement.ts maps a stack's config to it.
import { envLabels, type EnvIdentity } from "./labels";
import { namespaceName } from "./names";

/** How the stack reaches Kubernetes; components only branch on it (e.g. GCS through Workload Identity on gke). */
export type ClusterKind = "render" | "kubeconfig" | "gke";

export interface EnvironmentPlacement {
  /** Name, stack, holder, purpose and due date: what labels and annotations say. */
  readonly identity: EnvIdentity;
  /** The environment's namespace (`env-<name>`). */
  readonly namespace: string;
  /** envLabels(identity): every object of the environment carries them. */
  readonly labels: Readonly<Record<string, string>>;
  /** Replica policy: asleep scales every workload to zero (replicasFor). */
  readonly asleep: boolean;
  readonly cluster: ClusterKind;
  /** Served over HTTPS through the environment's gateway (always on gke; elsewhere with `ingress.domain`). */
  readonly published: boolean;
}

export interface PlacementInput extends EnvIdentity {
  asleep: boolean;
  cluster: ClusterKind;
  published: boolean;
}

export function environmentPlacement(input: PlacementInput): EnvironmentPlacement {
  const identity: EnvIdentity = { name: input.name, stack: input.stack, holder: input.holder, purpose: input.purpose, due: input.due };
  return { identity, namespace: namespaceName(input.name), labels: envLabels(identity), asleep: input.asleep, cluster: input.cluster, published: input.published };
}

/** Metadata of an object of the environment's namespace that belongs to no single workload. */
export function placedMeta(placement: EnvironmentPlacement, name: string): { name: string; namespace: string; labels: Record<string, string> } {
  return { name, namespace: placement.namespace, labels: { ...placement.labels } };
}
