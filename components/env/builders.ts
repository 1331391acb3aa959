// Pure builders for an environment's namespace and guardrails: config in, Kubernetes objects out.
import { BASE_EGRESS_HOSTS, EGRESS_PROXY, GKE_METADATA_SERVER, LABELS, PRIVATE_RANGES } from "../../catalog/environment";
import type { EnvironmentStack } from "../../stacks/load";
import type { LimitRange, Namespace, NetworkPolicy, ResourceQuota, RoleBinding } from "../k8s/types";
import { EGRESS_PROXY_ROLE, egressProxyObjects, type EgressOrigin } from "./egressProxy";
import { envAnnotations, envLabels, type EnvIdentity } from "./labels";
import { namespaceName } from "./names";
import { replicasFor } from "./replicas";

export function envIdentity(config: EnvironmentStack): EnvIdentity {
  return { name: config.name, stack: config.stack, holder: config.holder, purpose: config.purpose, due: config.due };
}

/** Metadata of an object of the environment's namespace that belongs to no single workload. */
export function envObjectMeta(config: EnvironmentStack, name: string): { name: string; namespace: string; labels: Record<string, string> } {
  return { name, namespace: namespaceName(config.name), labels: envLabels(envIdentity(config)) };
}

/** Hosts the egress proxy lets through: the base list, the stack's own, and what services add. */
export function egressHosts(config: EnvironmentStack, serviceHosts: readonly string[] = []): string[] {
  return [...new Set([...BASE_EGRESS_HOSTS, ...config.egress.allowHosts, ...serviceHosts].map((h) => h.toLowerCase()))].sort();
}

export function namespaceObject(config: EnvironmentStack): Namespace {
  const id = envIdentity(config);
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: namespaceName(config.name),
      labels: {
        ...envLabels(id),
        // Pod Security Standard `restricted`, enforced and also reported (warn/audit) for clarity.
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      },
      annotations: envAnnotations(id),
    },
  };
}

export function resourceQuotaObject(config: EnvironmentStack): ResourceQuota {
  const q = config.quota;
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: envObjectMeta(config, "environment-quota"),
    spec: {
      hard: {
        "requests.cpu": q.requestsCpu,
        "requests.memory": q.requestsMemory,
        "limits.cpu": q.limitsCpu,
        "limits.memory": q.limitsMemory,
        "requests.storage": q.requestsStorage,
        persistentvolumeclaims: String(q.persistentVolumeClaims),
        pods: String(q.pods),
        services: String(q.services),
      },
    },
  };
}

export function limitRangeObject(config: EnvironmentStack): LimitRange {
  const l = config.containerLimits;
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: envObjectMeta(config, "container-defaults"),
    spec: {
      limits: [
        {
          type: "Container",
          defaultRequest: { cpu: l.defaultRequestCpu, memory: l.defaultRequestMemory },
          default: { cpu: l.defaultLimitCpu, memory: l.defaultLimitMemory },
          max: { cpu: l.maxCpu, memory: l.maxMemory },
        },
      ],
    },
  };
}

export function networkPolicyObjects(config: EnvironmentStack): NetworkPolicy[] {
  const namespace = namespaceName(config.name);
  const labels = envLabels(envIdentity(config));
  const policy = (name: string, spec: NetworkPolicy["spec"]): NetworkPolicy => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace, labels },
    spec,
  });
  // On GKE, pods acting as the environment's GCP account get their tokens from the metadata server.
  const gke: NetworkPolicy[] =
    config.kubernetes.target === "gke"
      ? [
          policy("allow-gke-metadata", {
            podSelector: { matchLabels: { [LABELS.gcpAccess]: "true" } },
            policyTypes: ["Egress"],
            egress: [{ to: [{ ipBlock: { cidr: GKE_METADATA_SERVER.cidr } }], ports: GKE_METADATA_SERVER.ports.map((port) => ({ protocol: "TCP", port })) }],
          }),
        ]
      : [];
  return [
    ...gke,
    policy("default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    }),
    policy("allow-same-namespace", {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    policy("allow-egress-proxy-https", {
      podSelector: { matchLabels: { [LABELS.role]: EGRESS_PROXY_ROLE } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...PRIVATE_RANGES] } }], ports: [{ protocol: "TCP", port: 443 }] }],
    }),
  ];
}

export function holderRoleBindingObject(config: EnvironmentStack): RoleBinding {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: envObjectMeta(config, "holder-edit"),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: config.holder }],
  };
}

/** Everything the Environment component declares before any service, in apply order. */
export function environmentObjects(config: EnvironmentStack, serviceEgressHosts: readonly string[] = [], serviceEgressOrigins: readonly EgressOrigin[] = []) {
  const namespace = namespaceName(config.name);
  const proxy = egressProxyObjects({
    namespace,
    labels: envLabels(envIdentity(config)),
    allowHosts: egressHosts(config, serviceEgressHosts),
    image: config.egress.proxyImage ?? EGRESS_PROXY.image,
    replicas: replicasFor(config),
    origins: serviceEgressOrigins,
  });
  return {
    namespace: namespaceObject(config),
    resourceQuota: resourceQuotaObject(config),
    limitRange: limitRangeObject(config),
    networkPolicies: networkPolicyObjects(config),
    holderRoleBinding: holderRoleBindingObject(config),
    egressProxy: proxy,
  };
}
