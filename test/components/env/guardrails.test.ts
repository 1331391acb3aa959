// An environment's guardrails judged by what they let through, not by their text: the builders'
// NetworkPolicies are evaluated with Kubernetes' semantics and the egress proxy's squid.conf with
// squid's http_access semantics (small evaluators below), on configs parsed like a stack file.
// Fast (no plan), so `npm run mutate` runs them for every mutant of components/env/.
import { describe, expect, it } from "vitest";
import { EGRESS_PROXY, LABELS, PRIVATE_RANGES } from "../../../catalog/environment";
import { egressProxyObjects, proxyEnv, squidConfig } from "../../../components/env/egressProxy";
import { egressHosts, environmentObjects, networkPolicyObjects } from "../../../components/env/builders";
import { environmentArgsOf, placementOf } from "../../../program/placement";
import type { NetworkPolicy } from "../../../components/k8s/types";
import { parseStackConfig, type EnvironmentStack } from "../../../stacks/load";
import { envRaw, TODAY } from "../../helpers";

function envConfig(overrides: Record<string, unknown> = {}): EnvironmentStack {
  return parseStackConfig(envRaw(overrides), { today: TODAY }) as EnvironmentStack;
}

// --- Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), enough for these policies --------

interface Pod {
  namespace: string;
  labels: Record<string, string>;
}
type Peer = { pod: Pod; namespaceLabels: Record<string, string> } | { ip: string };
interface Connection {
  protocol: "TCP" | "UDP";
  port: number;
}

const matches = (selector: { matchLabels?: Record<string, string> } | undefined, labels: Record<string, string>): boolean =>
  !!selector && Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

function ipv4(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base) / size);
}

type NetworkPeer = { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: { matchLabels?: Record<string, string> }; ipBlock?: { cidr: string; except?: string[] } };

function peerMatches(peer: NetworkPeer, policyNamespace: string, other: Peer): boolean {
  if (peer.ipBlock) return "ip" in other && inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
  if (!("pod" in other)) return false;
  const namespaceOk = peer.namespaceSelector ? matches(peer.namespaceSelector, other.namespaceLabels) : other.pod.namespace === policyNamespace;
  const podOk = peer.podSelector ? matches(peer.podSelector, other.pod.labels) : true;
  return namespaceOk && podOk;
}

function ruleAllows(rule: { to?: NetworkPeer[]; from?: NetworkPeer[]; ports?: { protocol?: string; port?: number | string }[] }, policyNamespace: string, other: Peer, c: Connection): boolean {
  const peers = rule.to ?? rule.from;
  const peerOk = !peers || peers.length === 0 || peers.some((p) => peerMatches(p, policyNamespace, other));
  const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((p) => (p.protocol ?? "TCP") === c.protocol && (p.port === undefined || p.port === c.port));
  return peerOk && portOk;
}

/** Whether `policies` let `pod` open `c` to `to` (egress side only, as Kubernetes decides it). */
function egressAllowed(policies: NetworkPolicy[], pod: Pod, to: Peer, c: Connection): boolean {
  const selecting = policies.filter((p) => p.metadata!.namespace === pod.namespace && matches(p.spec!.podSelector, pod.labels) && (p.spec!.policyTypes ?? []).includes("Egress"));
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.spec!.egress ?? []).some((r) => ruleAllows(r as never, p.metadata!.namespace!, to, c)));
}

/** Whether `policies` let `from` open `c` to `pod` (ingress side only). */
function ingressAllowed(policies: NetworkPolicy[], pod: Pod, from: Peer, c: Connection): boolean {
  const selecting = policies.filter((p) => p.metadata!.namespace === pod.namespace && matches(p.spec!.podSelector, pod.labels) && (p.spec!.policyTypes ?? []).includes("Ingress"));
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.spec!.ingress ?? []).some((r) => ruleAllows(r as never, p.metadata!.namespace!, from, c)));
}

