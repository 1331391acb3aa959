// Config of an `environment` stack: one library checkout, one namespace.
import { z } from "zod";
import { IN_CLUSTER_SERVICES } from "../../catalog/endpoints";
import { BALROG_SECRET_PATHS } from "../../catalog/balrog";
import { ENV_POOL_SCRIPTS, ENV_POOL_SERVICE, ENV_POOL_STACK_SECRETS, type EnvPoolScript } from "../../catalog/envPools";
import { SHIPIT_SECRET_PATHS } from "../../catalog/shipit";
import { envWorkerType } from "../../domain/pools/envNames";
import { DEFAULT_CONTAINER_LIMITS, DEFAULT_QUOTA, ENV_STACK_PREFIX, MAX_ENV_NAME } from "../../catalog/environment";
import { dnsLabel, email, freeText, hostNameField, isoDate, kubernetesTarget } from "./common";
import { fallbacksSchema } from "./fallbacks";
import { servicesSchema } from "./services";

/** Kubernetes quantity such as `500m`, `2`, `16Gi`. */
const quantity = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((s) => /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.test(s), "must be a Kubernetes quantity like 500m, 2, 512Mi or 16Gi");

const hostname = hostNameField("archive.mozilla.org");

export const quotaSchema = z
  .object({
    requestsCpu: quantity.default(DEFAULT_QUOTA.requestsCpu),
    requestsMemory: quantity.default(DEFAULT_QUOTA.requestsMemory),
    limitsCpu: quantity.default(DEFAULT_QUOTA.limitsCpu),
    limitsMemory: quantity.default(DEFAULT_QUOTA.limitsMemory),
    requestsStorage: quantity.default(DEFAULT_QUOTA.requestsStorage),
    persistentVolumeClaims: z.number().int().positive().default(DEFAULT_QUOTA.persistentVolumeClaims),
    pods: z.number().int().positive().default(DEFAULT_QUOTA.pods),
    services: z.number().int().positive().default(DEFAULT_QUOTA.services),
  })
  .strict();

export const containerLimitsSchema = z
  .object({
    defaultRequestCpu: quantity.default(DEFAULT_CONTAINER_LIMITS.defaultRequestCpu),
    defaultRequestMemory: quantity.default(DEFAULT_CONTAINER_LIMITS.defaultRequestMemory),
    defaultLimitCpu: quantity.default(DEFAULT_CONTAINER_LIMITS.defaultLimitCpu),
    defaultLimitMemory: quantity.default(DEFAULT_CONTAINER_LIMITS.defaultLimitMemory),
    maxCpu: quantity.default(DEFAULT_CONTAINER_LIMITS.maxCpu),
    maxMemory: quantity.default(DEFAULT_CONTAINER_LIMITS.maxMemory),
  })
  .strict();

export const egressSchema = z
  .object({
    /** Extra HTTPS hosts the environment may reach through its egress proxy (read-only production hosts). */
    allowHosts: z.array(hostname).default([]),
    proxyImage: z.string().min(1).optional(),
  })
  .strict();

/**
 * How the environment's services are published over HTTPS as `<service>.<env>.<domain>` (issue #15).
 * On the gke target the platform stack decides (its DNS zone, Google-managed certificates), so only
 * the render and kubeconfig targets take a domain, an ingress class and a cert-manager issuer here.
 */
export const ingressSchema = z
  .object({
    /** Base domain; a wildcard DNS record `*.<env>.<domain>` must point at the ingress controller. */
    domain: hostname.optional(),
    /** IngressClass of the cluster's controller. */
    className: dnsLabel(63).default("nginx"),
    /** cert-manager ClusterIssuer that signs each host's certificate (annotation cert-manager.io/cluster-issuer). */
    clusterIssuer: dnsLabel(63).optional(),
    /** Namespace of the ingress controller's pods: the only pods the NetworkPolicy admits to serving ports. */
    controllerNamespace: dnsLabel(63).default("ingress-nginx"),
  })
  .strict();

/** Longest host name the environment publishes (RFC 1035: 253 characters). */
const MAX_HOST = 253;
const LONGEST_SERVICE = Math.max(...Object.values(IN_CLUSTER_SERVICES).map((s) => s.length));

/** Each env pool needs the service it talks to checked out (raw values, every problem at once). */
export function envPoolProblems(values: Record<string, unknown>): { key: string; problem: string; fix: string }[] {
  const pools = Array.isArray(values.pools) ? values.pools : [];
  const services = values.services && typeof values.services === "object" ? (Array.isArray(values.services) ? values.services : Object.keys(values.services)) : [];
  return pools.flatMap((p, i) => {
    const needs = ENV_POOL_SERVICE[p as keyof typeof ENV_POOL_SERVICE];
    if (!needs || services.includes(needs)) return [];
    return [{ key: `releng-envs:pools[${i}]`, problem: `is ${p}, whose pool works against the environment's own ${needs}, which is not checked out`, fix: `add ${needs} to releng-envs:services, or remove ${p} from releng-envs:pools` }];
  });
}

/**
 * The secrets an environment stack may hold (`releng-envs:secrets.<path>`), an allow-list: what its
 * checked-out services read (Balrog's keys, Ship-it's Taskcluster and Auth0 client) and what its own
 * pools need under their worker types. Anything else (a production credential, a key under a name
 * nothing reads, a pool that is not the environment's) is refused: an environment is never a place
 * to park a secret.
 */
