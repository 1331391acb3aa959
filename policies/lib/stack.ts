// A stack as the trust rules see it: workloads with what they declare (env vars, the Secrets and
// ConfigMaps they reference, their labels), plus Secrets and ConfigMaps no workload references.
// Trust levels come from every signal at once (labels, the ENV variable, the worker type, the
// stack's name), so a mislabelled pool is still judged by what it declares.
import { parse as parseYaml } from "yaml";
import { LABEL_KEYS } from "../defaults";
import { containersOf, isWorkloadKind, kubeKind, metaOf, podLabelsOf, podSpecOf, type ContainerRef, type Meta, type ResourceLike } from "./k8s";

export type TrustLevel = "prod" | "dep" | "dev";
export type StackKind = "environment" | "pools" | "platform";

/** Scriptworker's `ENV` values (scriptworker-scripts docker.d/init.sh: prod | fake-prod | dev). */
export const ENV_VALUE_LEVEL: Record<string, TrustLevel> = { prod: "prod", "fake-prod": "dep", dev: "dev" };

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → `<stack>`. */
export function stackNameOf(urn: string): string {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1] ?? "";
}

export function stackKindOfName(stack: string): StackKind | undefined {
  if (stack.startsWith("env-")) return "environment";
  if (stack.startsWith("pools-")) return "pools";
  if (stack.startsWith("platform-")) return "platform";
  return undefined;
}

export function stackLevelOfName(stack: string): TrustLevel | undefined {
  const m = /^pools-(prod|dep|dev)(-|$)/.exec(stack);
  return m ? (m[1] as TrustLevel) : undefined;
}

/** `{trust}-{level}-{script}[-dev]`, e.g. gecko-3-signing, gecko-t-signing, mobile-1-beetmover-dev. */
export function parseWorkerType(workerType: string): { level: string; script: string; dev: boolean } | undefined {
  const m = /^[a-z0-9]+(?:-[a-z0-9]+)*?-(3|1|t)-([a-z0-9]+)(-dev)?$/.exec(workerType.trim().toLowerCase());
  return m ? { level: m[1], script: m[2], dev: !!m[3] } : undefined;
}

export interface EnvVarDecl {
  name: string;
  value?: string;
  secretRef?: { name: string; key: string };
  configMapRef?: { name: string; key: string };
  where: string;
}

export interface Subject {
  resource: ResourceLike;
  kind: string;
  meta: Meta;
  /** Object labels, with pod template labels over them for workloads. */
  labels: Record<string, string>;
  isWorkload: boolean;
  containers: ContainerRef[];
  env: EnvVarDecl[];
  secrets: ResourceLike[];
  configMaps: ResourceLike[];
}

export interface StackModel {
  stack: string;
  kind?: StackKind;
  level?: TrustLevel;
  resources: ResourceLike[];
  subjects: Subject[];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
}

function envOf(containers: ContainerRef[]): EnvVarDecl[] {
  const out: EnvVarDecl[] = [];
  for (const { container, where } of containers) {
    for (const e of Array.isArray(container.env) ? container.env : []) {
      if (!e || typeof e.name !== "string") continue;
      const secretKeyRef = e.valueFrom?.secretKeyRef;
      const configMapKeyRef = e.valueFrom?.configMapKeyRef;
      out.push({
        name: e.name,
        value: str(e.value),
        secretRef: secretKeyRef ? { name: String(secretKeyRef.name ?? ""), key: String(secretKeyRef.key ?? "") } : undefined,
        configMapRef: configMapKeyRef ? { name: String(configMapKeyRef.name ?? ""), key: String(configMapKeyRef.key ?? "") } : undefined,
        where: `${where} env ${e.name}`,
      });
    }
  }
  return out;
}

