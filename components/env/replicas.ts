// The one place that decides how many replicas a workload of an environment runs. `asleep: true`
// scales every workload to zero while PersistentVolumeClaims (the data) stay.

export interface ReplicaContext {
  asleep: boolean;
}

export function replicasFor(env: ReplicaContext, desired = 1): number {
  return env.asleep ? 0 : desired;
}
