// Config of a `platform` stack: the GCP ground (GKE, identities, buckets, registry, DNS, KMS).
// Cross-field rules (what may share a cluster, ranges that must not overlap, a node pool for every
// hosted workload) run in superRefine so one run reports every problem with its fix.
import { z } from "zod";
import { CLUSTER_TIERS, NO_SPOT, NODE_POOL_RUNS, WORKLOADS, type Workload } from "../../catalog/platform";

/** GCP project id: 6–30 chars, lower-case letters, digits, hyphens, starting with a letter. */
export const GCP_PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

function rfc1035(what: string, max: number) {
  return z
    .string({ error: `expected ${what}` })
    .max(max, `must be at most ${max} characters`)
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must start with a lower-case letter and hold only lower-case letters, digits and '-' (not ending in '-')");
}

/** IPv4 CIDR whose address is the start of its block, e.g. 10.20.0.0/14. */
export interface Cidr {
  start: number;
  prefix: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const start = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (start % size !== 0) return undefined;
  return { start, prefix };
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const aEnd = a.start + 2 ** (32 - a.prefix);
  const bEnd = b.start + 2 ** (32 - b.prefix);
  return a.start < bEnd && b.start < aEnd;
}

const cidr = z
  .string({ error: "expected an IPv4 range like 10.20.0.0/14" })
  .refine((s) => parseCidr(s) !== undefined, "must be an IPv4 range like 10.20.0.0/14 whose address is the first of the block");

const iamMember = z
  .string({ error: "expected an IAM member like group:releng@mozilla.com" })
  .regex(/^(user|group|serviceAccount|domain):[^\s]+$/, "must be an IAM member: user:, group:, serviceAccount: or domain: followed by the identity");

export const nodePoolSchema = z
  .object({
    /** GKE node pool name; defaults to what it runs. */
    name: rfc1035("a node pool name", 40).optional(),
    runs: z.enum(NODE_POOL_RUNS, { error: `runs must be one of: ${NODE_POOL_RUNS.join(", ")}` }),
    machineType: z
      .string({ error: "expected a machine type like e2-standard-4" })
      .regex(/^[a-z][a-z0-9]*-[a-z0-9-]+$/, "must be a Compute Engine machine type like e2-standard-4")
      .default("e2-standard-4"),
    minNodes: z.number({ error: "expected a whole number" }).int().min(0).max(1000).default(0),
    maxNodes: z.number({ error: "expected a whole number" }).int().min(1).max(1000).default(3),
    /** Spot VMs: cheaper, reclaimed at any time. Never for prod or dep pools. */
    spot: z.boolean({ error: "expected true or false" }).default(false),
    diskSizeGb: z.number({ error: "expected a whole number of GB" }).int().min(10).max(65536).default(100),
  })
  .strict();

