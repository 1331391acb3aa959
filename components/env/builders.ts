// Pure builders for an environment's namespace and guardrails: placement and settings in, Kubernetes
// objects out.
import { BASE_EGRESS_HOSTS, EGRESS_PROXY, GKE_METADATA_SERVER, LABELS, PRIVATE_RANGES } from "../../catalog/environment";
import type { LimitRange, Namespace, NetworkPolicy, ResourceQuota, RoleBinding } from "../k8s/types";
import { EGRESS_PROXY_ROLE, egressProxyObjects, type EgressOrigin } from "./egressProxy";
import { envAnnotations } from "./labels";
import { placedMeta, type EnvironmentPlacement } from "./placement";
import { replicasFor } from "./replicas";

/** The namespace's ResourceQuota (`quota` in the stack config). */
export interface EnvironmentQuota {
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
  requestsStorage: string;
  persistentVolumeClaims: number;
  pods: number;
  services: number;
}

/** The namespace's LimitRange for containers (`containerLimits` in the stack config). */
export interface ContainerLimits {
  defaultRequestCpu: string;
  defaultRequestMemory: string;
  defaultLimitCpu: string;
  defaultLimitMemory: string;
  maxCpu: string;
  maxMemory: string;
}

export interface EnvironmentEgress {
  /** HTTPS hosts the proxy lets through besides the base list: the stack's own and what its services and pools need. */
  allowHosts: readonly string[];
  /** Allow-listed origins the proxy also reverse-proxies (read-only) for software that cannot use HTTPS_PROXY. */
  origins: readonly EgressOrigin[];
  /** The proxy image; default the catalogue's. */
  proxyImage?: string;
}

/** What an environment's namespace and guardrails are built from. */
export interface EnvironmentArgs {
  placement: EnvironmentPlacement;
  quota: EnvironmentQuota;
  containerLimits: ContainerLimits;
  egress: EnvironmentEgress;
}

/** Hosts the egress proxy lets through: the base list and the environment's own, lower case, once each. */
export function egressHosts(allowHosts: readonly string[]): string[] {
  return [...new Set([...BASE_EGRESS_HOSTS, ...allowHosts].map((h) => h.toLowerCase()))].sort();
}

export function namespaceObject(placement: EnvironmentPlacement): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: placement.namespace,
      labels: {
        ...placement.labels,
        // Pod Security Standard `restricted`, enforced and also reported (warn/audit) for clarity.
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      },
      annotations: envAnnotations(placement.identity),
    },
  };
}

export function resourceQuotaObject(placement: EnvironmentPlacement, q: EnvironmentQuota): ResourceQuota {
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: placedMeta(placement, "environment-quota"),
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

export function limitRangeObject(placement: EnvironmentPlacement, l: ContainerLimits): LimitRange {
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: placedMeta(placement, "container-defaults"),
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

export function networkPolicyObjects(placement: EnvironmentPlacement): NetworkPolicy[] {
  const policy = (name: string, spec: NetworkPolicy["spec"]): NetworkPolicy => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: placedMeta(placement, name),
    spec,
  });
  // On GKE, pods acting as the environment's GCP account get their tokens from the metadata server.
  const gke: NetworkPolicy[] =
    placement.cluster === "gke"
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

export function holderRoleBindingObject(placement: EnvironmentPlacement): RoleBinding {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: placedMeta(placement, "holder-edit"),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: placement.identity.holder }],
  };
}

/** Everything the Environment component declares before any service, in apply order. */
export function environmentObjects(args: EnvironmentArgs) {
  const { placement } = args;
  const proxy = egressProxyObjects({
    namespace: placement.namespace,
    labels: { ...placement.labels },
    allowHosts: egressHosts(args.egress.allowHosts),
    image: args.egress.proxyImage ?? EGRESS_PROXY.image,
    replicas: replicasFor(placement),
    origins: args.egress.origins,
  });
  return {
    namespace: namespaceObject(placement),
    resourceQuota: resourceQuotaObject(placement, args.quota),
    limitRange: limitRangeObject(placement, args.containerLimits),
    networkPolicies: networkPolicyObjects(placement),
    holderRoleBinding: holderRoleBindingObject(placement),
    egressProxy: proxy,
  };
}
