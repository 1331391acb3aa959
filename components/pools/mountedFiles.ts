// Generated configuration mounted over an image's own files: one ConfigMap, one volume, and a
// subPath mount per file at the exact path the image reads. The stock images choose endpoints,
// buckets and worker types from `ENV` in their own templates and init scripts; mounting what the
// project generates at those paths is the one override mechanism the images offer without a fork.
// Pure: no Pulumi. Shared by every pool that needs it (env-scoped pools first; trust rules read the
// ConfigMap, which is exactly what the pod reads).
import type { ConfigMap, Container, PodSpec } from "../k8s/types";

export interface MountedFile {
  /** Absolute path in the container, e.g. `/app/docker.d/worker.yml`. */
  path: string;
  /** The file's content. */
  content: string;
  /** File mode (e.g. 0o555 for a script); the volume default (0o444) when absent. */
  mode?: number;
}

export interface MountedFiles {
  configMap: ConfigMap;
  volume: NonNullable<PodSpec["volumes"]>[number];
  mounts: NonNullable<Container["volumeMounts"]>;
}

/** ConfigMap keys are derived from the paths (`/app/docker.d/worker.yml` → `app-docker.d-worker.yml`). */
export function mountedFileKey(path: string): string {
  return path.replace(/^\/+/, "").replace(/[^-._a-zA-Z0-9]+/g, "-");
}

export function mountedFiles(place: { name: string; namespace: string; labels: Record<string, string> }, files: readonly MountedFile[], volumeName = "generated-config"): MountedFiles {
  const keys = files.map((f) => mountedFileKey(f.path));
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate) throw new Error(`two generated files map to the ConfigMap key ${duplicate}`);
  return {
    configMap: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: place.name, namespace: place.namespace, labels: place.labels }, data: Object.fromEntries(files.map((f, i) => [keys[i], f.content])) },
    volume: { name: volumeName, configMap: { name: place.name, items: files.map((f, i) => ({ key: keys[i], path: keys[i], ...(f.mode !== undefined ? { mode: f.mode } : {}) })) } },
    mounts: files.map((f, i) => ({ name: volumeName, mountPath: f.path, subPath: keys[i], readOnly: true })),
  };
}
