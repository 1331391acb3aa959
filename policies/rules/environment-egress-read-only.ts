// An environment leaves the cluster only through its egress proxy, and only towards production
// hosts it may read (components/env/egressProxy.ts writes the list twice: allow-hosts.txt and
// squid.conf `dstdomain`; both are checked so an edited squid.conf cannot widen it quietly).
import { DEFAULTS, LABEL_KEYS } from "../defaults";
import { hostLines, normalizeHost } from "../lib/hosts";
import { kubeKind, metaOf } from "../lib/k8s";
import { configOf, docsUrl, stringList, type RelengResourcePolicy } from "../lib/policy";
import { stackNameOf } from "../lib/model";

const NAME = "environment-egress-read-only";
const defaults = { readOnlyProductionHosts: [...DEFAULTS.readOnlyProductionHosts] };

export const EGRESS_CONFIGMAP = "egress-proxy-config";

export const environmentEgressReadOnly: RelengResourcePolicy = {
  name: NAME,
  description: "An environment's egress allow-list holds only read-only production hosts.",
  severity: "high",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "environments", "network"],
  url: docsUrl(NAME),
  remediationSteps:
    "Remove the host from releng-envs:egress.allowHosts (or from the service's egress hosts). If it is a production host the " +
    "environment may only read, ask SRE to add it to readOnlyProductionHosts in the policy config (and to catalog/trust.ts).",
  configSchema: { properties: { readOnlyProductionHosts: stringList("Production hosts an environment may reach through its egress proxy.", defaults.readOnlyProductionHosts) } },
  validateResource: (args, reportViolation) => {
    if (kubeKind(args.type) !== "ConfigMap") return;
    const meta = metaOf(args.props);
    const data = args.props?.data ?? {};
    const inEnvironment =
      meta.labels[LABEL_KEYS.kind] === "environment" || meta.namespace.startsWith("env-") || stackNameOf(args.urn).startsWith("env-") || meta.name === EGRESS_CONFIGMAP;
    if (!inEnvironment) return;
    const lists: [string, string[]][] = [];
    if (typeof data["allow-hosts.txt"] === "string") lists.push(["allow-hosts.txt", hostLines(data["allow-hosts.txt"])]);
    if (typeof data["squid.conf"] === "string") {
      const hosts = [...data["squid.conf"].matchAll(/^\s*acl\s+\S+\s+dstdomain\s+(.+)$/gim)].flatMap((m) => m[1].split(/\s+/).filter(Boolean).map((h) => normalizeHost(h.replace(/^\./, ""))));
      lists.push(["squid.conf dstdomain", hosts]);
    }
    if (lists.length === 0) return;
    const cfg = configOf(defaults, args);
    const allowed = new Set(cfg.readOnlyProductionHosts.map(normalizeHost));
    for (const [where, hosts] of lists) {
      for (const host of new Set(hosts)) {
        if (!allowed.has(host)) reportViolation(`ConfigMap ${meta.namespace}/${meta.name} [${where}]: ${host} is not a read-only production host (allowed: ${[...allowed].join(", ")})`);
      }
    }
  },
};
