// Facts from mozilla-releng/scriptworker-scripts: per script image, the files its Dockerfile lays
// down, its templates and the variables they reference, and per (ENV, COT_PRODUCT) what the
// start-up (init.sh + init_worker.sh, then configloader) demands of the pod.
import { posix } from "node:path";
import YAML from "yaml";
import { COT_PRODUCTS } from "../../catalog/pools";
import { directoriesOf, imageLayout, type ImageLayout } from "./dockerfile";
import type { AutographEntryFacts, ImageFacts, ScriptFacts, ScriptworkerFacts, StartupFacts, TemplateFacts } from "../../catalog/upstreamContract";
import type { UpstreamRepo } from "./repo";
import { observeStartup, podRequired } from "./startup";
import { renderLikeConfigloader, templateReferences } from "./templates";

export const WORKER_ENVS = ["prod", "fake-prod", "dev"] as const;

/** What the pods of our pools always set (the non-secret part of poolEnv). */
const POD_BASE = ["PROJECT_NAME", "ENV", "COT_PRODUCT", "TASKCLUSTER_ROOT_URL", "TASKCLUSTER_CLIENT_ID"] as const;

/**
 * signingscript's rendered passwords.json: `{ "<cert scope>": [[url, username, password, [formats], keyid?], ...] }`
 * (signingscript/docker.d/passwords.yml). Credentials render as the variable names that fill them.
 */
export function autographEntries(rendered: unknown): AutographEntryFacts[] {
  const out: AutographEntryFacts[] = [];
  if (!rendered || typeof rendered !== "object") return out;
  for (const [certScope, entries] of Object.entries(rendered as Record<string, unknown>)) {
    if (!Array.isArray(entries)) continue;
    for (const e of entries) {
      if (!Array.isArray(e) || typeof e[0] !== "string" || !Array.isArray(e[3])) continue;
      out.push({ certScope, url: e[0], username: String(e[1]), password: String(e[2]), formats: e[3].map(String), ...(typeof e[4] === "string" ? { keyId: e[4] } : {}) });
    }
  }
  return out;
}