const TCP = (port: number): Connection => ({ protocol: "TCP", port });
const UDP = (port: number): Connection => ({ protocol: "UDP", port });

// Fixtures are built inside each test, never while collecting: a mutant that throws there would fail
// the file before any test runs, which Stryker's vitest runner counts as survived.
describe("an environment's NetworkPolicies, evaluated", () => {
  const policiesOf = () => networkPolicyObjects(placementOf(envConfig()));
  const ns = "env-jane-fx150";
  const workload: Pod = { namespace: ns, labels: { app: "balrog-admin" } };
  const proxy: Pod = { namespace: ns, labels: { [LABELS.role]: EGRESS_PROXY.name } };
  const kubeDns: Peer = { pod: { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }, namespaceLabels: { "kubernetes.io/metadata.name": "kube-system" } };
  const otherKubeSystem: Peer = { pod: { namespace: "kube-system", labels: { "k8s-app": "metrics-server" } }, namespaceLabels: { "kubernetes.io/metadata.name": "kube-system" } };
  const dnsLookalike: Peer = { pod: { namespace: "attacker", labels: { "k8s-app": "kube-dns" } }, namespaceLabels: { "kubernetes.io/metadata.name": "attacker" } };
  const sameNamespace: Peer = { pod: { namespace: ns, labels: { app: "balrog-db" } }, namespaceLabels: { "kubernetes.io/metadata.name": ns } };
  const otherEnv: Peer = { pod: { namespace: "env-other", labels: { app: "balrog-db" } }, namespaceLabels: { "kubernetes.io/metadata.name": "env-other" } };

  it("lives in the environment's namespace with its labels", () => {
    const policies = policiesOf();
    for (const p of policies) {
      expect(p.apiVersion).toBe("networking.k8s.io/v1");
      expect(p.kind).toBe("NetworkPolicy");
      expect(p.metadata!.namespace).toBe(ns);
      expect(p.metadata!.labels).toMatchObject({ [LABELS.stack]: "env-jane-fx150" });
    }
  });

  it("lets a workload resolve names with kube-dns only, over UDP and TCP 53", () => {
    const policies = policiesOf();
    expect(egressAllowed(policies, workload, kubeDns, UDP(53))).toBe(true);
    expect(egressAllowed(policies, workload, kubeDns, TCP(53))).toBe(true);
    expect(egressAllowed(policies, workload, kubeDns, TCP(443))).toBe(false);
    expect(egressAllowed(policies, workload, otherKubeSystem, UDP(53))).toBe(false);
    expect(egressAllowed(policies, workload, dnsLookalike, UDP(53))).toBe(false);
    expect(egressAllowed(policies, workload, { ip: "8.8.8.8" }, UDP(53))).toBe(false);
  });

  it("keeps a workload inside its namespace: no internet, no metadata server, no other environment", () => {
    const policies = policiesOf();
    expect(egressAllowed(policies, workload, sameNamespace, TCP(3306))).toBe(true);
    for (const ip of ["8.8.8.8", "35.190.0.1", "169.254.169.254", "10.0.0.5"]) {
      expect(egressAllowed(policies, workload, { ip }, TCP(443)), ip).toBe(false);
      expect(egressAllowed(policies, workload, { ip }, TCP(80)), ip).toBe(false);
    }
    expect(egressAllowed(policies, workload, otherEnv, TCP(3306))).toBe(false);
  });

  it("admits traffic from the namespace itself and from no other", () => {
    const policies = policiesOf();
    expect(ingressAllowed(policies, workload, sameNamespace, TCP(8080))).toBe(true);
    expect(ingressAllowed(policies, workload, otherEnv, TCP(8080))).toBe(false);
    expect(ingressAllowed(policies, workload, { ip: "8.8.8.8" }, TCP(8080))).toBe(false);
  });

  it("lets only the egress proxy out, to public addresses on 443", () => {
    const policies = policiesOf();
    expect(egressAllowed(policies, proxy, { ip: "35.190.0.1" }, TCP(443))).toBe(true);
    expect(egressAllowed(policies, proxy, { ip: "35.190.0.1" }, TCP(80))).toBe(false);
    expect(egressAllowed(policies, proxy, { ip: "35.190.0.1" }, UDP(443))).toBe(false);
    for (const range of PRIVATE_RANGES) {
      const inside = range.split("/")[0].replace(/\.0$/, ".7");
      expect(egressAllowed(policies, proxy, { ip: inside }, TCP(443)), range).toBe(false);
    }
    expect(egressAllowed(policies, proxy, { ip: "169.254.169.254" }, TCP(443))).toBe(false);
  });

  it("reaches the GKE metadata server only on gke, only from pods with GCP access, only on its ports", () => {
    const policies = policiesOf();
    expect(policies.map((p) => p.metadata!.name)).not.toContain("allow-gke-metadata");
    const gke = networkPolicyObjects(placementOf(envConfig({ kubernetes: { target: "gke", platformStack: "mozilla/releng-envs/platform-nonprod" } })));
    const gcpPod: Pod = { namespace: ns, labels: { [LABELS.gcpAccess]: "true" } };
    const metadata = { ip: "169.254.169.254" };
    expect(egressAllowed(gke, gcpPod, metadata, TCP(80))).toBe(true);
    expect(egressAllowed(gke, gcpPod, metadata, TCP(988))).toBe(true);
    expect(egressAllowed(gke, gcpPod, metadata, TCP(443))).toBe(false);
    expect(egressAllowed(gke, gcpPod, { ip: "169.254.169.253" }, TCP(80))).toBe(false);
    expect(egressAllowed(gke, workload, metadata, TCP(80))).toBe(false);
    expect(egressAllowed(gke, { namespace: ns, labels: { [LABELS.gcpAccess]: "false" } }, metadata, TCP(80))).toBe(false);
  });
});

