// Generated configuration mounted over the image's own files. The scriptworker images render their
// config from templates baked into the image (docker.d/*.yml, rendered by configloader with json-e
// against the environment) after start-up checks that are also baked in (docker.d/init_worker.sh).
// Where the stock file would make a pool break a trust rule or talk to the wrong services, the
// project generates the file and mounts it at the exact path the image reads, so what the worker
// reads is what the stack declares and what the policy pack judges (docs/pools.md, "Files replaced
// in the image"). Pure: plain Kubernetes objects, no Pulumi.
import { createHash } from "node:crypto";
import type { PodSpec, Volume, VolumeMount } from "../k8s/types";

/** One file of the image replaced by an entry of a ConfigMap or Secret the stack declares. */
export interface FileOverride {
  /** Absolute path the image reads, e.g. /app/docker.d/passwords.yml (the mount replaces exactly this file). */
  path: string;
  /** Where the replacement lives: a ConfigMap (plain config) or a Secret (config holding credentials). */
  from: { configMap: string } | { secret: string };
  /** The entry (data key) holding the file's content. */
  key: string;
  /** File mode; default 0o444 (read-only), 0o555 for a script the image runs or sources. */
  mode?: number;
}

/** The volumes and mounts that put `overrides` in place; add both to the pod and its container. */
export interface FileOverrideMounts {
  volumes: Volume[];
  volumeMounts: VolumeMount[];
}

/** Volume name per override: `override-<file name>`, DNS-1123, unique within the pod. */
function volumeName(path: string, taken: Set<string>): string {
  const base = path.split("/").pop() ?? "file";
  const slug = `override-${base.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")}`.slice(0, 55).replace(/-+$/, "");
  let name = slug;
  for (let i = 2; taken.has(name); i++) name = `${slug}-${i}`;
  taken.add(name);
  return name;
}

/**
 * Volumes and subPath mounts that replace each file in `overrides` with its generated entry. One
 * volume per file, projecting exactly that key (so nothing else of the ConfigMap or Secret lands in
 * the container), mounted read-only with `subPath` at the file's own path: the rest of its directory
 * stays the image's. A subPath mount does not follow later edits of the ConfigMap, so callers put a
 * content hash on the pod template (configHashAnnotation) to roll pods when the file changes.
 */
export function fileOverrideMounts(overrides: readonly FileOverride[]): FileOverrideMounts {
  const paths = new Set<string>();
  const taken = new Set<string>();
  const volumes: Volume[] = [];
  const volumeMounts: VolumeMount[] = [];
  for (const o of overrides) {
    if (!o.path.startsWith("/") || o.path.endsWith("/")) throw new Error(`file override path must be an absolute file path, got ${o.path}`);
    if (paths.has(o.path)) throw new Error(`file override path ${o.path} is replaced twice`);
    paths.add(o.path);
    const name = volumeName(o.path, taken);
    const items = [{ key: o.key, path: o.key, mode: o.mode ?? 0o444 }];
    volumes.push("configMap" in o.from ? { name, configMap: { name: o.from.configMap, items } } : { name, secret: { secretName: o.from.secret, items } });
    volumeMounts.push({ name, mountPath: o.path, subPath: o.key, readOnly: true });
  }
  return { volumes, volumeMounts };
}

/**
 * The files of `podSpec`'s container `containerName` that are replaced by a ConfigMap or Secret
 * entry, by path: the inverse of fileOverrideMounts, for contract tests and reviewers that must read
 * the mounted replacement instead of the image's own file.
 * @internal read by the tests only: they prove the mounts point back at the generated entries.
 */
export function fileOverridesOf(podSpec: PodSpec, containerName: string): Map<string, FileOverride> {
  const out = new Map<string, FileOverride>();
  const container = podSpec.containers.find((c) => c.name === containerName);
  for (const m of container?.volumeMounts ?? []) {
    const v = podSpec.volumes?.find((x) => x.name === m.name);
    const item = (v?.configMap?.items ?? v?.secret?.items)?.find((i) => i.path === m.subPath);
    if (!v || !m.subPath || !item) continue;
    const from = v.configMap ? { configMap: v.configMap.name ?? "" } : { secret: v.secret?.secretName ?? "" };
    out.set(m.mountPath, { path: m.mountPath, from, key: item.key, ...(item.mode !== undefined ? { mode: item.mode } : {}) });
  }
  return out;
}

/** Pod template annotation that changes with the mounted files, so a changed file rolls the pods (subPath mounts never update in place). */
export function configHashAnnotation(files: Readonly<Record<string, string>>): Record<string, string> {
  const h = createHash("sha256");
  for (const k of Object.keys(files).sort()) h.update(`${k}\0${files[k]}\0`);
  return { "releng.mozilla.org/config-sha256": h.digest("hex") };
}
