// Facts of the service images (Balrog, Ship-it, go-bouncer, bouncer-admin): per app, the image's
// entrypoint/command/user/ports and laid-down files, the environment variables its code reads
// (required or with a default), the routes it serves and its health endpoints. Which files belong
// to which app is this tool's knowledge (APP_SPECS); every fact is read from the repository.
import YAML from "yaml";
import { imageLayout } from "./dockerfile";
import type { UpstreamRepo } from "./repo";
import type { AppFacts, EnvRead, Route, ServiceFacts } from "../../catalog/upstreamContract";
import { imageFacts, kindImages } from "./scriptworker";

export interface AppSpec {
  /** Dockerfile path, or a taskgraph docker-image task name (`kind:<task>`). */
  image: string;
  /** Build args the Dockerfile is built with for this app. */
  buildArgs?: Record<string, string>;
  /** Arguments the deployment passes to the image's ENTRYPOINT (CMD replacement), e.g. `admin`. */
  args?: string[];
  /** Source files (path prefixes or exact paths) whose environment reads are the app's. */
  sources: string[];
  /** OpenAPI specs served: path → base path it is mounted at. */
  openapi?: Record<string, string>;
}

export const APP_SPECS: Record<string, Record<string, AppSpec>> = {
  "mozilla-releng/balrog": {
    admin: {
      image: "kind:balrog-backend",
      args: ["admin"],
      // scripts/run.sh dispatches sub-commands (create-db, cleanup-db, ...); its checks belong to those, not the app.
      sources: ["uwsgi/admin.ini", "uwsgi/admin.wsgi", "src/auslib/web/admin/", "src/auslib/web/common/", "src/auslib/db.py", "src/auslib/dockerflow.py"],
      openapi: { "src/auslib/web/admin/swagger/api.yml": "", "src/auslib/web/admin/swagger/api_v2.yml": "/v2" },
    },
    public: {
      image: "kind:balrog-backend",
      args: ["public"],
      sources: ["uwsgi/public.ini", "uwsgi/public.wsgi", "src/auslib/web/public/", "src/auslib/web/common/", "src/auslib/db.py"],
      openapi: { "src/auslib/web/public/swagger/api.yml": "" },
    },
    agent: { image: "kind:balrog-agent", args: ["agent"], sources: ["agent/run.sh", "agent/src/"] },
  },
  "mozilla-releng/shipit": {
    admin: {
      image: "taskcluster/docker/shipit/Dockerfile",
      buildArgs: { APP_TYPE: "admin" },
      sources: ["api/docker.d/init.sh", "api/src/shipit_api/admin/", "api/src/shipit_api/common/", "api/src/backend_common/"],
      openapi: { "api/src/shipit_api/admin/api.yml": "", "api/src/backend_common/api.yml": "" },
    },
    public: {
      image: "taskcluster/docker/shipit/Dockerfile",
      buildArgs: { APP_TYPE: "public" },
      sources: ["api/docker.d/init.sh", "api/src/shipit_api/public/", "api/src/shipit_api/common/", "api/src/backend_common/"],
      openapi: { "api/src/shipit_api/public/api.yml": "", "api/src/backend_common/api.yml": "" },
    },
  },
  "mozilla-services/go-bouncer": {
    redirector: { image: "Dockerfile", sources: ["main.go", "handlers.go", "db.go", "params.go"] },
  },
  "mozilla-services/bouncer-admin": {
    admin: { image: "Dockerfile", sources: ["run", "nazgul/"] },
  },
};

