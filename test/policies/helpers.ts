// Synthetic resources and a harness that calls a policy the way @pulumi/policy's server does
// (validateResource per resource, validateStack with every resource), without a server.
import type { ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { isStackPolicy, type RelengPolicy } from "../../policies/lib/policy";
import { environmentObjects } from "../../components/env/builders";
import { poolNamespaceObject, poolObjects } from "../../components/pools/builders";
import { resolvePool } from "../../components/pools/resolve";
import { environmentArgsOf } from "../../program/placement";
import type { KubeObject } from "../../components/k8s/declare";
import { parseStackConfig, type EnvironmentStack, type PoolsStack } from "../../stacks/load";
import { envRaw, TODAY } from "../helpers";
import { poolsRaw } from "../poolsHelpers";

export interface Res {
  type: string;
  name: string;
  urn: string;
  props: Record<string, any>;
}

const TYPES: Record<string, string> = {
  Namespace: "kubernetes:core/v1:Namespace",
  Secret: "kubernetes:core/v1:Secret",
  ConfigMap: "kubernetes:core/v1:ConfigMap",
  Deployment: "kubernetes:apps/v1:Deployment",
  StatefulSet: "kubernetes:apps/v1:StatefulSet",
  Job: "kubernetes:batch/v1:Job",
  CronJob: "kubernetes:batch/v1:CronJob",
  Pod: "kubernetes:core/v1:Pod",
};

export function kube(stack: string, kind: string, props: Record<string, any>): Res {
  const type = TYPES[kind];
  const name = `${kind.toLowerCase()}-${props.metadata?.name ?? "x"}`;
  return { type, name, urn: `urn:pulumi:${stack}::releng-envs::${type}::${name}`, props: { apiVersion: "v1", kind, ...props } };
}

/** Run a policy over a stack's resources; returns every violation message. */
export async function run(policy: RelengPolicy, resources: Res[], config: Record<string, unknown> = {}): Promise<string[]> {
  const messages: string[] = [];
  const report = (m: string) => void messages.push(m);
  const getConfig = <T extends object>() => config as T;
  const notApplicable = (reason?: string): never => {
    throw new Error(`notApplicable ${reason}`);
  };
  if (isStackPolicy(policy)) {
    const args = { resources: resources.map((r) => ({ ...r, opts: {}, dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined })), getConfig, stackTags: new Map(), notApplicable } as unknown as StackValidationArgs;
    await policy.validateStack(args, report);
  } else {
    for (const r of resources) {
      const args = { ...r, opts: {}, stackTags: new Map(), isType: () => false, asType: () => undefined, getConfig, notApplicable } as unknown as ResourceValidationArgs;
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const v of validations) await v(args, report);
    }
  }
  return messages;
}

export const DIGEST = `@sha256:${"a".repeat(64)}`;
export const SAFE_SC = { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } };
export const RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "1Gi" } };

export function container(over: Record<string, any> = {}): Record<string, any> {
  return {
    name: "app",
    image: "mozilla/balrog:v3.80",
    ports: [{ name: "http", containerPort: 8080 }],
    securityContext: SAFE_SC,
    resources: RESOURCES,
    readinessProbe: { httpGet: { path: "/__heartbeat__", port: 8080 } },
    livenessProbe: { httpGet: { path: "/__lbheartbeat__", port: 8080 } },
    ...over,
  };
}

export function deployment(stack: string, name: string, namespace: string, labels: Record<string, string>, containers: Record<string, any>[], podSpec: Record<string, any> = {}): Res {
  return kube(stack, "Deployment", {
    apiVersion: "apps/v1",
    metadata: { name, namespace, labels },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { ...labels, app: name } }, spec: { securityContext: { runAsNonRoot: true, runAsUser: 10001 }, containers, ...podSpec } } },
  });
}

export function secret(stack: string, name: string, namespace: string, keys: string[], labels: Record<string, string> = {}, field: "stringData" | "data" = "stringData"): Res {
  return kube(stack, "Secret", { metadata: { name, namespace, labels }, [field]: Object.fromEntries(keys.map((k) => [k, "[secret]"])) });
}

export function configMap(stack: string, name: string, namespace: string, data: Record<string, string>, labels: Record<string, string> = {}): Res {
  return kube(stack, "ConfigMap", { metadata: { name, namespace, labels }, data });
}

export type Level = "prod" | "dep" | "dev";
const ENV_OF: Record<Level, string> = { prod: "prod", dep: "fake-prod", dev: "dev" };

export function poolLabels(level: Level, workerLevel: string, script: string, workerType: string): Record<string, string> {
  return {
    "releng.mozilla.org/stack-kind": "pools",
    "releng.mozilla.org/trust-level": level,
    "releng.mozilla.org/worker-level": workerLevel,
    "releng.mozilla.org/script": script,
    "releng.mozilla.org/cot-product": "firefox",
    "releng.mozilla.org/worker-type": workerType,
  };
}

export interface PoolSpec {
  level: Level;
  workerLevel?: string;
  script?: string;
  workerType?: string;
  stack?: string;
  image?: string;
  env?: { name: string; value: string }[];
  envValue?: string;
  secretKeys?: string[];
  autograph?: Record<string, unknown>[];
  labels?: Record<string, string>;
}

