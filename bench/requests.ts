// What a planned environment asks the scheduler for: pods and their CPU and memory requests, from the
// Kubernetes objects of a plan (Deployments and StatefulSets × replicas; Jobs counted apart, since
// they run once and finish). A pod's request is the larger of its app containers' sum and its
// largest init container, as the scheduler computes it.
export interface Requests {
  pods: number;
  cpuMillis: number;
  memoryMiB: number;
}

interface Container {
  resources?: { requests?: { cpu?: string; memory?: string } };
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}

/** Kubernetes CPU quantity ("250m", "1", "0.5") in millicores. */
function cpuMillis(q: string | undefined): number {
  if (!q) return 0;
  return q.endsWith("m") ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

const MEMORY_UNITS: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, k: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20, "": 1 / 2 ** 20 };

/** Kubernetes memory quantity ("256Mi", "1Gi", "500M", bytes) in MiB. */
function memoryMiB(q: string | undefined): number {
  if (!q) return 0;
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(q);
  if (!m || !(m[2] in MEMORY_UNITS)) throw new Error(`unknown memory quantity ${q}`);
  return Number(m[1]) * MEMORY_UNITS[m[2]];
}

function podRequests(spec: PodSpec): { cpu: number; mem: number } {
  const sum = (cs: Container[] = []) => cs.reduce((a, c) => ({ cpu: a.cpu + cpuMillis(c.resources?.requests?.cpu), mem: a.mem + memoryMiB(c.resources?.requests?.memory) }), { cpu: 0, mem: 0 });
  const app = sum(spec.containers);
  const init = (spec.initContainers ?? []).map((c) => sum([c]));
  return { cpu: Math.max(app.cpu, ...init.map((i) => i.cpu)), mem: Math.max(app.mem, ...init.map((i) => i.mem)) };
}

export function environmentRequests(objects: readonly Record<string, unknown>[]): { steady: Requests; transient: Requests } {
  const steady = { pods: 0, cpuMillis: 0, memoryMiB: 0 };
  const transient = { pods: 0, cpuMillis: 0, memoryMiB: 0 };
  for (const o of objects) {
    const spec = o.spec as { replicas?: number; parallelism?: number; template?: { spec?: PodSpec } } | undefined;
    const pod = spec?.template?.spec;
    if (!pod) continue;
    const into = o.kind === "Job" ? transient : o.kind === "Deployment" || o.kind === "StatefulSet" ? steady : undefined;
    if (!into) continue;
    const n = o.kind === "Job" ? (spec.parallelism ?? 1) : (spec.replicas ?? 1);
    const r = podRequests(pod);
    into.pods += n;
    into.cpuMillis += n * r.cpu;
    into.memoryMiB += n * r.mem;
  }
  const round = (r: Requests) => ({ pods: r.pods, cpuMillis: Math.round(r.cpuMillis), memoryMiB: Math.round(r.memoryMiB) });
  return { steady: round(steady), transient: round(transient) };
}