const PY_REQUIRED = [/os\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]/g, /\bconfig\(\s*["']([A-Z][A-Z0-9_]*)["']\s*\)/g];
const PY_OPTIONAL = [/os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']/g, /os\.getenv\(\s*["']([A-Z][A-Z0-9_]*)["']/g, /["']([A-Z][A-Z0-9_]*)["']\s+in\s+os\.environ/g, /\bconfig\(\s*["']([A-Z][A-Z0-9_]*)["']\s*,/g];
const GO_ENV = /EnvVars?:\s*(?:\[\]string\{)?\s*"([A-Z][A-Z0-9_]*)"/g;
const GO_GETENV = /os\.Getenv\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g;
const MUST_BE_SET = /"([A-Z][A-Z0-9_]*) must be set/g;
const SH_REQUIRED = /-z\s+"?\$\{?([A-Z][A-Z0-9_]*)\}?"?/g;
const SH_OPTIONAL = /\$\{([A-Z][A-Z0-9_]*):-/g;
const SH_READ = /\$\{?([A-Z][A-Z0-9_]*)\b/g;

/**
 * Python: `os.environ["X"]` and `config("X")` are required unless they sit in a block guarded by a
 * positive environment test (`if os.environ.get("Y"):`, `if "Y" in os.environ:`); a negative test
 * that exits (`if not os.environ.get("X") ...: sys.exit(1)`) makes X required; `.get`/`getenv`/
 * `config(..., default=...)` reads are optional.
 */
function pythonEnvReads(text: string): { name: string; use: "required" | "optional" }[] {
  const out: { name: string; use: "required" | "optional" }[] = [];
  const guards: number[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith("#")) return;
    const indent = line.length - line.trimStart().length;
    while (guards.length && indent <= guards[guards.length - 1]) guards.pop();
    const guarded = guards.length > 0;
    for (const re of PY_REQUIRED) for (const m of line.matchAll(re)) out.push({ name: m[1], use: guarded ? "optional" : "required" });
    for (const re of PY_OPTIONAL) for (const m of line.matchAll(re)) out.push({ name: m[1], use: "optional" });
    const test = /^\s*(?:el)?if\s+(.*):\s*$/.exec(line);
    if (!test) return;
    const negative = /\bnot\s+os\.environ\.get\(/.test(test[1]);
    if (negative) {
      const body = lines.slice(i + 1, i + 4).join("\n");
      if (/sys\.exit|raise\s/.test(body)) for (const m of test[1].matchAll(/not\s+os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']/g)) out.push({ name: m[1], use: "required" });
    } else if (/os\.environ\.get\(|os\.getenv\(|in\s+os\.environ/.test(test[1])) guards.push(indent);
  });
  return out;
}

/** Environment reads of one source file. */
export function envReads(path: string, text: string): { name: string; use: "required" | "optional" }[] {
  const out: { name: string; use: "required" | "optional" }[] = [];
  const add = (re: RegExp, use: "required" | "optional") => {
    for (const m of text.matchAll(re)) out.push({ name: m[1], use });
  };
  if (path.endsWith(".py") || path.endsWith(".wsgi")) return pythonEnvReads(text);
  if (path.endsWith(".go")) {
    add(GO_ENV, "optional");
    add(GO_GETENV, "optional");
    add(MUST_BE_SET, "required");
  } else if (path.endsWith(".ini")) {
    for (const m of text.matchAll(/\$\(([A-Z][A-Z0-9_]*)\)/g)) out.push({ name: m[1], use: "required" });
  } else {
    // Shell: a `-z` check is a requirement; `${X:-default}` has a default; other reads are optional.
    add(SH_REQUIRED, "required");
    add(SH_OPTIONAL, "optional");
    for (const m of text.matchAll(SH_READ)) if (!/^(HOME|PATH|PWD|MY_DIR|EXTRA_ARGS|ASGI_APP|FLASK_APP)$/.test(m[1])) out.push({ name: m[1], use: "optional" });
  }
  return out;
}

function mergeEnv(reads: { name: string; use: "required" | "optional"; file: string }[]): EnvRead[] {
  const byName = new Map<string, EnvRead>();
  for (const r of reads) {
    const e = byName.get(r.name) ?? { name: r.name, use: r.use, files: [] };
    if (r.use === "required") e.use = "required";
    if (!e.files.includes(r.file)) e.files.push(r.file);
    byName.set(r.name, e);
  }
  return [...byName.values()].map((e) => ({ ...e, files: e.files.sort() })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Routes of source files: Flask `.route("…")` (with its Blueprint's `url_prefix`), Go `mux.Handle[Func]("…")`. */
export function codeRoutes(path: string, text: string): Route[] {
  const out: Route[] = [];
  if (path.endsWith(".go")) {
    for (const m of text.matchAll(/\.Handle(?:Func)?\(\s*"([^"]+)"/g)) out.push({ path: m[1], file: path });
    return out;
  }
  const prefixes = new Map<string, string>();
  for (const m of text.matchAll(/(\w+)\s*=\s*Blueprint\(([^)]*)\)/g)) {
    const prefix = /url_prefix\s*=\s*["']([^"']*)["']/.exec(m[2]);
    prefixes.set(m[1], prefix ? prefix[1].replace(/\/+$/, "") : "");
  }
  for (const m of text.matchAll(/(\w+)\.route\(\s*["']([^"']+)["'](?:\s*,\s*methods\s*=\s*\[([^\]]*)\])?/g)) {
    const methods = m[3] ? [...m[3].matchAll(/["']([A-Z]+)["']/g)].map((x) => x[1]) : undefined;
    out.push({ path: `${prefixes.get(m[1]) ?? ""}${m[2]}`, ...(methods ? { methods } : {}), file: path });
  }
  return out;
}

/** Routes of an OpenAPI/Swagger spec (`paths` keys), under `base`. */
export function openapiRoutes(path: string, text: string, base: string): Route[] {
  // uniqueKeys off: PyYAML (what connexion loads specs with) keeps the last of a duplicated key.
  const spec = YAML.parse(text, { uniqueKeys: false }) as { paths?: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths ?? {}).map(([p, ops]) => ({
    path: `${base}${p}`,
    methods: Object.keys(ops ?? {})
      .filter((m) => ["get", "put", "post", "delete", "patch", "head", "options"].includes(m))
      .map((m) => m.toUpperCase())
      .sort(),
    file: path,
  }));
}

function sourceFiles(repo: UpstreamRepo, sources: string[]): string[] {
  return repo.files.filter((f) => sources.some((s) => (s.endsWith("/") ? f.startsWith(s) : f === s)) && !/(^|\/)tests?\//.test(f));
}

export function appFacts(repo: UpstreamRepo, name: string, spec: AppSpec): AppFacts {
  let dockerfile: string;
  let layout;
  if (spec.image.startsWith("kind:")) {
    const task = spec.image.slice(5);
    const built = kindImages(repo).get(task);
    if (!built) throw new Error(`${repo.repository}: no docker image task ${task} in taskcluster/kinds/docker-image/kind.yml`);
    dockerfile = built.dockerfile;
    layout = built.layout;
  } else {
    dockerfile = spec.image;
    layout = imageLayout({ text: repo.read(dockerfile), repoFiles: repo.files, args: spec.buildArgs });
  }
  const files = sourceFiles(repo, spec.sources);
  repo.prefetch(files);
  const reads = files.flatMap((file) => envReads(file, repo.read(file)).map((r) => ({ ...r, file })));
  const routes = [
    ...Object.entries(spec.openapi ?? {}).filter(([p]) => repo.has(p)).flatMap(([p, base]) => openapiRoutes(p, repo.read(p), base)),
    ...files.filter((f) => /\.(py|go)$/.test(f)).flatMap((f) => codeRoutes(f, repo.read(f))),
  ];
  // python-dockerflow's Flask extension (`Dockerflow(...).init_app`) serves the Dockerflow endpoints.
  for (const f of files.filter((x) => x.endsWith(".py"))) {
    if (/from dockerflow\.flask import Dockerflow/.test(repo.read(f))) for (const p of ["/__heartbeat__", "/__lbheartbeat__", "/__version__"]) routes.push({ path: p, file: f });
  }
  const process = [...(layout.entrypoint ?? []), ...(spec.args ?? layout.cmd ?? [])];
  const ports: (number | string)[] = [...layout.expose];
  for (const file of files) {
    const text = repo.read(file);
    for (const m of text.matchAll(/http-socket\s*=\s*[^:\n]*:\$\(([A-Z_]+)\)/g)) ports.push(`env:${m[1]}`);
    for (const m of text.matchAll(/--http-socket\s+"[^:"]*:\$\{([A-Z_]+)(?::-(\d+))?\}"/g)) ports.push(`env:${m[1]}${m[2] ? `:-${m[2]}` : ""}`);
  }
  // uvicorn without --port/--host reads UVICORN_PORT (default 8000) and UVICORN_HOST (default 127.0.0.1).
  for (const file of files) if (/exec\s+\S*uvicorn\s/.test(repo.read(file))) ports.push("env:UVICORN_PORT:-8000", "env:UVICORN_HOST:-127.0.0.1");
  for (const [i, word] of process.entries()) if (word === "--addr" && process[i + 1]) ports.push(process[i + 1]);
  return {
    image: imageFacts(name, dockerfile, layout, { directories: false }),
    process,
    env: mergeEnv(reads),
    routes: routes.sort((a, b) => a.path.localeCompare(b.path) || a.file.localeCompare(b.file)),
    health: [...new Set(routes.map((r) => r.path).filter((p) => /\/__\w+__$/.test(p)))].sort(),
    ports: [...new Set(ports)],
  };
}

export function serviceFacts(repo: UpstreamRepo): ServiceFacts {
  const specs = APP_SPECS[repo.repository];
  if (!specs) throw new Error(`no app specs for ${repo.repository}`);
  const apps: Record<string, AppFacts> = {};
  for (const [name, spec] of Object.entries(specs)) apps[name] = appFacts(repo, name, spec);
  return { repository: repo.repository, commit: repo.commit, apps };
}
