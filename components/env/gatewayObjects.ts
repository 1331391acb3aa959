// Pure builders for an environment's gateway: every checked-out library Service published over HTTPS
// as `<service>.<env>.<domain>`, and the NetworkPolicy that admits the gateway to serving ports only.
// Two shapes: on the gke target a GKE Ingress (external Application Load Balancer on a reserved
// global address) with a Google-managed certificate; elsewhere an Ingress of the configured class
// with a cert-manager issuer annotation. Config in, Kubernetes objects out; no Pulumi.
import {
  GOOGLE_FRONT_END_RANGES,
  IN_CLUSTER_SERVICES,
  MANAGED_CERTIFICATE_MAX_DOMAIN,
  PUBLISHED_SERVICES,
  publicHost,
  SERVICE_PORT,
  type InClusterService,
} from "../../catalog/endpoints";
import type { ServiceName } from "../../catalog/services";
import type { Ingress, NetworkPolicy } from "../k8s/types";
import { workloadLabels } from "./labels";

/** GKE's ManagedCertificate (networking.gke.io/v1), validated offline by @kubernetes-models/gke. */
export interface ManagedCertificate {
  apiVersion: "networking.gke.io/v1";
  kind: "ManagedCertificate";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { domains: string[] };
}

/** Where the gateway runs and how certificates are issued. */
export type GatewayShape =
  | { kind: "gke"; /** Name of the reserved global address the load balancer uses. */ addressName: string }
  | { kind: "ingress-class"; className: string; clusterIssuer?: string; controllerNamespace: string };

export interface GatewayArgs {
  environment: string;
  namespace: string;
  labels: Record<string, string>;
  /** The checked-out services; each publishes every one of its Services. */
  services: readonly ServiceName[];
  /** Base domain; hosts are `<service>.<environment>.<domain>`. */
  domain: string;
  shape: GatewayShape;
}

export const GATEWAY_NAMES = {
  ingress: "gateway",
  certificate: "gateway-certificate",
  /** Secret cert-manager writes the certificate into (ingress-class shape). */
  tlsSecret: "gateway-tls",
  networkPolicyPrefix: "allow-gateway-to-",
} as const;

/** The Services of the checked-out services, in table order. */
export function publishedServices(services: readonly ServiceName[]): InClusterService[] {
  return (Object.keys(PUBLISHED_SERVICES) as InClusterService[]).filter((s) => services.includes(PUBLISHED_SERVICES[s].service));
}

/** Public host of each published Service. */
export function gatewayHosts(args: Pick<GatewayArgs, "environment" | "services" | "domain">): Partial<Record<InClusterService, string>> {
  return Object.fromEntries(publishedServices(args.services).map((s) => [s, publicHost(s, args.environment, args.domain)]));
}

/** Hosts a Google-managed certificate cannot carry (longer than 63 characters); empty when all fit. */
export function hostsTooLongForManagedCertificate(hosts: readonly string[]): string[] {
  return hosts.filter((h) => h.length > MANAGED_CERTIFICATE_MAX_DOMAIN);
}

function ingressObject(args: GatewayArgs, hosts: Partial<Record<InClusterService, string>>): Ingress {
  const rules = (Object.entries(hosts) as [InClusterService, string][]).map(([service, host]) => ({
    host,
    http: { paths: [{ path: "/", pathType: "Prefix" as const, backend: { service: { name: IN_CLUSTER_SERVICES[service], port: { number: SERVICE_PORT } } } }] },
  }));
  const shape = args.shape;
  const annotations: Record<string, string> =
    shape.kind === "gke"
      ? {
          // GKE Ingress: the class is still chosen by annotation (ingressClassName is not read by the GCE controller).
          "kubernetes.io/ingress.class": "gce",
          "kubernetes.io/ingress.global-static-ip-name": shape.addressName,
          "networking.gke.io/managed-certificates": GATEWAY_NAMES.certificate,
          // HTTPS only: no plain-HTTP forwarding rule.
          "kubernetes.io/ingress.allow-http": "false",
        }
      : {
          ...(shape.clusterIssuer ? { "cert-manager.io/cluster-issuer": shape.clusterIssuer } : {}),
          "nginx.ingress.kubernetes.io/ssl-redirect": "true",
          // Release artifacts (installers, MARs) are uploaded through the archive store's S3 API.
          "nginx.ingress.kubernetes.io/proxy-body-size": "0",
        };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: GATEWAY_NAMES.ingress, namespace: args.namespace, labels: args.labels, annotations },
    spec: {
      ...(shape.kind === "ingress-class" ? { ingressClassName: shape.className, tls: [{ hosts: Object.values(hosts), secretName: GATEWAY_NAMES.tlsSecret }] } : {}),
      rules,
    },
  };
}

function managedCertificateObject(args: GatewayArgs, hosts: Partial<Record<InClusterService, string>>): ManagedCertificate {
  return {
    apiVersion: "networking.gke.io/v1",
    kind: "ManagedCertificate",
    metadata: { name: GATEWAY_NAMES.certificate, namespace: args.namespace, labels: args.labels },
    spec: { domains: Object.values(hosts) },
  };
}

/**
 * Admits the gateway, and nothing else from outside the namespace, to one published workload's
 * serving port; one policy per published Service. The environment's default-deny stays in force for
 * every other pod and port (databases, the agent, the egress proxy).
 */
export function gatewayNetworkPolicies(args: GatewayArgs): NetworkPolicy[] {
  const from =
    args.shape.kind === "gke"
      ? GOOGLE_FRONT_END_RANGES.map((cidr) => ({ ipBlock: { cidr } }))
      : [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.shape.controllerNamespace } } }];
  return publishedServices(args.services).map((s) => {
    const { service, component, port } = PUBLISHED_SERVICES[s];
    return {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: `${GATEWAY_NAMES.networkPolicyPrefix}${IN_CLUSTER_SERVICES[s]}`, namespace: args.namespace, labels: args.labels },
      spec: {
        podSelector: { matchLabels: workloadLabels(service, component) },
        policyTypes: ["Ingress"],
        ingress: [{ from, ports: [{ protocol: "TCP", port }] }],
      },
    };
  });
}

export interface GatewayObjects {
  hosts: Partial<Record<InClusterService, string>>;
  ingress: Ingress;
  certificate?: ManagedCertificate;
  networkPolicies: NetworkPolicy[];
}

export function gatewayObjects(args: GatewayArgs): GatewayObjects {
  const hosts = gatewayHosts(args);
  return {
    hosts,
    ingress: ingressObject(args, hosts),
    ...(args.shape.kind === "gke" ? { certificate: managedCertificateObject(args, hosts) } : {}),
    networkPolicies: gatewayNetworkPolicies(args),
  };
}
