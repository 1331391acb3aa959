// Contract check: every container a stack declares, judged against the upstream facts of the image
// it runs (catalog/upstream/). The pod's own truth is what counts: its env, its command, its probes
// and the files it mounts over image paths. A mounted replacement of an image file (e.g. the trust
// override of signingscript's passwords.yml or init_worker.sh) is checked in place of the image's
// copy: a replaced start-up script is run (tools/upstream/startup.ts) and a replaced template is
// rendered with json-e against the pod's environment, as configloader would.
import { posix } from "node:path";
import type { AppFacts, ScriptFacts, UpstreamData } from "../../catalog/upstreamContract";
import { observeScript, PLACEHOLDER } from "../upstream/startup";
import { renderLikeConfigloader } from "../upstream/templates";
import YAML from "yaml";

/** A Kubernetes object as the plan records it. */
export type KubeObject = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; [k: string]: unknown };

export interface Violation {
  /** `<Kind>/<namespace>/<name> <container>` */
  workload: string;
  problem: string;
}

interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  ports?: { name?: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] } }; postStart?: { exec?: { command?: string[] } } };
}
interface Probe {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string };
  tcpSocket?: { port?: number | string };
}
interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[] };
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  emptyDir?: unknown;
  persistentVolumeClaim?: unknown;
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
}

/** Which upstream app a container runs. */
export type ContractRef = { kind: "scriptworker"; script: string } | { kind: "app"; data: "balrog" | "shipit" | "go-bouncer" | "bouncer-admin"; app: string };

/**
 * How a container is recognised. Scriptworker images by repository name (mozilla/releng-<x>script);
 * Balrog by image and the app argument; Ship-it and Bouncer by the container names this project gives
 * them (Bouncer's images are configured per stack).
 */
export function contractOf(container: Container): ContractRef | undefined {
  const image = container.image ?? "";
  const sw = /(?:^|\/)releng-([a-z]+)script(?:[:@]|$)/.exec(image);
  if (sw) return { kind: "scriptworker", script: sw[1] };
  if (/(?:^|\/)balrogagent(?:[:@]|$)/.test(image)) return { kind: "app", data: "balrog", app: "agent" };
  if (/(?:^|\/)balrog(?:[:@]|$)/.test(image) && !container.command) {
    const app = (container.args ?? [])[0];
    if (app === "admin" || app === "public") return { kind: "app", data: "balrog", app };
  }
  if (container.name === "shipit-admin") return { kind: "app", data: "shipit", app: "admin" };
  if (container.name === "shipit-public") return { kind: "app", data: "shipit", app: "public" };
  if (container.name === "go-bouncer") return { kind: "app", data: "go-bouncer", app: "redirector" };
  if (container.name === "bouncer-admin") return { kind: "app", data: "bouncer-admin", app: "admin" };
  return undefined;
}

