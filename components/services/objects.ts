// Small pure helpers the library services' builders share: labels, pods, Deployments, database
// StatefulSets, Services, ConfigMaps, Secrets, probes.
import { LABELS } from "../../catalog/environment";
import { SERVICE_PORT } from "../../catalog/endpoints";
import { workloadLabels } from "../env/labels";
import type { EnvironmentPlacement } from "../env/placement";
import { restrictedPodSecurityContext } from "../k8s/security";
import type { ConfigMap, Container, Deployment, PersistentVolumeClaim, PodSpec, Probe, Secret, Service, StatefulSet } from "../k8s/types";

export interface WorkloadIdentity {
  namespace: string;
  /** Every label of the workload's objects. */
  labels: Record<string, string>;
  /** The stable subset selectors use. */
  selector: Record<string, string>;
}

/** Where an object that selects no pods goes: its namespace and labels. */
export type ObjectPlace = Pick<WorkloadIdentity, "namespace" | "labels">;

/** Labels of one workload (`component`) of a library service, per the environment contract. */
export function workloadIdentity(placement: EnvironmentPlacement, service: string, component: string): WorkloadIdentity {
  const selector = workloadLabels(service, component);
  return {
    namespace: placement.namespace,
    labels: { ...placement.labels, [LABELS.service]: service, ...selector },
    selector,
  };
}

export type Volume = NonNullable<PodSpec["volumes"]>[number];
export type VolumeMount = NonNullable<Container["volumeMounts"]>[number];

/** What differs between the library services' pods; the rest is the same for all of them. */
export interface PodArgs {
  /** The image's user: the pod runs as it (restricted Pod Security context). */
  uid: number;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  /** `false` keeps Kubernetes' service env vars out of the containers; unset leaves the default. */
  enableServiceLinks?: false;
  terminationGracePeriodSeconds?: number;
  /** Only a pod that acts as a Kubernetes ServiceAccount (its token stays unmounted regardless). */
  serviceAccountName?: string;
}

/** A pod without the API token, under the restricted security context. */
export function podSpec(a: PodArgs): PodSpec {
  return {
    ...(a.serviceAccountName !== undefined ? { serviceAccountName: a.serviceAccountName } : {}),
    automountServiceAccountToken: false,
    ...(a.enableServiceLinks === false ? { enableServiceLinks: false } : {}),
    securityContext: restrictedPodSecurityContext(a.uid),
    ...(a.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: a.terminationGracePeriodSeconds } : {}),
    ...(a.initContainers ? { initContainers: a.initContainers } : {}),
    containers: a.containers,
    ...(a.volumes ? { volumes: a.volumes } : {}),
  };
}

/** Extra labels and annotations of a pod template (e.g. a config hash that rolls the pods). */
export interface TemplateExtras {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function templateMetadata(id: WorkloadIdentity, extras: TemplateExtras) {
  return { labels: { ...id.labels, ...extras.labels }, ...(extras.annotations ? { annotations: extras.annotations } : {}) };
}

/** A Deployment of one workload; `replicas` comes from replicasFor() (0 while asleep). */
export function deploymentObject(id: WorkloadIdentity, name: string, replicas: number, pod: PodSpec, extras: TemplateExtras = {}): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: id.namespace, labels: id.labels },
    spec: { replicas, selector: { matchLabels: id.selector }, template: { metadata: templateMetadata(id, extras), spec: pod } },
  };
}

/** What differs between the library services' database StatefulSets (Balrog's and Bouncer's MySQL, Ship-it's Postgres). */
export interface DatabaseArgs {
  id: WorkloadIdentity;
  /** Name of the StatefulSet and of the Service it is governed by. */
  name: string;
  replicas: number;
  /** The database container; its volumeMounts follow from `data`, `mounts` and `runPath`. */
  container: Omit<Container, "volumeMounts">;
  /** The data volume `data`: where the container mounts it, and its size. */
  data: { mount: Omit<VolumeMount, "name">; storage: string; claimName?: string };
  /** Where the server keeps its socket and pid file (an emptyDir, as is /tmp). */
  runPath: string;
  /** Volumes besides data, run and tmp (e.g. init scripts), and the database container's mounts of them. */
  volumes?: Volume[];
  mounts?: VolumeMount[];
  pod: Omit<PodArgs, "containers" | "volumes">;
}