export const platformSchema = z
  .object({
    kind: z.literal("platform"),
    /** Project-wide (Pulumi.yaml default, applied to every stack); environments use it, the platform does not. */
    maxDueDays: z.number().int().min(1).max(365).optional(),
    gcp: z
      .object({
        project: z.string({ error: "expected a GCP project id" }).regex(GCP_PROJECT_ID, "must be a GCP project id: 6–30 lower-case letters, digits and '-', starting with a letter"),
        region: z.string({ error: "expected a GCP region like us-central1" }).regex(/^[a-z]+-[a-z]+\d+$/, "must be a GCP region like us-central1"),
      })
      .strict(),
    /** Which workloads this cluster hosts: [prod-pools, dep-pools] or [dev-pools, environments] (or a subset). */
    hosts: z
      .array(z.enum(WORKLOADS, { error: `each entry must be one of: ${WORKLOADS.join(", ")}` }), { error: "expected a list of workloads" })
      .min(1, "must name at least one workload"),
    network: z
      .object({
        name: rfc1035("a VPC network name", 63).optional(),
        nodesCidr: cidr,
        podsCidr: cidr,
        servicesCidr: cidr,
        /** The GKE control plane's private range; GKE requires a /28. */
        controlPlaneCidr: cidr.refine((s) => parseCidr(s)?.prefix === 28, "must be a /28 (GKE's control-plane range size)"),
        /** Who may reach the control plane's public endpoint; empty = no restriction beyond IAM. */
        authorizedNetworks: z
          .array(z.object({ name: z.string().min(1), cidr }).strict())
          .default([]),
      })
      .strict(),
    cluster: z
      .object({
        name: rfc1035("a cluster name", 40).optional(),
        releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"], { error: "releaseChannel must be RAPID, REGULAR or STABLE" }).default("REGULAR"),
        /** Refuse `pulumi destroy` of the cluster until set to false (GKE's own deletion protection). */
        deletionProtection: z.boolean({ error: "expected true or false" }).default(true),
        nodePools: z.array(nodePoolSchema, { error: "expected a list of node pools" }).min(1, "must list at least one node pool"),
      })
      .strict(),
    /** A public Cloud DNS zone for environment host names, e.g. `envs.releng.example.org`. */
    dns: z
      .object({
        domain: z
          .string({ error: "expected a DNS domain" })
          .transform((s) => s.trim().toLowerCase().replace(/\.$/, ""))
          .refine((s) => /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/.test(s), "must be a DNS domain like envs.releng.example.org"),
        zoneName: rfc1035("a Cloud DNS zone name", 63).optional(),
      })
      .strict()
      .optional(),
    registryMirror: z
      .object({ repository: rfc1035("an Artifact Registry repository id", 63).default("dockerhub") })
      .strict()
      .default({ repository: "dockerhub" }),
    kms: z
      .object({
        keyRing: z.string().regex(/^[a-zA-Z0-9_-]{1,63}$/, "must be 1–63 letters, digits, '_' or '-'").default("releng-envs"),
        key: z.string().regex(/^[a-zA-Z0-9_-]{1,63}$/, "must be 1–63 letters, digits, '_' or '-'").default("pulumi-secrets"),
        /** Who may encrypt and decrypt stack secrets with the key (on the key only). */
        users: z.array(iamMember).default([]),
      })
      .strict()
      .default({ keyRing: "releng-envs", key: "pulumi-secrets", users: [] }),
    buckets: z
      .object({
        /** Prefix of every environment bucket; the project id (globally unique) by default. */
        prefix: z
          .string()
          .regex(/^[a-z0-9][-a-z0-9]{1,28}[a-z0-9]$/, "must be 3–30 lower-case letters, digits and '-', starting and ending with a letter or digit")
          .refine((s) => !s.startsWith("goog") && !s.includes("google"), "must not start with 'goog' or contain 'google' (GCS refuses such bucket names)")
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const hosts = new Set<Workload>(c.hosts);
    const prodSide = c.hosts.filter((w) => (CLUSTER_TIERS.prod as readonly Workload[]).includes(w));
    const nonprodSide = c.hosts.filter((w) => (CLUSTER_TIERS.nonprod as readonly Workload[]).includes(w));
    if (prodSide.length > 0 && nonprodSide.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["hosts"],
        message: `puts ${prodSide.join(", ")} and ${nonprodSide.join(", ")} in one cluster; prod and dep pools never share a cluster with dev pools or environments`,
        params: { fix: "split them: hosts: [prod-pools, dep-pools] in platform-prod, hosts: [dev-pools, environments] in platform-nonprod" },
      });
    }
    const names = new Map<string, number>();
    c.cluster.nodePools.forEach((p, i) => {
      const name = p.name ?? p.runs;
      if (names.has(name)) {
        ctx.addIssue({ code: "custom", path: ["cluster", "nodePools", i, "name"], message: `'${name}' is already the name of node pool ${names.get(name)}`, params: { fix: "give each node pool its own name (it defaults to its runs value)" } });
      }
      names.set(name, i);
      if (p.runs !== "system" && !hosts.has(p.runs)) {
        ctx.addIssue({ code: "custom", path: ["cluster", "nodePools", i, "runs"], message: `is '${p.runs}', which this cluster does not host (hosts: ${c.hosts.join(", ")})`, params: { fix: `add ${p.runs} to releng-envs:hosts, or remove the node pool` } });
      }
      if (p.spot && p.runs !== "system" && NO_SPOT.includes(p.runs)) {
        ctx.addIssue({ code: "custom", path: ["cluster", "nodePools", i, "spot"], message: `spot nodes are reclaimed at any time, killing running ${p.runs} tasks`, params: { fix: "set spot: false for prod-pools and dep-pools node pools" } });
      }
      if (p.minNodes > p.maxNodes) {
        ctx.addIssue({ code: "custom", path: ["cluster", "nodePools", i, "minNodes"], message: `${p.minNodes} is more than maxNodes ${p.maxNodes}`, params: { fix: "set minNodes ≤ maxNodes" } });
      }
    });
    if (!c.cluster.nodePools.some((p) => p.runs === "system")) {
      ctx.addIssue({ code: "custom", path: ["cluster", "nodePools"], message: "has no node pool with runs: system; every other pool is tainted, so kube-system pods would have nowhere to run", params: { fix: "add a small node pool: {runs: system, machineType: e2-standard-2, minNodes: 1, maxNodes: 3}" } });
    }
    for (const w of c.hosts) {
      if (!c.cluster.nodePools.some((p) => p.runs === w)) {
        ctx.addIssue({ code: "custom", path: ["cluster", "nodePools"], message: `has no node pool for ${w}, which the cluster hosts`, params: { fix: `add a node pool with runs: ${w}, or remove ${w} from releng-envs:hosts` } });
      }
    }
    const ranges = (["nodesCidr", "podsCidr", "servicesCidr", "controlPlaneCidr"] as const).map((k) => [k, parseCidr(c.network[k])] as const);
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        const [ka, a] = ranges[i];
        const [kb, b] = ranges[j];
        if (a && b && cidrsOverlap(a, b)) {
          ctx.addIssue({ code: "custom", path: ["network", kb], message: `${c.network[kb]} overlaps ${ka} ${c.network[ka]}`, params: { fix: "give nodes, pods, services and the control plane disjoint ranges" } });
        }
      }
    }
  });