/** Pods of the workload kinds a stack declares. */
export function podsOf(objects: KubeObject[]): { id: string; pod: PodSpec }[] {
  const out: { id: string; pod: PodSpec }[] = [];
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata?.namespace ?? "-"}/${o.metadata?.name}`;
    const spec = o.spec as Record<string, any> | undefined;
    if (!spec) continue;
    if (o.kind === "Deployment" || o.kind === "StatefulSet" || o.kind === "Job" || o.kind === "DaemonSet") out.push({ id, pod: spec.template?.spec });
    if (o.kind === "CronJob") out.push({ id, pod: spec.jobTemplate?.spec?.template?.spec });
  }
  return out.filter((p) => p.pod);
}

/** Files a container mounts: path → content when the plan knows it (ConfigMap data), else null. */
export function mountedFiles(container: Container, pod: PodSpec, objects: KubeObject[]): { files: Map<string, string | null>; directories: string[] } {
  const files = new Map<string, string | null>();
  const directories: string[] = [];
  const configMaps = new Map(objects.filter((o) => o.kind === "ConfigMap").map((o) => [`${o.metadata?.namespace}/${o.metadata?.name}`, (o.data ?? {}) as Record<string, string>]));
  const namespace = (objects.find((o) => o.kind === "ConfigMap") ?? {}).metadata?.namespace;
  for (const mount of container.volumeMounts ?? []) {
    const volume = (pod.volumes ?? []).find((v) => v.name === mount.name);
    if (!volume) continue;
    const data = volume.configMap
      ? (configMaps.get(`${namespace}/${volume.configMap.name}`) ?? findConfigMap(objects, volume.configMap.name))
      : volume.secret
        ? findSecret(objects, volume.secret.secretName)
        : undefined;
    const items = volume.configMap?.items ?? volume.secret?.items;
    const keyOf = (path: string) => items?.find((i) => i.path === path)?.key ?? path;
    if (mount.subPath !== undefined && mount.subPath !== "") {
      files.set(mount.mountPath, data ? (data[keyOf(mount.subPath)] ?? null) : null);
    } else {
      directories.push(mount.mountPath);
      if (data) for (const key of items ? items.map((i) => i.path) : Object.keys(data)) files.set(posix.join(mount.mountPath, key), data[keyOf(key)] ?? null);
    }
  }
  return { files, directories };
}

/** A Secret's entries as the plan records them (stringData as given, data base64-decoded); secret values the plan redacts stay placeholders. */
function findSecret(objects: KubeObject[], name: string): Record<string, string> | undefined {
  const o = objects.find((x) => x.kind === "Secret" && x.metadata?.name === name);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, unknown>)) if (typeof v === "string") out[k] = Buffer.from(v, "base64").toString("utf8");
  for (const [k, v] of Object.entries((o.stringData ?? {}) as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
  return out;
}

function findConfigMap(objects: KubeObject[], name: string): Record<string, string> | undefined {
  const o = objects.find((x) => x.kind === "ConfigMap" && x.metadata?.name === name);
  return o ? ((o.data ?? {}) as Record<string, string>) : undefined;
}

function envOf(container: Container): { names: Set<string>; values: Record<string, string> } {
  const names = new Set<string>();
  const values: Record<string, string> = {};
  for (const e of container.env ?? []) {
    names.add(e.name);
    if (e.value !== undefined) values[e.name] = e.value;
  }
  return { names, values };
}

/** Paths the image holds: files, symlinks, and (scriptworker) directories. */
function imageHas(facts: { files: string[]; links: Record<string, string>; directories?: string[] }, path: string): boolean {
  return facts.files.includes(path) || path in facts.links || (facts.directories ?? []).includes(path);
}

const SHELLS = new Set(["bash", "sh", "/bin/bash", "/bin/sh", "/usr/bin/env"]);

/** Absolute files a command line runs: the program, or the script a shell runs. */
function commandFiles(argv: string[]): string[] {
  if (argv.length === 0) return [];
  if (SHELLS.has(argv[0])) {
    const script = argv.slice(1).find((a) => !a.startsWith("-"));
    if (argv.includes("-c")) {
      const text = argv[argv.indexOf("-c") + 1] ?? "";
      const first = text.trim().split(/\s+/)[0];
      return first?.startsWith("/") ? [first] : [];
    }
    return script?.startsWith("/") ? [script] : [];
  }
  return argv[0].startsWith("/") ? [argv[0]] : [];
}

interface CheckContext {
  id: string;
  container: Container;
  pod: PodSpec;
  objects: KubeObject[];
  data: UpstreamData;
  out: Violation[];
}

function report(ctx: CheckContext, problem: string) {
  ctx.out.push({ workload: `${ctx.id} ${ctx.container.name}`, problem });
}

/** Whether the file at `path` exists for this container: mounted (file or directory) or in the image and not hidden by a directory mount. */
function fileExists(path: string, image: { files: string[]; links: Record<string, string>; directories?: string[] }, mounts: ReturnType<typeof mountedFiles>): boolean {
  if (mounts.files.has(path)) return true;
  if (mounts.directories.some((d) => path.startsWith(`${d}/`))) return false;
  return imageHas(image, path);
}

function checkCommands(ctx: CheckContext, image: { files: string[]; links: Record<string, string>; directories?: string[] }, mounts: ReturnType<typeof mountedFiles>) {
  const c = ctx.container;
  const lines: [string, string[] | undefined][] = [
    ["command", c.command ? [...c.command, ...(c.args ?? [])] : undefined],
    ["livenessProbe", c.livenessProbe?.exec?.command],
    ["readinessProbe", c.readinessProbe?.exec?.command],
    ["startupProbe", c.startupProbe?.exec?.command],
    ["preStop", c.lifecycle?.preStop?.exec?.command],
  ];
  for (const [where, argv] of lines) {
    if (!argv) continue;
    for (const file of commandFiles(argv)) {
      if (!fileExists(file, image, mounts)) report(ctx, `${where} runs ${file}, which the image does not have and the pod does not mount`);
    }
  }
  for (const dir of mounts.directories) {
    const hidden = image.files.filter((f) => f.startsWith(`${dir}/`));
    const needed = [...(c.command ?? []), ...(c.args ?? [])];
    if (hidden.some((f) => needed.includes(f))) report(ctx, `mounts a directory over ${dir}, hiding the image's ${hidden.filter((f) => needed.includes(f)).join(", ")}`);
  }
}

