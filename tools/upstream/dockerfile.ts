// A small reader for the Dockerfiles of the upstream images: which repository files land where,
// the final stage's ENTRYPOINT, CMD, USER, WORKDIR, ENV and EXPOSE. Build contexts follow
// taskgraph's convention (`topsrcdir/` is the repository root; plain Dockerfiles use the root too).
// RUN is opaque except two forms the images use to lay files down: `ln -s TARGET LINK` and
// `cp -R SRC/* DEST/`.
import { posix } from "node:path";

export interface DockerInstruction {
  keyword: string;
  args: string;
}

/** Instructions of a Dockerfile: comments dropped, `\` continuations joined. */
export function dockerInstructions(text: string): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (/^\s*#/.test(line) && pending === "") continue;
    if (/^\s*#/.test(line)) continue;
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      continue;
    }
    const full = (pending + line).trim();
    pending = "";
    if (!full) continue;
    const m = /^(\S+)\s*(.*)$/.exec(full)!;
    out.push({ keyword: m[1].toUpperCase(), args: m[2].trim() });
  }
  return out;
}

/** `["a", "b"]` (exec form) or `a b` (shell form → `/bin/sh -c "a b"`). */
export function execForm(args: string): string[] {
  if (args.startsWith("[")) return JSON.parse(args) as string[];
  return ["/bin/sh", "-c", args];
}

function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a, def, b) => {
    const name = a ?? b;
    // Docker expands an undeclared variable (e.g. an ARG of another stage) to the empty string.
    return vars[name] ?? def ?? (whole.startsWith("$DOCKER_IMAGE_PARENT") ? whole : "");
  });
}

export interface ImageLayout {
  /** Every file path in the image that came from the repository (absolute). */
  files: Set<string>;
  /** Symlinks laid down by `ln -s`: link → target. */
  links: Record<string, string>;
  entrypoint?: string[];
  cmd?: string[];
  user?: string;
  workdir?: string;
  env: Record<string, string>;
  expose: number[];
}

export interface DockerfileInput {
  text: string;
  /** Repository files (for expanding directories). */
  repoFiles: readonly string[];
  /** Build args (taskgraph kind.yml `args`), over the Dockerfile's ARG defaults. */
  args?: Record<string, string>;
  /** Layout of `$DOCKER_IMAGE_PARENT` (taskgraph `parent`). */
  parent?: ImageLayout;
}

function emptyLayout(): ImageLayout {
  return { files: new Set(), links: {}, env: {}, expose: [] };
}

function cloneLayout(l: ImageLayout): ImageLayout {
  return { files: new Set(l.files), links: { ...l.links }, entrypoint: l.entrypoint, cmd: l.cmd, user: l.user, workdir: l.workdir, env: { ...l.env }, expose: [...l.expose] };
}

/** Repository path of a build-context path (`topsrcdir/x` → `x`, `.` → ``). */
function contextPath(src: string): string {
  let p = src.replace(/^\/+/, "").replace(/^topsrcdir\/?/, "").replace(/^\.\/?/, "").replace(/\/+$/, "");
  if (p === ".") p = "";
  return p;
}

function copyFromRepo(layout: ImageLayout, sources: string[], dest: string, repoFiles: readonly string[], workdir: string) {
  const target = dest.startsWith("/") ? dest : posix.join(workdir, dest);
  // Docker copies into `dest` when it names a directory: trailing slash, several sources, or a directory that exists.
  const intoDir = dest.endsWith("/") || sources.length > 1 || target === workdir || directoriesOf(layout.files).has(target);
  for (const src of sources) {
    const path = contextPath(src);
    const isFile = path !== "" && repoFiles.includes(path);
    if (isFile) {
      layout.files.add(intoDir ? posix.join(target, posix.basename(path)) : target);
      continue;
    }
    const prefix = path === "" ? "" : `${path}/`;
    for (const f of repoFiles) if (f.startsWith(prefix)) layout.files.add(posix.join(target, f.slice(prefix.length)));
  }
}