function environmentSecretPaths(values: Record<string, unknown>): string[] {
  // Services as a map or in the list shorthand (`services: [balrog, shipit]`).
  const raw = values.services;
  const checkedOut = (s: string) => (Array.isArray(raw) ? raw.includes(s) : !!raw && typeof raw === "object" && (raw as Record<string, unknown>)[s] !== undefined);
  const name = typeof values.name === "string" ? values.name : "";
  const pools = (Array.isArray(values.pools) ? values.pools : []).filter((p): p is EnvPoolScript => (ENV_POOL_SCRIPTS as readonly unknown[]).includes(p));
  return [
    ...(checkedOut("balrog") ? Object.values(BALROG_SECRET_PATHS) : []),
    ...(checkedOut("shipit") ? Object.values(SHIPIT_SECRET_PATHS) : []),
    ...pools.flatMap((script) => ENV_POOL_STACK_SECRETS[script].map((n) => `pools.${envWorkerType(script, name)}.${n}`)),
  ];
}

export function environmentSecretProblems(values: Record<string, unknown>, secretNames: readonly string[]): { key: string; problem: string; fix: string }[] {
  const allowed = environmentSecretPaths(values);
  const stack = typeof values.name === "string" ? `${ENV_STACK_PREFIX}${values.name}` : "<stack>";
  return secretNames
    .filter((path) => !allowed.includes(path))
    .map((path) => ({
      key: `releng-envs:secrets.${path}`,
      problem: "is not a secret this environment's services or pools read (environments hold only those; never a production credential)",
      fix: `remove it: pulumi config rm --path 'releng-envs:secrets.${path}' -s ${stack}${allowed.length > 0 ? ` (this environment may hold: ${allowed.join(", ")})` : ""}`,
    }));
}

/** Checks across `ingress` and `kubernetes` (run on the raw values, so every problem is reported at once). */
export function ingressProblems(values: Record<string, unknown>): { key: string; problem: string; fix: string }[] {
  const ingress = ingressSchema.safeParse(values.ingress);
  const target = kubernetesTarget.safeParse(values.kubernetes ?? { target: "render" });
  if (values.ingress === undefined || !ingress.success || !target.success) return [];
  const name = typeof values.name === "string" ? values.name : "";
  if (target.data.target === "gke") {
    const keys = (["domain", "className", "clusterIssuer", "controllerNamespace"] as const).filter((k) => (values.ingress as Record<string, unknown>)[k] !== undefined);
    return keys.map((k) => ({
      key: `releng-envs:ingress.${k}`,
      problem: "is set, but on the gke target the platform stack publishes the environment (its DNS zone, a GKE Ingress with Google-managed certificates)",
      fix: "remove releng-envs:ingress; set the domain as releng-envs:dns.domain in the platform stack (docs/platform.md)",
    }));
  }
  if (!ingress.data.domain) {
    return [{ key: "releng-envs:ingress.domain", problem: "is required for the render and kubeconfig targets", fix: "set the base domain whose wildcard *.<env>.<domain> points at your ingress controller: pulumi config set --path releng-envs:ingress.domain envs.example.org" }];
  }
  const longest = LONGEST_SERVICE + name.length + ingress.data.domain.length + 2;
  return longest > MAX_HOST
    ? [{ key: "releng-envs:ingress.domain", problem: `makes host names of ${longest} characters; DNS allows ${MAX_HOST}`, fix: "use a shorter base domain" }]
    : [];
}

export const environmentSchema = z
  .object({
    kind: z.literal("environment"),
    name: dnsLabel(MAX_ENV_NAME),
    holder: email,
    purpose: freeText("a sentence saying what the environment is for"),
    due: isoDate,
    /** When the environment was checked out (or last renewed); written by `releng-envs checkout`/`renew`. */
    checkedOut: isoDate.optional(),
    /**
     * A sample stack documents the format: it is evaluated as of its `checkedOut` date (so it never
     * goes stale in CI) and `pulumi up` refuses it. Check out your own with `npx releng-envs checkout`.
     */
    sample: z.boolean({ error: "expected true or false" }).default(false),
    /** Project-wide maximum (Pulumi.yaml), overridable per stack only downwards by policy. */
    maxDueDays: z.number().int().min(1).max(365).default(30),
    asleep: z.boolean({ error: "expected true or false" }).default(false),
    services: servicesSchema,
    kubernetes: kubernetesTarget.default({ target: "render" }),
    /**
     * The environment's own dep scriptworkers (issue #15), in its namespace, pointed at its services:
     * a subset of balrog, beetmover, bouncer, shipit. Each needs its service checked out.
     */
    pools: z
      .array(z.enum(ENV_POOL_SCRIPTS, { error: `each entry must be one of: ${ENV_POOL_SCRIPTS.join(", ")} (env pools are dep pools of these scripts only)` }))
      .refine((p) => new Set(p).size === p.length, "lists a pool twice")
      .default([]),
    /** HTTPS publication of the services (render/kubeconfig targets; gke takes it from the platform). */
    ingress: ingressSchema.optional(),
    quota: quotaSchema.default(() => quotaSchema.parse({})),
    containerLimits: containerLimitsSchema.default(() => containerLimitsSchema.parse({})),
    egress: egressSchema.default(() => egressSchema.parse({})),
    /** Endpoints a staging release uses for services not checked out (stacks/schema/fallbacks.ts). */
    fallbacks: fallbacksSchema.default(() => fallbacksSchema.parse({})),
  })
  .strict();