/** Values the pod gives: literal values as they are, Secret references as placeholders. */
function podContext(container: Container): Record<string, string> {
  const ctx: Record<string, string> = {};
  for (const e of container.env ?? []) ctx[e.name] = e.value ?? PLACEHOLDER;
  return ctx;
}

/** What upstream's start-up data says the image's own init_worker.sh checks, as a script that checks it. */
function stockInitWorkerStandIn(required: readonly string[]): string {
  return ["# stand-in for the image's init_worker.sh: its test_var_set checks (catalog/upstream)", ...required.map((n) => `test_var_set ${n}`), ""].join("\n");
}

async function checkScriptworker(ctx: CheckContext, script: string) {
  const facts: ScriptFacts | undefined = ctx.data["scriptworker-scripts"].scripts[script];
  if (!facts) return report(ctx, `runs ${script}script, which mozilla-releng/scriptworker-scripts does not build`);
  const env = envOf(ctx.container);
  const mounts = mountedFiles(ctx.container, ctx.pod, ctx.objects);
  checkCommands(ctx, facts.image, mounts);
  if (env.values.PROJECT_NAME !== script) report(ctx, `PROJECT_NAME is ${JSON.stringify(env.values.PROJECT_NAME)}, the image runs ${script}script (init.sh runs .venv/bin/\${PROJECT_NAME}script)`);
  const workerEnv = env.values.ENV;
  const product = env.values.COT_PRODUCT;
  const startup = facts.startup[workerEnv ?? ""]?.[product ?? ""];
  if (!startup) return report(ctx, `ENV=${workerEnv} COT_PRODUCT=${product}: not a combination upstream start-up knows`);
  if (!startup.starts) return report(ctx, `ENV=${workerEnv} COT_PRODUCT=${product}: upstream start-up exits ${startup.exitCode} before scriptworker runs${startup.output ? ` (${startup.output.split("\n").pop()})` : ""}`);
  const missing = (file: string, names: string[]) => {
    const lacking = names.filter((n) => !env.names.has(n));
    if (lacking.length) report(ctx, `${file} requires ${lacking.join(", ")} (ENV=${workerEnv}, COT_PRODUCT=${product}); the pod does not set ${lacking.length === 1 ? "it" : "them"}`);
  };
  missing("init.sh", startup.requires["init.sh"] ?? []);
  const pod = podContext(ctx.container);
  const exportsContext = Object.fromEntries(facts.exports.map((n) => [n, PLACEHOLDER]));
  const initWorkerPath = "/app/docker.d/init_worker.sh";
  let templates = Object.keys(startup.requires).filter((k) => k.startsWith("/"));
  if (mounts.files.has(initWorkerPath)) {
    const replacement = mounts.files.get(initWorkerPath);
    if (replacement == null) report(ctx, `mounts ${initWorkerPath} from a source the plan cannot read; its requirements are unchecked`);
    else {
      // A replacement that sources the image's own init_worker.sh (an environment's pool does) gets a
      // stand-in at that path performing the checks upstream's start-up data records for it.
      const stock = `/app/${script}script/docker.d/init_worker.sh`;
      const imageFiles = replacement.includes(stock) && imageHas(facts.image, stock) ? { [stock]: stockInitWorkerStandIn(startup.requires["init_worker.sh"] ?? []) } : {};
      const seen = await observeScript(replacement, { ...exportsContext, ...pod }, imageFiles);
      if (!seen.finished) report(ctx, `the mounted ${initWorkerPath} fails: ${seen.output.split("\n").pop()}`);
      missing(`the mounted ${initWorkerPath}`, seen.required);
      // The replacement decides which templates it renders; init.sh renders scriptworker.yml and worker.yml itself.
      templates = [...seen.templates, ...templates.filter((t) => /\/(scriptworker|worker)\.yml$/.test(t))];
    }
  } else missing("init_worker.sh", startup.requires["init_worker.sh"] ?? []);
  for (const template of [...new Set(templates)]) {
    if (mounts.files.has(template)) {
      const text = mounts.files.get(template);
      if (text == null) {
        report(ctx, `mounts ${template} from a source the plan cannot read; its variables are unchecked`);
        continue;
      }
      const result = renderLikeConfigloader(YAML.parse(text), { ...exportsContext, ...pod });
      if (result.undefinedNames.length) report(ctx, `the mounted ${template} references ${result.undefinedNames.join(", ")}, which the pod does not set (json-e: unknown context value)`);
      if (result.error) report(ctx, `the mounted ${template} does not render: ${result.error}`);
    } else if (!fileExists(template, facts.image, mounts)) report(ctx, `start-up renders ${template}, which the image does not have and the pod does not mount`);
    else missing(template, startup.requires[template] ?? []);
  }
}