function copyFromStage(layout: ImageLayout, from: ImageLayout, sources: string[], dest: string, workdir: string) {
  const target = dest.startsWith("/") ? dest : posix.join(workdir, dest);
  for (const src of sources) {
    const abs = src.replace(/\/+$/, "");
    for (const f of from.files) {
      if (f === abs) layout.files.add(dest.endsWith("/") ? posix.join(target, posix.basename(f)) : target);
      else if (f.startsWith(`${abs}/`)) layout.files.add(posix.join(target, f.slice(abs.length + 1)));
    }
  }
}

/** The final stage's layout. */
export function imageLayout(input: DockerfileInput): ImageLayout {
  const stages = new Map<string, ImageLayout>();
  const globalArgs: Record<string, string> = {};
  let vars: Record<string, string> = {};
  let layout: ImageLayout | undefined;
  for (const { keyword, args } of dockerInstructions(input.text)) {
    if (keyword === "ARG") {
      const [name, def] = args.split("=", 2);
      const value = input.args?.[name] ?? (def !== undefined ? def.replace(/^"|"$/g, "") : undefined);
      if (value !== undefined) (layout ? vars : globalArgs)[name] = value;
      continue;
    }
    if (keyword === "FROM") {
      const parts = substitute(args, { ...globalArgs, ...input.args }).split(/\s+/).filter((p) => !p.startsWith("--"));
      const base = parts[0];
      const alias = parts[2];
      layout = stages.has(base) ? cloneLayout(stages.get(base)!) : /DOCKER_IMAGE_PARENT/.test(args) && input.parent ? cloneLayout(input.parent) : emptyLayout();
      if (alias) stages.set(alias, layout);
      vars = { ...globalArgs, ...input.args };
      continue;
    }
    if (!layout) continue;
    const text = substitute(args, { ...layout.env, ...vars });
    switch (keyword) {
      case "ENV": {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=|\s+)(.*)$/.exec(text);
        if (m) layout.env[m[1]] = m[2].replace(/^"|"$/g, "");
        break;
      }
      case "WORKDIR":
        layout.workdir = text.startsWith("/") ? text : posix.join(layout.workdir ?? "/", text);
        break;
      case "USER":
        layout.user = text;
        break;
      case "EXPOSE":
        layout.expose.push(...text.split(/\s+/).map((p) => Number(p.split("/")[0])).filter((n) => Number.isInteger(n)));
        break;
      case "ENTRYPOINT":
        layout.entrypoint = execForm(text);
        break;
      case "CMD":
        layout.cmd = execForm(text);
        break;
      case "COPY":
      case "ADD": {
        const words = text.split(/\s+/);
        const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
        const rest = words.filter((w) => !w.startsWith("--"));
        const dest = rest.pop()!;
        const workdir = layout.workdir ?? "/";
        if (from) {
          const stage = stages.get(from);
          if (stage) copyFromStage(layout, stage, rest, dest, workdir);
        } else copyFromRepo(layout, rest, dest, input.repoFiles, workdir);
        break;
      }
      case "RUN": {
        for (const m of text.matchAll(/\bln\s+-s\s+(\S+)\s+(\S+)/g)) layout.links[m[2]] = m[1];
        for (const m of text.matchAll(/\bcp\s+-R\s+(\/\S+)\/\*\s+(\/\S+?)\/?(?=[\s)]|$)/g)) {
          const src = m[1];
          for (const f of [...layout.files]) if (f.startsWith(`${src}/`)) layout.files.add(posix.join(m[2], f.slice(src.length + 1)));
        }
        break;
      }
    }
  }
  return layout ?? emptyLayout();
}

/** Directories of a set of files (every ancestor). */
export function directoriesOf(files: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const f of files) for (let d = posix.dirname(f); d !== "/" && !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
  return dirs;
}