// --- squid http_access semantics (squid-cache.org/Doc/config/http_access): first match wins; when
// no line matches, the answer is the opposite of the last http_access line. -------------------------

interface ProxyRequest {
  method: string;
  host: string;
  port: number;
  /** Name of the http_port the request arrived on (`name=` of an accel port). */
  portName?: string;
}

function squidDecides(conf: string, req: ProxyRequest): "allow" | "deny" {
  const acls = new Map<string, { type: string; values: string[] }[]>([
    ["all", [{ type: "all", values: [] }]],
    ["CONNECT", [{ type: "method", values: ["CONNECT"] }]],
  ]);
  const access: { action: "allow" | "deny"; terms: string[] }[] = [];
  for (const line of conf.split("\n").map((l) => l.trim())) {
    const [directive, ...rest] = line.split(/\s+/);
    if (directive === "acl") {
      const [name, type, ...values] = rest;
      acls.set(name, [...(acls.get(name) ?? []), { type, values }]);
    } else if (directive === "http_access") {
      const [action, ...terms] = rest;
      expect(["allow", "deny"]).toContain(action);
      access.push({ action: action as "allow" | "deny", terms });
    }
  }
  const aclMatches = (name: string): boolean => {
    const defs = acls.get(name);
    if (!defs) throw new Error(`squid.conf uses an undefined acl ${name}`);
    return defs.some(({ type, values }) => {
      if (type === "all") return true;
      if (type === "method") return values.includes(req.method);
      if (type === "port") return values.map(Number).includes(req.port);
      if (type === "myportname") return values.includes(req.portName ?? "");
      if (type === "dstdomain") return values.some((d) => (d.startsWith(".") ? req.host === d.slice(1) || req.host.endsWith(d) : req.host === d.toLowerCase()));
      throw new Error(`acl type ${type} not modelled`);
    });
  };
  for (const { action, terms } of access) {
    if (terms.every((t) => (t.startsWith("!") ? !aclMatches(t.slice(1)) : aclMatches(t)))) return action;
  }
  expect(access.length).toBeGreaterThan(0);
  return access[access.length - 1].action === "allow" ? "deny" : "allow";
}

