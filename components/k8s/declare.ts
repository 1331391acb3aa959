// The one bridge from builder output (plain typed objects) to Pulumi Kubernetes resources.
// Components call declareObject(); the explicit provider reaches every object through `parent`.
import * as pulumi from "@pulumi/pulumi";
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as batchv1 from "@pulumi/kubernetes/batch/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";

/** Any object a builder returns: apiVersion, kind and metadata.name are all we rely on here. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

type KubeResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** apiVersion/kind → Pulumi class. A builder that returns a kind missing here fails loudly in tests. */
export const KUBE_CLASSES: Record<string, KubeResourceClass> = {
  "v1/Namespace": corev1.Namespace,
  "v1/ResourceQuota": corev1.ResourceQuota,
  "v1/LimitRange": corev1.LimitRange,
  "v1/ConfigMap": corev1.ConfigMap,
  "v1/Secret": corev1.Secret,
  "v1/Service": corev1.Service,
  "v1/ServiceAccount": corev1.ServiceAccount,
  "v1/PersistentVolumeClaim": corev1.PersistentVolumeClaim,
  "apps/v1/Deployment": appsv1.Deployment,
  "apps/v1/StatefulSet": appsv1.StatefulSet,
  "batch/v1/Job": batchv1.Job,
  "batch/v1/CronJob": batchv1.CronJob,
  "networking.k8s.io/v1/NetworkPolicy": networkingv1.NetworkPolicy,
  "networking.k8s.io/v1/Ingress": networkingv1.Ingress,
  "rbac.authorization.k8s.io/v1/Role": rbacv1.Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": rbacv1.RoleBinding,
  "policy/v1/PodDisruptionBudget": policyv1.PodDisruptionBudget,
};

/** Logical Pulumi name of an object: kind and name, unique within a stack's namespace. */
export function logicalName(obj: KubeObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error(`builder returned a ${obj.kind} without metadata.name`);
  return `${obj.kind.toLowerCase()}-${name}`;
}

/**
 * Declare `obj` as a resource. `overrides` lets a component put Outputs (secret values, generated
 * passwords) into fields the pure builder left out, e.g. a Secret's `stringData`.
 */
export function declareObject<T extends KubeObject>(
  obj: T,
  opts: pulumi.CustomResourceOptions,
  overrides: Record<string, pulumi.Input<unknown>> = {},
): pulumi.CustomResource {
  const Class = KUBE_CLASSES[`${obj.apiVersion}/${obj.kind}`];
  if (!Class) throw new Error(`no Pulumi class registered for ${obj.apiVersion} ${obj.kind} (components/k8s/declare.ts)`);
  return new Class(logicalName(obj), { ...obj, ...overrides }, opts);
}
