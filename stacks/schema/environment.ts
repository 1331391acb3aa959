// Config of an `environment` stack: one library checkout, one namespace.
import { z } from "zod";
import { DEFAULT_CONTAINER_LIMITS, DEFAULT_QUOTA, MAX_ENV_NAME } from "../../catalog/environment";
import { dnsLabel, email, freeText, isoDate, kubernetesTarget } from "./common";
import { fallbacksSchema } from "./fallbacks";
import { servicesSchema } from "./services";

/** Kubernetes quantity such as `500m`, `2`, `16Gi`. */
const quantity = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((s) => /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.test(s), "must be a Kubernetes quantity like 500m, 2, 512Mi or 16Gi");

const hostname = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .refine(
    (s) => /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/.test(s),
    "must be a bare host name like archive.mozilla.org (no scheme, port, path or wildcard)",
  );

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
    quota: quotaSchema.default(() => quotaSchema.parse({})),
    containerLimits: containerLimitsSchema.default(() => containerLimitsSchema.parse({})),
    egress: egressSchema.default(() => egressSchema.parse({})),
    /** Endpoints a staging release uses for services not checked out (stacks/schema/fallbacks.ts). */
    fallbacks: fallbacksSchema.default(() => fallbacksSchema.parse({})),
  })
  .strict();

