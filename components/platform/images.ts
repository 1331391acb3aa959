// Pulling through the registry mirror: rewrite Docker Hub image references to the Artifact Registry
// remote repository that mirrors Docker Hub, and place pods on their node pool. The ONE place that
// decides both for GKE; components/platform/gkeWorkloads.ts applies it to every pod a stack declares.
// Pure: no Pulumi.
import { DOCKER_HUB_HOSTS } from "../../catalog/platform";
import type { PodSpec } from "../k8s/types";
import type { Toleration } from "./scheduling";

/**
 * `<mirror>/<namespace>/<repository>[:tag|@digest]` for a Docker Hub image; other registries are
 * left alone. Docker Hub's official images live under `library/` (`mysql:8` is `docker.io/library/mysql:8`),
 * and a remote repository serves them under that same path.
 */
export function mirrorImage(image: string, mirror: string): string {
  const slash = image.indexOf("/");
  const first = slash === -1 ? "" : image.slice(0, slash);
  // A first component with '.', ':' or equal to localhost is a registry host (Docker's reference grammar).
  const hasHost = first !== "" && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasHost && !(DOCKER_HUB_HOSTS as readonly string[]).includes(first)) return image;
  const path = hasHost ? image.slice(slash + 1) : image;
  const repoPath = path.includes("/") ? path : `library/${path}`;
  return `${mirror.replace(/\/+$/, "")}/${repoPath}`;
}

export interface PodPlacement {
  /** `<location>-docker.pkg.dev/<project>/<repository>`; undefined leaves images alone. */
  mirror?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

/** A copy of `spec` pulling through the mirror and scheduled per `placement`. */
export function placePodSpec(spec: PodSpec, placement: PodPlacement): PodSpec {
  const image = (i: unknown) => (typeof i === "string" && placement.mirror ? mirrorImage(i, placement.mirror) : i);
  const out: PodSpec = {
    ...spec,
    containers: spec.containers.map((c) => ({ ...c, image: image(c.image) as string })),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map((c) => ({ ...c, image: image(c.image) as string })) } : {}),
  };
  if (placement.nodeSelector) out.nodeSelector = { ...(spec.nodeSelector ?? {}), ...placement.nodeSelector };
  if (placement.tolerations?.length) {
    const existing = spec.tolerations ?? [];
    const added = placement.tolerations.filter((t) => !existing.some((e) => JSON.stringify(e) === JSON.stringify(t)));
    out.tolerations = [...existing, ...added];
  }
  return out;
}

type WithPodTemplate = { kind?: string; spec?: { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } };

/** Apply `placement` to the pod template of a Deployment, StatefulSet, DaemonSet, Job or CronJob (others unchanged). */
export function placeWorkload<T extends WithPodTemplate>(obj: T, placement: PodPlacement): T {
  const spec = obj.spec;
  if (!spec) return obj;
  if (spec.template?.spec?.containers) {
    return { ...obj, spec: { ...spec, template: { ...spec.template, spec: placePodSpec(spec.template.spec, placement) } } };
  }
  const jobPod = spec.jobTemplate?.spec?.template?.spec;
  if (jobPod?.containers) {
    const jt = spec.jobTemplate!;
    return { ...obj, spec: { ...spec, jobTemplate: { ...jt, spec: { ...jt.spec, template: { ...jt.spec!.template, spec: placePodSpec(jobPod, placement) } } } } };
  }
  return obj;
}