/** Env vars a runtime or platform reads rather than the app (never a sign of a stale setting). */
const RUNTIME_ENV = /^(HTTPS?_PROXY|NO_PROXY|https?_proxy|no_proxy|PYTHON\w*|UVICORN_\w+|WEB_CONCURRENCY|LC_\w+|LANG|TZ|GOOGLE_APPLICATION_CREDENTIALS|SSL_CERT_FILE|REQUESTS_CA_BUNDLE)$/;

function portsOf(container: Container): Map<string | number, number> {
  const out = new Map<string | number, number>();
  for (const p of container.ports ?? []) {
    out.set(p.containerPort, p.containerPort);
    if (p.name) out.set(p.name, p.containerPort);
  }
  return out;
}

function checkApp(ctx: CheckContext, facts: AppFacts, label: string) {
  const c = ctx.container;
  const env = envOf(c);
  const mounts = mountedFiles(c, ctx.pod, ctx.objects);
  checkCommands(ctx, facts.image, mounts);
  // The process: the container's command/args over the image's ENTRYPOINT/CMD.
  const process = c.command ? [...c.command, ...(c.args ?? [])] : c.args ? [...(facts.image.entrypoint ?? []), ...c.args] : facts.process;
  for (const file of commandFiles(process)) if (!fileExists(file, facts.image, mounts)) report(ctx, `runs ${file}, which ${label}'s image does not have`);
  const required = facts.env.filter((e) => e.use === "required").map((e) => e.name);
  const lacking = required.filter((n) => !env.names.has(n) && !(facts.image.env && n in facts.image.env));
  if (lacking.length) report(ctx, `${label} requires ${lacking.join(", ")} (${[...new Set(facts.env.filter((e) => lacking.includes(e.name)).flatMap((e) => e.files))].join(", ")}); the pod does not set ${lacking.length === 1 ? "it" : "them"}`);
  const read = new Set(facts.env.map((e) => e.name));
  // The image's own ENV names (e.g. Ship-it's APP_TYPE, read by its ENTRYPOINT) are part of its contract.
  // A variable the project's own mounted file reads (e.g. Balrog's WSGI entry) is that file's contract, not stale.
  const mountedText = [...mounts.files.values()].filter((t): t is string => typeof t === "string").join("\n");
  const unread = [...env.names].filter((n) => !read.has(n) && !RUNTIME_ENV.test(n) && !(facts.image.env && n in facts.image.env) && !new RegExp(`\\b${n}\\b`).test(mountedText));
  if (unread.length) report(ctx, `sets ${unread.join(", ")}, which ${label} does not read (stale or misspelt)`);
  const ports = portsOf(c);
  const value = (spec: string) => {
    const m = /^env:([A-Z_]+)(?::-(.*))?$/.exec(spec);
    return m ? (env.values[m[1]] ?? m[2]) : undefined;
  };
  for (const spec of facts.ports) {
    if (typeof spec === "number") continue;
    if (/^env:[A-Z_]*HOST/.test(spec)) {
      const host = value(spec);
      if (host && /^(127\.|localhost$|::1$)/.test(host)) report(ctx, `${label} listens on ${host} (${spec}): unreachable from its Service`);
      continue;
    }
    if (spec.startsWith("env:")) {
      const port = Number(value(spec));
      if (!Number.isInteger(port) || port <= 0) report(ctx, `${label} listens on ${spec}, which the pod leaves unset`);
      else if (![...ports.values()].includes(port)) report(ctx, `${label} listens on ${port} (${spec}) but the container declares ${[...new Set(ports.values())].join(", ") || "no port"}`);
      continue;
    }
    // A literal listen address in the default process (e.g. go-bouncer's CMD --addr 127.0.0.1:8000).
    if (process.includes(spec) && /^(127\.|localhost:)/.test(spec)) report(ctx, `${label} listens on ${spec} (image CMD): unreachable from its Service; pass the address in args`);
  }
  for (const [where, probe] of [["livenessProbe", c.livenessProbe], ["readinessProbe", c.readinessProbe], ["startupProbe", c.startupProbe]] as const) {
    if (!probe?.httpGet) continue;
    const path = (probe.httpGet.path ?? "/").split("?")[0];
    if (!facts.health.includes(path) && !facts.routes.some((r) => r.path === path)) report(ctx, `${where} GETs ${path}, which ${label} does not serve (health: ${facts.health.join(", ") || "none"})`);
    if (probe.httpGet.port !== undefined && !ports.has(probe.httpGet.port)) report(ctx, `${where} uses port ${probe.httpGet.port}, which the container does not declare`);
  }
}

