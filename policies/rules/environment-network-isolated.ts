// An environment's pods reach the outside only along its known paths: DNS to kube-dns, its own
// namespace, HTTPS through the egress proxy (which allow-lists hosts), the GKE metadata server for
// pods acting as the environment's GCP account, and the API server for Balrog's seed job. Every
// NetworkPolicy egress rule of an environment must be one of those paths (generated allow-list), and
// a default deny for all pods must be in place; `egress: [{}]` or a rule without `to` opens everything.
import { CATALOG } from "../generated/catalog";
import { kubeKind, metaOf, type ResourceLike } from "../lib/k8s";
import { docsUrl, type RelengStackPolicy } from "../lib/policy";
import { findings } from "../lib/report";
import { stackNameOf } from "../lib/model";

const NAME = "environment-network-isolated";
const E = CATALOG.environmentEgress;

/** An empty label selector, which selects every pod: absent, null, `{}`, or only empty parts (`matchLabels: {}` or null, `matchExpressions: []`). */
const isEmpty = (x: unknown) =>
  x === undefined || x === null || (typeof x === "object" && Object.values(x as object).every((v) => v === undefined || v === null || (typeof v === "object" && Object.keys(v).length === 0)));
const labelsOf = (selector: any): Record<string, string> => (selector && typeof selector.matchLabels === "object" && selector.matchLabels) || {};
const sameLabels = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
const portsOf = (rule: any): { port: number; protocol: string }[] | undefined =>
  Array.isArray(rule?.ports) && rule.ports.length > 0 ? rule.ports.map((p: any) => ({ port: Number(p?.port), protocol: String(p?.protocol ?? "TCP").toUpperCase() })) : undefined;

function inPrivateRanges(cidr: string): boolean {
  const toInt = (ip: string) => ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
  const [ip, bits] = cidr.split("/");
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip ?? "") || !/^\d+$/.test(bits ?? "")) return false;
  return (E.privateRanges as readonly string[]).some((r) => {
    const [rip, rbits] = r.split("/");
    const n = Number(rbits);
    if (Number(bits) < n) return false;
    const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
    return ((toInt(ip) & mask) >>> 0) === ((toInt(rip) & mask) >>> 0);
  });
}

/** Why one egress rule of a policy selecting `podLabels` is not a known path, or undefined. */
function egressProblem(rule: any, podLabels: Record<string, string>): string | undefined {
  const to = Array.isArray(rule?.to) ? rule.to : [];
  if (to.length === 0) return "an egress rule without `to` allows every destination";
  const ports = portsOf(rule);
  for (const peer of to) {
    if (peer?.ipBlock) {
      const cidr = String(peer.ipBlock.cidr ?? "");
      const only = (allowed: readonly number[]) => !!ports && ports.every((p) => p.protocol === "TCP" && allowed.includes(p.port));
      if (cidr === "0.0.0.0/0") {
        const except: string[] = Array.isArray(peer.ipBlock.except) ? peer.ipBlock.except : [];
        if (!sameLabels(podLabels, { [CATALOG.labels.role]: E.proxyRole })) return `only the egress proxy may reach ${cidr}`;
        if (!only(E.proxyPorts)) return `the egress proxy may reach the internet on ${E.proxyPorts.join(", ")}/TCP only`;
        if (!(E.privateRanges as readonly string[]).every((r) => except.includes(r))) return "the egress proxy's internet rule must exclude every private range";
      } else if (cidr === E.metadataServer.cidr) {
        if (!sameLabels(podLabels, { [CATALOG.labels.gcpAccess]: "true" }) || !only(E.metadataServer.ports)) return `only pods acting as the environment's GCP account may reach the metadata server, on ${E.metadataServer.ports.join(", ")}/TCP`;
      } else if (inPrivateRanges(cidr)) {
        if (!sameLabels(podLabels, { [CATALOG.labels.role]: E.apiServer.role }) || !only(E.apiServer.ports)) return `only the ${E.apiServer.role} job may reach ${cidr}, on ${E.apiServer.ports.join(", ")}/TCP`;
      } else return `egress to ${cidr} is not a known path of an environment`;
    } else if (peer?.namespaceSelector !== undefined) {
      const isDns = sameLabels(labelsOf(peer.namespaceSelector), { "kubernetes.io/metadata.name": E.dns.namespace }) && sameLabels(labelsOf(peer.podSelector), E.dns.podLabels);
      if (!isDns) return "egress to another namespace is not a known path of an environment (only kube-dns)";
      if (!ports || !ports.every((p) => p.port === E.dns.port && (p.protocol === "UDP" || p.protocol === "TCP"))) return `DNS egress must be port ${E.dns.port} only`;
    } else if (peer?.podSelector === undefined) return "an egress peer without a selector allows every destination";
  }
  return undefined;
}

export const environmentNetworkIsolated: RelengStackPolicy = {
  name: NAME,
  description: "An environment denies all traffic by default and its NetworkPolicies allow egress only along its known paths (DNS, its namespace, the egress proxy, GKE metadata, the seed job's API server).",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "environments", "network"],
  url: docsUrl(NAME),
  remediationSteps:
    "Keep the default-deny-all NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules) and send outbound traffic through the " +
    "egress proxy; add a production host to the proxy's allow-list (releng-envs:egress.allowHosts) instead of opening egress.",
  validateStack: (args, reportViolation) => {
    const found = findings(reportViolation);
    const stack = args.resources.map((r) => stackNameOf(r.urn)).find(Boolean) ?? "";
    const policies = args.resources.filter((r) => kubeKind(r.type) === "NetworkPolicy" && (metaOf(r.props).namespace.startsWith("env-") || stack.startsWith("env-")));
    const namespaces = new Set<string>(args.resources.filter((r) => kubeKind(r.type) === "Namespace" && (metaOf(r.props).name.startsWith("env-") || stack.startsWith("env-"))).map((r) => metaOf(r.props).name));
    for (const p of policies) namespaces.add(metaOf(p.props).namespace);
    for (const ns of namespaces) {
      const mine = policies.filter((p) => metaOf(p.props).namespace === ns);
      const denyAll = mine.some((p) => {
        const s = p.props?.spec ?? {};
        const types: string[] = Array.isArray(s.policyTypes) ? s.policyTypes : [];
        return isEmpty(s.podSelector) && types.includes("Ingress") && types.includes("Egress") && (s.ingress ?? []).length === 0 && (s.egress ?? []).length === 0;
      });
      const anchor: ResourceLike | undefined = args.resources.find((r) => kubeKind(r.type) === "Namespace" && metaOf(r.props).name === ns) ?? mine[0];
      if (!denyAll && anchor) found(anchor, `namespace ${ns}`, "has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)");
    }
    for (const p of policies) {
      const s = p.props?.spec ?? {};
      const podLabels = labelsOf(s.podSelector);
      (Array.isArray(s.egress) ? s.egress : []).forEach((rule: unknown, i: number) => {
        const problem = egressProblem(rule, podLabels);
        if (problem) found(p, `spec.egress[${i}]`, problem);
      });
    }
  },
};
