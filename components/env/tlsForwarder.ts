// Egress for clients that ignore HTTPS_PROXY (the Balrog agent's aiohttp session has no trust_env;
// gcloud-aio's too): a sidecar that forwards TLS for one exact host at a time through the
// environment's egress proxy. The pod resolves each forwarded host to its own loopback address
// (hostAliases 127.0.0.2, 127.0.0.3, ...); the sidecar listens there on 443 and opens an HTTP CONNECT
// tunnel to <host>:443 through the proxy, so TLS still runs end to end between the client and the
// real host (certificate and SNI unchanged) and the proxy's exact host allow-list still decides.
// Binding 443 as a non-root user needs net.ipv4.ip_unprivileged_port_start=0, a namespaced
// sysctl the restricted Pod Security profile allows; no capability is added.
//
// Why this on every target: it needs nothing from the cluster (no CNI feature, no CRD) and keeps
// one enforcement point, the proxy's allow-list. On GKE with Dataplane V2, an FQDNNetworkPolicy
// would allow the host directly, but it needs GKE Enterprise and the host check would move from the
// proxy to the network policy; docs/environments.md records the choice.
import { EGRESS_PROXY } from "../../catalog/environment";
import { restrictedContainerSecurityContext } from "../k8s/security";
import type { Container } from "../k8s/types";

/** socat (Docker Hub `alpine/socat`): TCP listener + HTTP CONNECT client in one small binary. */
export const TLS_FORWARDER_IMAGE = "alpine/socat:1.8.0.1";

export interface TlsForwarding {
  /** Sidecars to add to the pod's containers: one socat per host, in the foreground. */
  containers: Container[];
  /** Pod `hostAliases`: each forwarded host resolves to its loopback address. */
  hostAliases: { ip: string; hostnames: string[] }[];
  /** Pod `securityContext.sysctls` entry letting the non-root sidecar bind 443. */
  sysctls: { name: string; value: string }[];
}

export function loopbackFor(index: number): string {
  if (index < 0 || index > 250) throw new Error(`tls forwarder: ${index + 1} hosts is more than one pod can forward`);
  return `127.0.0.${index + 2}`;
}

/** Forwarding for `hosts` (exact names; each must be on the egress proxy's allow-list). */
export function tlsForwarding(namespace: string, hosts: readonly string[], uid: number, image = TLS_FORWARDER_IMAGE): TlsForwarding {
  const unique = [...new Set(hosts.map((h) => h.toLowerCase()))].sort();
  if (unique.length === 0) throw new Error("tls forwarder: no host to forward");
  const proxy = `${EGRESS_PROXY.name}.${namespace}.svc.cluster.local`;
  return {
    containers: unique.map((host, i) => ({
      name: `tls-forwarder-${i + 1}`,
      image,
      command: ["socat", `TCP4-LISTEN:443,bind=${loopbackFor(i)},fork,reuseaddr`, `PROXY:${proxy}:${host}:443,proxyport=${EGRESS_PROXY.port}`],
      resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
      securityContext: { ...restrictedContainerSecurityContext(), runAsUser: uid },
    })),
    hostAliases: unique.map((host, i) => ({ ip: loopbackFor(i), hostnames: [host] })),
    sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }],
  };
}