/** Calls one app makes to another: the variable holding the other's root, and a path the caller appends. */
const API_ROOTS: { from: [string, string]; env: string; to: [string, string]; probe: string }[] = [
  // balrogagent client.get_url: api_root.rstrip("/") + "/scheduled_changes/<endpoint>" (agent/src/balrogagent/cmd.py).
  { from: ["balrog", "agent"], env: "BALROG_API_ROOT", to: ["balrog", "admin"], probe: "/scheduled_changes/rules" },
];

function checkApiRoots(ctx: CheckContext, ref: Extract<ContractRef, { kind: "app" }>) {
  for (const rule of API_ROOTS) {
    if (rule.from[0] !== ref.data || rule.from[1] !== ref.app) continue;
    const root = envOf(ctx.container).values[rule.env];
    if (!root) continue;
    let path: string;
    try {
      path = new URL(root).pathname.replace(/\/+$/, "");
    } catch {
      report(ctx, `${rule.env}=${root} is not a URL`);
      continue;
    }
    const target = ctx.data[rule.to[0] as "balrog"].apps[rule.to[1]];
    const want = `${path}${rule.probe}`;
    if (!target.routes.some((r) => r.path === want)) report(ctx, `${rule.env} ends in ${path || "/"}: ${want} is not a route of ${rule.to.join(" ")} (it serves ${rule.probe} at the root)`);
  }
}

export async function checkObjects(objects: KubeObject[], data: UpstreamData): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const { id, pod } of podsOf(objects)) {
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      const ctx: CheckContext = { id, container, pod, objects, data, out };
      const ref = contractOf(container);
      if (!ref) continue;
      if (ref.kind === "scriptworker") await checkScriptworker(ctx, ref.script);
      else {
        const facts = data[ref.data].apps[ref.app];
        checkApp(ctx, facts, `${data[ref.data].repository} ${ref.app}`);
        checkApiRoots(ctx, ref);
      }
    }
  }
  return out;
}

/** Worker types a pools stack declares that k8s-autoscale serves in none of its clusters. */
export function unservedWorkerTypes(objects: KubeObject[], data: UpstreamData, workerTypeLabel: string): string[] {
  const served = new Set(Object.values(data["k8s-autoscale"].clusters).flat().map((w) => w.workerType));
  return objects
    .filter((o) => o.kind === "Deployment" && o.metadata?.labels?.[workerTypeLabel])
    .map((o) => o.metadata!.labels![workerTypeLabel])
    .filter((w) => !served.has(w));
}
