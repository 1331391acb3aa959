// The one bridge from builder output (plain typed objects) to Pulumi Kubernetes resources.
// Components call declareObject(); the explicit provider reaches every object through `parent`.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { StatefulSet } from "@pulumi/kubernetes/apps/v1/statefulSet";
import { CronJob } from "@pulumi/kubernetes/batch/v1/cronJob";
import { Job } from "@pulumi/kubernetes/batch/v1/job";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { LimitRange } from "@pulumi/kubernetes/core/v1/limitRange";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { PersistentVolumeClaim } from "@pulumi/kubernetes/core/v1/persistentVolumeClaim";
import { ResourceQuota } from "@pulumi/kubernetes/core/v1/resourceQuota";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { Ingress } from "@pulumi/kubernetes/networking/v1/ingress";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1/podDisruptionBudget";
import { Role } from "@pulumi/kubernetes/rbac/v1/role";
import { RoleBinding } from "@pulumi/kubernetes/rbac/v1/roleBinding";

/** Any object a builder returns: apiVersion, kind and metadata.name are all we rely on here. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

type KubeResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** apiVersion/kind → Pulumi class. A builder that returns a kind missing here fails loudly in tests. */
export const KUBE_CLASSES: Record<string, KubeResourceClass> = {
  "v1/Namespace": Namespace,
  "v1/ResourceQuota": ResourceQuota,
  "v1/LimitRange": LimitRange,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "batch/v1/Job": Job,
  "batch/v1/CronJob": CronJob,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "networking.k8s.io/v1/Ingress": Ingress,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  // Custom resources (their schemas: components/k8s/validate.ts).
  "networking.gke.io/v1/ManagedCertificate": CustomResource,
};

/** Logical Pulumi name of an object: kind and name, unique within a stack's namespace. */
export function logicalName(obj: KubeObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error(`builder returned a ${obj.kind} without metadata.name`);
  return `${obj.kind.toLowerCase()}-${name}`;
}

/** A declared Kubernetes object; its `metadata` Output resolves once the object exists. */
export type KubeResource = pulumi.CustomResource & { readonly metadata: pulumi.Output<{ name: string; namespace?: string }> };

/**
 * Declare `obj` as a resource. `overrides` lets a component put Outputs (secret values, generated
 * passwords) into fields the pure builder left out, e.g. a Secret's `stringData`.
 */
export function declareObject<T extends KubeObject>(
  obj: T,
  opts: pulumi.CustomResourceOptions,
  overrides: Record<string, pulumi.Input<unknown>> = {},
): KubeResource {
  const Class = KUBE_CLASSES[`${obj.apiVersion}/${obj.kind}`];
  if (!Class) throw new Error(`no Pulumi class registered for ${obj.apiVersion} ${obj.kind} (components/k8s/declare.ts)`);
  return new Class(logicalName(obj), { ...obj, ...overrides }, opts) as KubeResource;
}

/**
 * `resource`'s metadata.name as an Output that resolves only once `alsoAfter` exist too: a Namespace
 * handed on as one value that is ready only with its quota, limits and policies.
 */
export function nameOf(resource: KubeResource, alsoAfter: readonly pulumi.Resource[] = []): pulumi.Output<string> {
  return pulumi.all([resource.metadata.name, ...alsoAfter.map((r) => r.urn)]).apply(([name]) => name);
}

/** metadata.namespace of a declared namespaced object, e.g. the Service a URL is served by. */
export function namespaceOf(resource: KubeResource): pulumi.Output<string> {
  return resource.metadata.apply((m) => {
    if (!m.namespace) throw new Error(`namespaceOf: ${m.name} is not a namespaced object`);
    return m.namespace;
  });
}

/** declareObject for one component's objects in one namespace; `parent` is the component unless `opts` says otherwise. */
export type DeclareInNamespace = (obj: KubeObject, opts?: pulumi.CustomResourceOptions, overrides?: Record<string, pulumi.Input<unknown>>) => KubeResource;

/**
 * Objects declared through the result sit in `namespace`, an Output of the resources that make the
 * namespace (the Namespace, and whatever must exist before any workload in it): each object's own
 * `metadata.namespace` carries those dependencies, so no `dependsOn` list is passed along by hand.
 * The builders' objects already name the same namespace; only its source changes.
 */
export function declarerIn(namespace: pulumi.Output<string>, parent: pulumi.Resource): DeclareInNamespace {
  return (obj, opts = {}, overrides = {}) => {
    const metadata = overrides.metadata ?? obj.metadata ?? {};
    const placed = pulumi.Output.isInstance(metadata)
      ? pulumi.all([metadata, namespace]).apply(([m, ns]) => ({ ...(m as object), namespace: ns }))
      : { ...(metadata as object), namespace };
    return declareObject(obj, { parent, ...opts }, { ...overrides, metadata: placed });
  };
}