/** Files worth recording: what a command or a mount can name (not sources or lock files). */
export function interestingFile(path: string): boolean {
  const base = posix.basename(path);
  if (/(^|\/)(tests?|vendor|docs?|node_modules|\.github|\.circleci|frontend|ui)\//.test(path)) return false;
  if (/\.(py|pyc|go|s|mod|sum|lock|md|rst|txt|png|svg|js|ts|css|html|pem|crt|key|asc|json|toml|cfg|coveragerc)$/.test(base) || base === "tox.ini" || base === "mypy.ini") return false;
  return true;
}

/** The recorded facts of an image layout; `directories` only where mounts into them are judged (scriptworker images). */
export function imageFacts(name: string, dockerfile: string, layout: ImageLayout, options: { directories?: boolean } = {}): ImageFacts {
  const files = [...layout.files].filter(interestingFile).sort();
  return {
    name,
    dockerfile,
    ...(layout.entrypoint ? { entrypoint: layout.entrypoint } : {}),
    ...(layout.cmd ? { cmd: layout.cmd } : {}),
    ...(layout.user ? { user: layout.user } : {}),
    ...(layout.workdir ? { workdir: layout.workdir } : {}),
    ...(layout.expose.length ? { expose: layout.expose } : {}),
    ...(Object.keys(layout.env).length ? { env: layout.env } : {}),
    files,
    directories: options.directories === false ? [] : [...directoriesOf(layout.files)].filter((d) => interestingFile(`${d}/`)).sort(),
    links: layout.links,
  };
}

interface KindTask {
  definition?: string;
  parent?: string;
  args?: Record<string, string>;
}

/** Image layouts of the taskgraph docker-image kind (parents first). */
export function kindImages(repo: UpstreamRepo, kindPath = "taskcluster/kinds/docker-image/kind.yml"): Map<string, { dockerfile: string; layout: ImageLayout }> {
  const kind = YAML.parse(repo.read(kindPath)) as { tasks: Record<string, KindTask | null> };
  const tasks = kind.tasks;
  const out = new Map<string, { dockerfile: string; layout: ImageLayout }>();
  const build = (name: string): { dockerfile: string; layout: ImageLayout } | undefined => {
    if (out.has(name)) return out.get(name);
    const task = tasks[name] ?? {};
    const dockerfile = `taskcluster/docker/${task.definition ?? name}/Dockerfile`;
    if (!repo.has(dockerfile)) return undefined;
    const parent = task.parent ? build(task.parent)?.layout : undefined;
    const layout = imageLayout({ text: repo.read(dockerfile), repoFiles: repo.files, args: task.args, parent });
    out.set(name, { dockerfile, layout });
    return out.get(name);
  };
  for (const name of Object.keys(tasks)) build(name);
  return out;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

export interface ScriptworkerOptions {
  /** Scripts to read (default: every `<x>script/docker.d/init_worker.sh`). */
  scripts?: string[];
  concurrency?: number;
  progress?: (message: string) => void;
}

export async function scriptworkerFacts(repo: UpstreamRepo, options: ScriptworkerOptions = {}): Promise<ScriptworkerFacts> {
  const startupScript = "docker.d/init.sh";
  const init = repo.read(startupScript);
  const images = kindImages(repo);
  const found = repo.files.map((f) => /^([a-z]+)script\/docker\.d\/init_worker\.sh$/.exec(f)?.[1]).filter((s): s is string => !!s);
  const scripts = (options.scripts ?? found).filter((s) => found.includes(s)).sort();
  const out: Record<string, ScriptFacts> = {};
  for (const script of scripts) {
    options.progress?.(`scriptworker-scripts: ${script}`);
    const image = images.get(`${script}script`);
    if (!image) throw new Error(`${repo.repository}: no docker image for ${script}script in taskcluster/kinds/docker-image/kind.yml`);
    const initWorker = repo.read(`${script}script/docker.d/init_worker.sh`);
    // The image's /app/docker.d is docker.d/ with <script>script/docker.d/ copied over it.
    const templateSource = (imagePath: string): string | undefined => {
      const base = posix.basename(imagePath);
      for (const candidate of [`${script}script/docker.d/${base}`, `docker.d/${base}`]) if (repo.has(candidate)) return candidate;
      return undefined;
    };
    const templates: Record<string, TemplateFacts> = {};
    const parsed = new Map<string, unknown>();
    for (const file of [...image.layout.files].filter((f) => /^\/app\/docker\.d\/[^/]+\.ya?ml$/.test(f)).sort()) {
      const source = templateSource(file);
      if (!source) continue;
      const template = YAML.parse(repo.read(source));
      parsed.set(file, template);
      templates[file] = { source, references: templateReferences(template) };
    }
    const exports = new Set<string>();
    const combos = WORKER_ENVS.flatMap((env) => COT_PRODUCTS.map((product) => ({ env, product })));
    const results = await pool(combos, options.concurrency ?? 3, async ({ env, product }) => {
      const podEnv: Record<string, string> = { PROJECT_NAME: script, ENV: env, COT_PRODUCT: product, TASKCLUSTER_ROOT_URL: "https://firefox-ci-tc.services.mozilla.com", TASKCLUSTER_CLIENT_ID: "client" };
      const observed = await observeStartup({ init, initWorker }, podEnv);
      if (!observed.started) return { env, product, facts: { starts: false, exitCode: observed.exitCode, output: observed.output } as StartupFacts };
      const requires = podRequired(observed, podEnv);
      let autograph: AutographEntryFacts[] | undefined;
      const podNames = new Set([...POD_BASE, ...observed.checks.filter((c) => c.wasUnset).map((c) => c.name)]);
      for (const call of observed.configLoader) {
        const context: Record<string, string> = {};
        const known: Record<string, string> = {};
        for (const [k, v] of Object.entries(call.env)) {
          // A credential the pod provides renders as its own name, so the rendered config says which variable fills each field.
          if (podNames.has(k)) known[k] = POD_BASE.includes(k as (typeof POD_BASE)[number]) ? v : k;
          else {
            context[k] = v;
            exports.add(k);
          }
        }
        let template = parsed.get(call.template);
        if (template === undefined) {
          const source = templateSource(call.template);
          if (!source) throw new Error(`${repo.repository}: ${script} start-up renders ${call.template}, which the image does not have`);
          template = YAML.parse(repo.read(source));
        }
        const render = renderLikeConfigloader(template, context, known, (name) => name);
        if (render.error) throw new Error(`${repo.repository}: ${call.template} for ${script} ${env}/${product} does not render: ${render.error}`);
        requires[call.template] = [...new Set([...render.lookedUp, ...render.undefinedNames])];
        if (call.template.endsWith("/passwords.yml")) autograph = autographEntries(render.rendered);
      }
      return { env, product, facts: { starts: true, requires, ...(autograph ? { autograph } : {}) } as StartupFacts };
    });
    const startup: Record<string, Record<string, StartupFacts>> = {};
    for (const r of results) (startup[r.env] ??= {})[r.product] = r.facts;
    out[script] = { image: imageFacts(`${script}script`, image.dockerfile, image.layout), templates, exports: [...exports].sort(), startup };
  }
  return { repository: repo.repository, commit: repo.commit, startupScript, scripts: out };
}
