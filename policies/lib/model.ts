// A stack as the trust rules see it: workloads with what they declare (env vars, the Secrets and
// ConfigMaps they reference, their labels), plus Secrets and ConfigMaps no workload references.
import { containersOf, isWorkloadKind, kubeKind, metaOf, podLabelsOf, podSpecOf, type ContainerRef, type Meta, type ResourceLike } from "./k8s";

export type TrustLevel = "prod" | "dep" | "dev";
export type StackKind = "environment" | "pools" | "platform";

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