function referencedNames(podSpec: Record<string, any> | undefined, containers: ContainerRef[]): { secrets: Set<string>; configMaps: Set<string> } {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  for (const { container } of containers) {
    for (const e of Array.isArray(container.env) ? container.env : []) {
      if (e?.valueFrom?.secretKeyRef?.name) secrets.add(String(e.valueFrom.secretKeyRef.name));
      if (e?.valueFrom?.configMapKeyRef?.name) configMaps.add(String(e.valueFrom.configMapKeyRef.name));
    }
    for (const f of Array.isArray(container.envFrom) ? container.envFrom : []) {
      if (f?.secretRef?.name) secrets.add(String(f.secretRef.name));
      if (f?.configMapRef?.name) configMaps.add(String(f.configMapRef.name));
    }
  }
  for (const v of Array.isArray(podSpec?.volumes) ? podSpec!.volumes : []) {
    if (v?.secret?.secretName) secrets.add(String(v.secret.secretName));
    if (v?.configMap?.name) configMaps.add(String(v.configMap.name));
    for (const s of Array.isArray(v?.projected?.sources) ? v.projected.sources : []) {
      if (s?.secret?.name) secrets.add(String(s.secret.name));
      if (s?.configMap?.name) configMaps.add(String(s.configMap.name));
    }
  }
  return { secrets, configMaps };
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

export function buildModel(resources: readonly ResourceLike[]): StackModel {
  const stack = resources.map((r) => stackNameOf(r.urn)).find((s) => s) ?? "";
  const secrets = new Map<string, ResourceLike>();
  const configMaps = new Map<string, ResourceLike>();
  for (const r of resources) {
    const kind = kubeKind(r.type);
    const m = metaOf(r.props);
    if (kind === "Secret") secrets.set(key(m.namespace, m.name), r);
    if (kind === "ConfigMap") configMaps.set(key(m.namespace, m.name), r);
  }
  const referenced = new Set<ResourceLike>();
  const subjects: Subject[] = [];
  for (const r of resources) {
    const kind = kubeKind(r.type);
    if (!isWorkloadKind(kind)) continue;
    const meta = metaOf(r.props);
    const podSpec = podSpecOf(kind, r.props);
    const containers = containersOf(podSpec);
    const names = referencedNames(podSpec, containers);
    // A signing pool's Autograph servers live in `<deployment>-autograph` (pools contract).
    names.configMaps.add(`${meta.name}-autograph`);
    const ownSecrets = [...names.secrets].map((n) => secrets.get(key(meta.namespace, n))).filter((x): x is ResourceLike => !!x);
    const ownConfigMaps = [...names.configMaps].map((n) => configMaps.get(key(meta.namespace, n))).filter((x): x is ResourceLike => !!x);
    [...ownSecrets, ...ownConfigMaps].forEach((x) => referenced.add(x));
    subjects.push({ resource: r, kind: kind!, meta, labels: podLabelsOf(kind, r.props), isWorkload: true, containers, env: envOf(containers), secrets: ownSecrets, configMaps: ownConfigMaps });
  }
  for (const r of [...secrets.values(), ...configMaps.values()]) {
    if (referenced.has(r)) continue;
    const kind = kubeKind(r.type)!;
    const meta = metaOf(r.props);
    subjects.push({ resource: r, kind, meta, labels: meta.labels, isWorkload: false, containers: [], env: [], secrets: kind === "Secret" ? [r] : [], configMaps: kind === "ConfigMap" ? [r] : [] });
  }
  return { stack, kind: stackKindOfName(stack), level: stackLevelOfName(stack), resources: [...resources], subjects };
}

export interface TrustView {
  isPool: boolean;
  isEnvironment: boolean;
  /** Every trust level some signal claims; more than one means the signals disagree. */
  levels: Set<TrustLevel>;
  /** Human-readable signals, e.g. `label trust-level=dep`, `ENV=prod`, `stack pools-dev`. */
  evidence: string[];
  workerLevel?: string;
  script?: string;
  workerType?: string;
}

function envValue(subject: Subject, name: string): string | undefined {
  return subject.env.find((e) => e.name === name && e.value !== undefined)?.value;
}

export function trustOf(subject: Subject, model: StackModel): TrustView {
  const L = subject.labels;
  const levels = new Set<TrustLevel>();
  const evidence: string[] = [];
  const add = (level: TrustLevel | undefined, why: string) => {
    if (!level) return;
    levels.add(level);
    evidence.push(why);
  };
  const trustLabel = L[LABEL_KEYS.trustLevel]?.toLowerCase();
  if (trustLabel) add((["prod", "dep", "dev"] as const).find((l) => l === trustLabel), `label trust-level=${trustLabel}`);
  const env = envValue(subject, "ENV")?.trim().toLowerCase();
  if (env) add(ENV_VALUE_LEVEL[env], `ENV=${env}`);
  const workerType = L[LABEL_KEYS.workerType] ?? envValue(subject, "WORKER_TYPE");
  const parsed = workerType ? parseWorkerType(workerType) : undefined;
  if (parsed) add(parsed.dev ? "dev" : parsed.level === "3" ? "prod" : "dep", `worker type ${workerType}`);
  const workerLevel = (L[LABEL_KEYS.workerLevel] ?? parsed?.level)?.toLowerCase();
  if (workerLevel === "3") add("prod", `worker level 3`);
  if (model.level) add(model.level, `stack ${model.stack}`);
  const script = (L[LABEL_KEYS.script] ?? parsed?.script ?? envValue(subject, "PROJECT_NAME"))?.toLowerCase();

  const kindLabel = L[LABEL_KEYS.kind]?.toLowerCase();
  const hasPoolLabel = [LABEL_KEYS.trustLevel, LABEL_KEYS.workerLevel, LABEL_KEYS.workerType, LABEL_KEYS.script].some((k) => k in L);
  const looksLikeScriptworker = !!env && env in ENV_VALUE_LEVEL && ["COT_PRODUCT", "PROJECT_NAME", "TASKCLUSTER_ROOT_URL"].some((n) => subject.env.some((e) => e.name === n));
  const isPool = model.kind === "pools" || kindLabel === "pools" || hasPoolLabel || looksLikeScriptworker;
  const isEnvironment = model.kind === "environment" || kindLabel === "environment" || LABEL_KEYS.service in L || subject.meta.namespace.startsWith("env-");
  return { isPool, isEnvironment, levels, evidence, workerLevel, script, workerType };
}

/** A pool is judged as prod if anything about it says prod (the strictest reading wins). */
export function claimsProd(t: TrustView): boolean {
  return t.isPool && t.levels.has("prod");
}

/** A pool or environment that anything says is not prod (dep, dev, or an environment at all). */
export function claimsNonProd(t: TrustView): boolean {
  return t.isEnvironment || (t.isPool && (t.levels.has("dep") || t.levels.has("dev")));
}

/** Only a pool every signal calls dev gets dev's allowances. */
export function isDevOnly(t: TrustView): boolean {
  return t.isPool && !t.isEnvironment && t.levels.size === 1 && t.levels.has("dev");
}

export interface Located {
  source: ResourceLike;
  where: string;
}

export interface NameDecl extends Located {
  name: string;
}

/** Names of credentials a subject holds: its env var names and the keys of its Secrets. */
export function secretNamesOf(subject: Subject): NameDecl[] {
  const out: NameDecl[] = subject.env.map((e) => ({ name: e.name, source: subject.resource, where: e.where }));
  for (const s of subject.secrets) {
    const m = metaOf(s.props);
    for (const field of ["stringData", "data"] as const) {
      const d = s.props?.[field];
      if (d && typeof d === "object") for (const k of Object.keys(d)) out.push({ name: k, source: s, where: `Secret ${m.name} ${field}.${k}` });
    }
  }
  return out;
}

export interface TextDecl extends Located {
  text: string;
}

/** Declared text a subject acts on: env values, commands and args, its ConfigMaps' data. */
export function textsOf(subject: Subject): TextDecl[] {
  const out: TextDecl[] = [];
  for (const e of subject.env) if (e.value) out.push({ text: e.value, source: subject.resource, where: e.where });
  for (const { container, where } of subject.containers) {
    for (const field of ["command", "args"] as const) {
      const list = container[field];
      if (Array.isArray(list)) list.forEach((a: unknown, i: number) => typeof a === "string" && out.push({ text: a, source: subject.resource, where: `${where} ${field}[${i}]` }));
    }
  }
  for (const c of subject.configMaps) {
    const m = metaOf(c.props);
    const data = c.props?.data;
    if (data && typeof data === "object") for (const [k, v] of Object.entries(data)) if (typeof v === "string") out.push({ text: v, source: c, where: `ConfigMap ${m.name} data.${k}` });
  }
  return out;
}

export interface AutographEntry extends Located {
  url: string;
  formats: string[];
  certScope?: string;
}

/**
 * Autograph entries of the subject's ConfigMaps: the generated passwords.yml the signing image reads
 * (`{<cert scope>: [[url, user, password, [formats], keyId?], …]}`), and the older autograph.json
 * record (`[{url, formats, certScope}]`). Unparseable text yields none.
 */
export function autographEntriesOf(subject: Subject): AutographEntry[] {
  const out: AutographEntry[] = [];
  for (const c of subject.configMaps) {
    const name = metaOf(c.props).name;
    const parse = (key: string): unknown => {
      const raw = c.props?.data?.[key];
      if (typeof raw !== "string") return undefined;
      try {
        return parseYaml(raw);
      } catch {
        return undefined;
      }
    };
    const passwords = parse("passwords.yml");
    if (passwords && typeof passwords === "object" && !Array.isArray(passwords)) {
      for (const [certScope, rows] of Object.entries(passwords as Record<string, unknown>)) {
        if (!Array.isArray(rows)) continue;
        rows.forEach((row: unknown, i: number) => {
          if (!Array.isArray(row)) return;
          out.push({ url: String(row[0] ?? ""), formats: Array.isArray(row[3]) ? row[3].map(String) : [], certScope, source: c, where: `ConfigMap ${name} passwords.yml[${JSON.stringify(certScope)}][${i}]` });
        });
      }
    }
    const record = parse("autograph.json");
    if (!Array.isArray(record)) continue;
    record.forEach((e: any, i: number) => {
      if (!e || typeof e !== "object") return;
      out.push({
        url: String(e.url ?? ""),
        formats: Array.isArray(e.formats) ? e.formats.map(String) : [],
        certScope: typeof e.certScope === "string" ? e.certScope : undefined,
        source: c,
        where: `ConfigMap ${name} autograph.json[${i}]`,
      });
    });
  }
  return out;
}

/** Images a subject runs, with where each is declared. */
export function imagesOf(subject: Subject): (Located & { image: string })[] {
  return subject.containers.filter((c) => typeof c.container.image === "string").map((c) => ({ image: c.container.image as string, source: subject.resource, where: c.where }));
}

/** Text plus Autograph server URLs, each declaration once (autograph.json judged entry by entry). */
export function declaredTexts(subject: Subject): TextDecl[] {
  return [...textsOf(subject).filter((t) => !t.where.endsWith("data.autograph.json") && !t.where.endsWith("data.passwords.yml")), ...autographEntriesOf(subject).map((e) => ({ text: e.url, source: e.source, where: e.where }))];
}