/** A scriptworker pool in the pools contract's format: Deployment, Secret, optional autograph ConfigMap. */
export function pool(p: PoolSpec): Res[] {
  const workerLevel = p.workerLevel ?? (p.level === "prod" ? "3" : "1");
  const script = p.script ?? "signing";
  const workerType = p.workerType ?? `gecko-${workerLevel}-${script}${p.level === "dev" ? "-dev" : ""}`;
  const stack = p.stack ?? `pools-${p.level}`;
  const namespace = `pools-${p.level}`;
  const labels = p.labels ?? poolLabels(p.level, workerLevel, script, workerType);
  const keys = ["TASKCLUSTER_CLIENT_ID", "TASKCLUSTER_ACCESS_TOKEN", ...(p.secretKeys ?? [])];
  const env = [
    { name: "PROJECT_NAME", value: script },
    { name: "ENV", value: p.envValue ?? ENV_OF[p.level] },
    { name: "COT_PRODUCT", value: "firefox" },
    { name: "TASKCLUSTER_ROOT_URL", value: "https://firefox-ci-tc.services.mozilla.com" },
    ...(p.env ?? []),
    ...keys.map((k) => ({ name: k, valueFrom: { secretKeyRef: { name: `${workerType}-secrets`, key: k } } })),
  ];
  const worker = container({ name: "worker", image: p.image ?? `mozilla/releng-${script}:production${DIGEST}`, env, readinessProbe: undefined, livenessProbe: { exec: { command: ["/bin/healthcheck"] } } });
  const out = [secret(stack, `${workerType}-secrets`, namespace, keys, labels), deployment(stack, workerType, namespace, labels, [worker])];
  if (p.autograph) out.push(configMap(stack, `${workerType}-autograph`, namespace, { "autograph.json": JSON.stringify(p.autograph) }, labels));
  return out;
}

export function autograph(url: string, formats: string[], certScope: string): Record<string, unknown> {
  return { url, formats, certScope, usernameEnv: "AUTOGRAPH_GPG_USERNAME", passwordEnv: "AUTOGRAPH_GPG_PASSWORD" };
}

export const PROD_AUTOGRAPH = "https://prod.autograph.prod.webservices.mozgcp.net";
export const STAGE_AUTOGRAPH = "https://stage.autograph.nonprod.webservices.mozgcp.net";

export function envNamespace(stack: string, name: string, over: { labels?: Record<string, string | undefined>; annotations?: Record<string, string | undefined> } = {}, due = "2026-12-01"): Res {
  const strip = (o: Record<string, string | undefined>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return kube(stack, "Namespace", {
    metadata: {
      name,
      labels: strip({ "releng.mozilla.org/stack-kind": "environment", "releng.mozilla.org/holder": "jane.doe_at_mozilla.com", "releng.mozilla.org/due": due, ...over.labels }),
      annotations: strip({ "releng.mozilla.org/holder-email": "jane.doe@mozilla.com", "releng.mozilla.org/purpose": "Staging release of Firefox 150.0b3", "releng.mozilla.org/due": due, ...over.annotations }),
    },
  });
}

export function envWorkload(stack: string, namespace: string, env: Record<string, any>[], extra: Record<string, any> = {}, labels: Record<string, string> = { "releng.mozilla.org/stack-kind": "environment", "releng.mozilla.org/service": "shipit" }): Res {
  return deployment(stack, "shipit-admin", namespace, labels, [container({ env, ...extra })]);
}

// --- Stacks as the program's pure builders produce them ------------------------------------------
// The only place the policy tests call component builders (environmentObjects, resolvePool,
// poolObjects, ...): their arguments are being reshaped, so a signature change is fixed here once.

/** A Kubernetes object as the engine hands it to the pack. */
export function kubeResource(stack: string, o: KubeObject): Res {
  const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["core", o.apiVersion];
  const type = `kubernetes:${group}/${version}:${o.kind}`;
  const name = `${o.kind.toLowerCase()}-${o.metadata?.name ?? "x"}`;
  return { type, name, urn: `urn:pulumi:${stack}::releng-envs::${type}::${name}`, props: JSON.parse(JSON.stringify(o)) };
}

/** A pools stack as the program builds it, with the Secret's keys as the engine would see them. */
export function builtPoolsStack(level: Level, pools: unknown[], secrets: Record<string, Record<string, string>>): Res[] {
  const config = parseStackConfig(poolsRaw(level, pools, { secrets }), { today: TODAY }) as PoolsStack;
  const stack = `pools-${level}`;
  const out: Res[] = [];
  for (const script of new Set(config.pools.map((p) => p.script))) out.push(kubeResource(stack, poolNamespaceObject(level, script)));
  for (const p of config.pools) {
    const resolved = resolvePool(level, p, config.secretNames);
    const o = poolObjects(resolved);
    const secretObject = { ...o.secret, stringData: Object.fromEntries(resolved.suppliedSecrets.map((k) => [k, "[secret]"])) } as KubeObject;
    out.push(kubeResource(stack, secretObject), ...o.configMaps.map((c) => kubeResource(stack, c)), kubeResource(stack, o.deployment));
  }
  return out;
}

/** An environment stack's objects as the program builds them (stack-file overrides as in envRaw). */
export function builtEnvironmentStack(overrides: Record<string, unknown> = {}): Res[] {
  const config = parseStackConfig(envRaw(overrides), { today: TODAY }) as EnvironmentStack;
  const o = environmentObjects(environmentArgsOf(config));
  const objects = [o.namespace, o.resourceQuota, o.limitRange, ...o.networkPolicies, o.holderRoleBinding, o.egressProxy.configMap, o.egressProxy.deployment, o.egressProxy.service];
  return objects.map((x) => kubeResource(config.stack, x as KubeObject));
}
