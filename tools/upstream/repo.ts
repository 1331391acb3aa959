// Read-only access to one upstream repository at its committed HEAD, whether it is a working
// checkout (`<dir>/.git`) or a bare git directory (`/work/.mirror/<owner>+<name>/repo`). Facts
// always come from the commit, never from uncommitted files, so every fact names its commit.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export interface UpstreamRepo {
  /** `owner/name` on GitHub. */
  repository: string;
  commit: string;
  /** Every file path at the commit. */
  files: readonly string[];
  read(path: string): string;
  has(path: string): boolean;
  /** Reads many files in one git process (a process per file is slow). */
  prefetch(paths: readonly string[]): void;
}

/** The upstream repositories the contract data comes from. */
export const UPSTREAM_REPOSITORIES = [
  "mozilla-releng/scriptworker-scripts",
  "mozilla-releng/balrog",
  "mozilla-releng/shipit",
  "mozilla-services/go-bouncer",
  "mozilla-services/bouncer-admin",
  "mozilla-releng/k8s-autoscale",
] as const;
export type UpstreamRepository = (typeof UPSTREAM_REPOSITORIES)[number];

function isGitDir(dir: string): boolean {
  return existsSync(join(dir, "HEAD")) && existsSync(join(dir, "objects"));
}

/**
 * The git directory for `owner/name` under `root`: `<root>/<name>` (checkout or bare),
 * `<root>/<name>.git`, `<root>/<owner>+<name>` or `<root>/<owner>+<name>/repo` (the mirror layout).
 */
export function findGitDir(root: string, repository: string): string | undefined {
  const [owner, name] = repository.split("/");
  const candidates = [join(root, name), join(root, `${name}.git`), join(root, `${owner}+${name}`), join(root, `${owner}+${name}`, "repo")];
  for (const dir of candidates) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    if (existsSync(join(dir, ".git"))) return join(dir, ".git");
    if (isGitDir(dir)) return dir;
  }
  return undefined;
}

function git(gitDir: string, args: string[]): string {
  return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
}

export function openRepo(gitDir: string, repository: string): UpstreamRepo {
  const commit = git(gitDir, ["rev-parse", "HEAD^{commit}"]).trim();
  const files = git(gitDir, ["ls-tree", "-r", "--name-only", "-z", commit]).split("\0").filter(Boolean);
  const set = new Set(files);
  const cache = new Map<string, string>();
  const prefetch = (paths: readonly string[]) => {
    const wanted = paths.filter((p) => set.has(p) && !cache.has(p));
    if (wanted.length === 0) return;
    const out = execFileSync("git", ["--git-dir", gitDir, "cat-file", "--batch"], { input: wanted.map((p) => `${commit}:${p}`).join("\n") + "\n", maxBuffer: 512 * 1024 * 1024 });
    let offset = 0;
    for (const path of wanted) {
      const headerEnd = out.indexOf(10, offset);
      const header = out.subarray(offset, headerEnd).toString("utf8");
      const size = Number(header.split(" ")[2]);
      cache.set(path, out.subarray(headerEnd + 1, headerEnd + 1 + size).toString("utf8"));
      offset = headerEnd + 1 + size + 1;
    }
  };
  return {
    prefetch,
    repository,
    commit,
    files,
    has: (path) => set.has(path),
    read(path) {
      if (!set.has(path)) throw new Error(`${repository}@${commit.slice(0, 12)} has no file ${path}`);
      let text = cache.get(path);
      if (text === undefined) {
        text = git(gitDir, ["show", `${commit}:${path}`]);
        cache.set(path, text);
      }
      return text;
    },
  };
}

/** Opens every upstream repository under `root`; names the missing ones. */
export function openUpstreams(root: string): { repos: Partial<Record<UpstreamRepository, UpstreamRepo>>; missing: UpstreamRepository[] } {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`${root} is not a directory`);
  const repos: Partial<Record<UpstreamRepository, UpstreamRepo>> = {};
  const missing: UpstreamRepository[] = [];
  for (const repository of UPSTREAM_REPOSITORIES) {
    const gitDir = findGitDir(root, repository);
    if (gitDir) repos[repository] = openRepo(gitDir, repository);
    else missing.push(repository);
  }
  return { repos, missing };
}

/** Directory entries for error messages. */
export function listDir(root: string): string[] {
  try {
    return readdirSync(root);
  } catch {
    return [];
  }
}