const connect = (host: string, port = 443): ProxyRequest => ({ method: "CONNECT", host, port });

describe("the egress proxy's squid.conf, evaluated", () => {
  const confOf = () => squidConfig(["Archive.Mozilla.org", "storage.googleapis.com", "archive.mozilla.org"]);

  it("tunnels HTTPS to the listed hosts only, whatever their case in the list", () => {
    const conf = confOf();
    expect(squidDecides(conf, connect("archive.mozilla.org"))).toBe("allow");
    expect(squidDecides(conf, connect("storage.googleapis.com"))).toBe("allow");
    expect(squidDecides(conf, connect("aus4-admin.mozilla.org"))).toBe("deny");
    expect(squidDecides(conf, connect("evil.archive.mozilla.org"))).toBe("deny"); // never a subdomain
    expect(squidDecides(conf, connect("34.1.2.3"))).toBe("deny");
  });

  it("refuses other ports and plain requests, even to a listed host", () => {
    const conf = confOf();
    expect(squidDecides(conf, connect("archive.mozilla.org", 80))).toBe("deny");
    expect(squidDecides(conf, connect("archive.mozilla.org", 22))).toBe("deny");
    expect(squidDecides(conf, { method: "GET", host: "archive.mozilla.org", port: 443 })).toBe("deny");
    expect(squidDecides(conf, { method: "POST", host: "archive.mozilla.org", port: 80 })).toBe("deny");
  });

  it("lists each host once, sorted, and denies everything when the list is empty", () => {
    const conf = confOf();
    expect(conf).toContain("acl allowed_hosts dstdomain archive.mozilla.org storage.googleapis.com\n");
    const empty = squidConfig([]);
    expect(squidDecides(empty, connect("archive.mozilla.org"))).toBe("deny");
    expect(squidDecides(empty, { method: "GET", host: "archive.mozilla.org", port: 80 })).toBe("deny");
  });

  it("runs as a foreground proxy on its port without a cache, logging to the container's streams", () => {
    const conf = confOf();
    const lines = conf.split("\n");
    expect(lines[0]).toMatch(/^# Generated by releng-envs/);
    for (const l of [`http_port ${EGRESS_PROXY.port}`, "pid_filename none", "logfile_rotate 0", "access_log stdio:/dev/stdout", "cache_log stdio:/dev/stderr", "cache deny all", "coredump_dir /tmp"]) expect(lines).toContain(l);
    expect(conf.endsWith("http_access deny all\n")).toBe(true);
  });

  describe("read-only origin ports", () => {
    const origin = { name: "archive", port: 8081, host: "Archive.Mozilla.org" };
    const withOriginOf = () => squidConfig(["archive.mozilla.org"], [origin]);
    const via = (method: string, host = "archive.mozilla.org"): ProxyRequest => ({ method, host, port: 80, portName: "origin_archive" });

    it("serve GET and HEAD to their one origin over TLS, and nothing else", () => {
      const withOrigin = withOriginOf();
      expect(squidDecides(withOrigin, via("GET"))).toBe("allow");
      expect(squidDecides(withOrigin, via("HEAD"))).toBe("allow");
      expect(squidDecides(withOrigin, via("POST"))).toBe("deny");
      expect(squidDecides(withOrigin, via("PUT"))).toBe("deny");
      expect(squidDecides(withOrigin, { method: "GET", host: "archive.mozilla.org", port: 80 })).toBe("deny"); // not via the origin port
      const lines = withOrigin.split("\n");
      expect(lines).toContain("http_port 8081 accel defaultsite=archive.mozilla.org no-vhost name=origin_archive");
      expect(lines).toContain("cache_peer archive.mozilla.org parent 443 0 no-query no-digest originserver tls name=peer_archive");
      expect(lines).toContain("cache_peer_access peer_archive allow via_archive");
      expect(lines).toContain("cache_peer_access peer_archive deny all");
      expect(lines).toContain("never_direct allow via_archive");
    });

    it("are refused when badly named, on a taken port, or for a host off the list", () => {
      expect(() => squidConfig(["archive.mozilla.org"], [{ ...origin, name: "Archive" }])).toThrow(/not a valid port name/);
      expect(() => squidConfig(["archive.mozilla.org"], [{ ...origin, name: "a-very-long-port-name" }])).toThrow(/not a valid port name/);
      expect(() => squidConfig(["archive.mozilla.org"], [{ ...origin, name: "archive-" }])).toThrow(/not a valid port name/);
      expect(() => squidConfig(["archive.mozilla.org"], [{ ...origin, port: EGRESS_PROXY.port }])).toThrow(/port 3128 is already used/);
      expect(() => squidConfig(["archive.mozilla.org"], [origin, { ...origin, name: "again" }])).toThrow(/port 8081 is already used/);
      expect(() => squidConfig(["storage.googleapis.com"], [origin])).toThrow(/archive\.mozilla\.org is not on the allow-list/);
      expect(squidConfig(["archive.mozilla.org"], [{ ...origin, name: "a" }])).toContain("name=origin_a");
      expect(squidConfig(["archive.mozilla.org"], [{ ...origin, name: "a1-b2-c3-d4-e5f" }])).toContain("name=origin_a1-b2-c3-d4-e5f");
    });
  });
});

describe("the egress proxy's workload", () => {
  it("runs squid unprivileged with the generated config, reachable through its Service", () => {
    const objects = egressProxyObjects({ namespace: "env-x", labels: { a: "b" }, allowHosts: ["b.example", "a.example"], image: "ubuntu/squid:test", replicas: 2, origins: [{ name: "archive", port: 8081, host: "a.example" }] });
    const pod = objects.deployment.spec!.template.spec!;
    const container = pod.containers[0];
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: EGRESS_PROXY.uid });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } });
    expect(container.image).toBe("ubuntu/squid:test");
    expect(container.command).toEqual(["squid", "-N", "-f", "/etc/squid-releng/squid.conf"]);
    expect(container.volumeMounts).toContainEqual({ name: "config", mountPath: "/etc/squid-releng", readOnly: true });
    expect(pod.volumes).toContainEqual({ name: "config", configMap: { name: objects.configMap.metadata!.name } });
    expect(objects.configMap.data!["squid.conf"]).toBe(squidConfig(["b.example", "a.example"], [{ name: "archive", port: 8081, host: "a.example" }]));
    expect(objects.configMap.data!["allow-hosts.txt"]).toBe("a.example\nb.example");
    expect(objects.deployment.spec!.replicas).toBe(2);
    expect(container.ports).toEqual([{ name: "proxy", containerPort: EGRESS_PROXY.port }, { name: "archive", containerPort: 8081 }]);
    expect(objects.service.spec!.ports).toEqual([{ name: "proxy", port: EGRESS_PROXY.port, targetPort: EGRESS_PROXY.port }, { name: "archive", port: 8081, targetPort: 8081 }]);
    // The NetworkPolicy that lets the proxy out selects it by this label; the Service selects the same pods.
    expect(objects.deployment.spec!.template.metadata!.labels).toMatchObject({ a: "b", [LABELS.role]: "egress-proxy" });
    expect(objects.deployment.spec!.selector.matchLabels).toEqual({ [LABELS.role]: "egress-proxy" });
    expect(objects.service.spec!.selector).toEqual({ [LABELS.role]: "egress-proxy" });
    for (const o of [objects.configMap, objects.deployment, objects.service]) expect(o.metadata!.namespace).toBe("env-x");
  });

  it("is what workloads' HTTPS_PROXY points at, with cluster and metadata traffic direct", () => {
    const env = Object.fromEntries(proxyEnv("env-x").map((e) => [e.name, e.value]));
    const url = `http://${EGRESS_PROXY.name}.env-x.svc.cluster.local:${EGRESS_PROXY.port}`;
    expect(env.HTTPS_PROXY).toBe(url);
    expect(env.https_proxy).toBe(url);
    for (const key of ["NO_PROXY", "no_proxy"]) expect((env[key] ?? "").split(",")).toEqual(expect.arrayContaining([".svc.cluster.local", "169.254.169.254", "metadata.google.internal", "localhost"]));
  });
});