export type PlatformConfig = z.infer<typeof platformSchema>;

/** Fixes for the platform keys, by top-level key (stacks/load.ts appends them to its own). */
export const PLATFORM_FIXES: Record<string, (stack: string) => string> = {
  gcp: (s) => `set the GCP project and region: pulumi config set --path releng-envs:gcp.project my-project -s ${s}; pulumi config set --path releng-envs:gcp.region us-central1 -s ${s}`,
  hosts: () => `list what the cluster hosts: [prod-pools, dep-pools] (platform-prod) or [dev-pools, environments] (platform-nonprod)`,
  network: () => `give network.nodesCidr, podsCidr, servicesCidr and controlPlaneCidr (a /28) as disjoint IPv4 ranges; see docs/config.md`,
  cluster: () => `cluster.nodePools lists node pools {runs, machineType, minNodes, maxNodes, spot, diskSizeGb}; releaseChannel is RAPID, REGULAR or STABLE; see docs/config.md`,
  dns: () => `dns.domain is the zone's domain, e.g. envs.releng.example.org; remove dns for no zone`,
  registryMirror: () => `registryMirror.repository is an Artifact Registry repository id such as dockerhub`,
  kms: () => `kms.keyRing and kms.key name the key for gcpkms:// secrets; kms.users lists IAM members like group:releng@mozilla.com`,
  buckets: () => `buckets.prefix is 3–30 lower-case letters, digits and '-' (default: the project id), without 'google'`,
};