/**
 * A database: one pod writing one ReadWriteOnce volume. Without `data.claimName` the volume is a
 * volumeClaimTemplate; with it, the claim is returned to be declared on its own, so that returning
 * the environment deletes it.
 */
export function databaseStatefulSet(a: DatabaseArgs): { statefulSet: StatefulSet; claim?: PersistentVolumeClaim } {
  const { id, name } = a;
  const claimSpec: NonNullable<PersistentVolumeClaim["spec"]> = { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: a.data.storage } } };
  const claimName = a.data.claimName;
  const container: Container = {
    ...a.container,
    volumeMounts: [{ name: "data", ...a.data.mount }, ...(a.mounts ?? []), { name: "run", mountPath: a.runPath }, { name: "tmp", mountPath: "/tmp" }],
  };
  const volumes: Volume[] = [
    ...(claimName !== undefined ? [{ name: "data", persistentVolumeClaim: { claimName } }] : []),
    ...(a.volumes ?? []),
    { name: "run", emptyDir: {} },
    { name: "tmp", emptyDir: {} },
  ];
  const statefulSet: StatefulSet = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: id.namespace, labels: id.labels },
    spec: {
      serviceName: name,
      replicas: a.replicas,
      selector: { matchLabels: id.selector },
      template: { metadata: templateMetadata(id, {}), spec: podSpec({ ...a.pod, containers: [container], volumes }) },
      ...(claimName === undefined ? { volumeClaimTemplates: [{ metadata: { name: "data", labels: id.labels }, spec: claimSpec }] } : {}),
    },
  };
  if (claimName === undefined) return { statefulSet };
  return { statefulSet, claim: { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: claimName, namespace: id.namespace, labels: id.labels }, spec: claimSpec } };
}

/** A ConfigMap of one workload (init scripts, configuration). */
export function configMapObject(id: ObjectPlace, name: string, data: Record<string, string>): ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: id.namespace, labels: id.labels }, data };
}

/** A ClusterIP Service; library endpoints listen on port 80 (catalog/endpoints.ts), databases on their own. */
export function serviceObject(id: WorkloadIdentity, name: string, targetPort: number, port = SERVICE_PORT): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: id.namespace, labels: id.labels },
    spec: { type: "ClusterIP", selector: id.selector, ports: [{ name: "main", port, targetPort, protocol: "TCP" }] },
  };
}

/** A Service whose one port is named for its protocol; type and protocol left to the defaults (ClusterIP, TCP). */
export function namedPortService(id: WorkloadIdentity, name: string, portName: string, port: number, targetPort: number): Service {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: id.namespace, labels: id.labels }, spec: { selector: id.selector, ports: [{ name: portName, port, targetPort }] } };
}

/** A Secret without data: the component fills `stringData` with Pulumi secret Outputs, so values never pass through a builder. */
export function emptySecret(id: ObjectPlace, name: string): Secret {
  return { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: { name, namespace: id.namespace, labels: id.labels } };
}

/** An emptySecret whose annotation documents (and tests check) which keys it will hold. */
export function secretShell(id: ObjectPlace, name: string, keys: readonly string[]): Secret & { metadata: { annotations: Record<string, string> } } {
  const secret = emptySecret(id, name);
  return { ...secret, metadata: { ...secret.metadata, annotations: { "releng.mozilla.org/secret-keys": [...keys].sort().join(",") } } };
}

export function httpProbe(path: string, port: number, periodSeconds: number, failureThreshold: number, initialDelaySeconds = 5): Probe {
  return { httpGet: { path, port }, periodSeconds, failureThreshold, initialDelaySeconds, timeoutSeconds: 5 };
}

/** An env var read from a key of a Secret. */
export function secretEnv(name: string, secret: string, key = name) {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}