describe("environmentObjects", () => {
  it("sends the base, the stack's and the services' hosts (lower case, once) to the proxy", () => {
    const config = envConfig({ egress: { allowHosts: ["hg.mozilla.org"] } });
    expect(egressHosts(environmentArgsOf(config, { hosts: ["Archive.Mozilla.org", "hg.mozilla.org"] }).egress.allowHosts)).toEqual(["archive.mozilla.org", "hg.mozilla.org"]);
    const objects = environmentObjects(environmentArgsOf(config, { hosts: ["archive.mozilla.org"], origins: [{ name: "archive", port: 8081, host: "archive.mozilla.org" }] }));
    expect(objects.egressProxy.configMap.data!["allow-hosts.txt"]).toBe("archive.mozilla.org\nhg.mozilla.org");
    expect(squidDecides(objects.egressProxy.configMap.data!["squid.conf"], connect("hg.mozilla.org"))).toBe("allow");
    expect(objects.egressProxy.configMap.data!["squid.conf"]).toContain("name=origin_archive");
    expect(objects.egressProxy.deployment.spec!.template.spec!.containers[0].image).toBe(EGRESS_PROXY.image);
    expect(objects.egressProxy.deployment.spec!.replicas).toBe(1);
    expect(objects.networkPolicies).toEqual(networkPolicyObjects(placementOf(config)));
  });

  it("takes the proxy image from config and scales it to zero while asleep", () => {
    const objects = environmentObjects(environmentArgsOf(envConfig({ egress: { proxyImage: "registry.example/squid:6" }, asleep: true })));
    expect(objects.egressProxy.deployment.spec!.template.spec!.containers[0].image).toBe("registry.example/squid:6");
    expect(objects.egressProxy.deployment.spec!.replicas).toBe(0);
  });

  it("labels the namespace for the holder and enforces the restricted Pod Security Standard", () => {
    const { namespace, resourceQuota, limitRange, holderRoleBinding } = environmentObjects(environmentArgsOf(envConfig({ quota: { requestsCpu: "4", pods: 20 }, containerLimits: { maxCpu: "3" } })));
    expect(namespace.metadata!.name).toBe("env-jane-fx150");
    expect(namespace.metadata!.labels).toMatchObject({
      "releng.mozilla.org/holder": "jane.doe_at_mozilla.com",
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
    });
    expect(namespace.metadata!.annotations).toMatchObject({ "releng.mozilla.org/purpose": "Staging release of Firefox 150.0b3" });
    expect(resourceQuota.metadata!.name).toBe("environment-quota");
    expect(resourceQuota.spec!.hard).toMatchObject({ "requests.cpu": "4", pods: "20" });
    expect(Object.keys(resourceQuota.spec!.hard!).sort()).toEqual(["limits.cpu", "limits.memory", "persistentvolumeclaims", "pods", "requests.cpu", "requests.memory", "requests.storage", "services"]);
    expect(limitRange.metadata!.name).toBe("container-defaults");
    expect(limitRange.spec!.limits[0]).toMatchObject({ type: "Container", max: { cpu: "3" } });
    expect(Object.keys(limitRange.spec!.limits[0]).sort()).toEqual(["default", "defaultRequest", "max", "type"]);
    // The holder may edit their namespace, and nothing more.
    expect(holderRoleBinding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" });
    expect(holderRoleBinding.subjects).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "jane.doe@mozilla.com" }]);
    expect(holderRoleBinding.metadata!.namespace).toBe("env-jane-fx150");
  });
});
