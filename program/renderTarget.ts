// The render target (the default: no cluster) makes @pulumi/kubernetes write every Kubernetes object
// of the stack as YAML on this machine, Secret values in plain text (its renderYamlToDirectory
// documents it). This module says where, makes a git work tree a `pulumi up` problem unless the stack
// asks for it, and words the warning the engine prints. The offline plan renders nothing to disk.
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigProblem } from "../domain/problems";
import type { KubernetesTarget } from "../stacks/schema/common";
import { PROJECT_ROOT } from "../stacks/stackFile";

type RenderTarget = Extract<KubernetesTarget, { target: "render" }>;

/** Where the render target writes a stack's YAML: `renderDirectory` (relative to the project root) or `out/render/<stack>`. */
export function renderDirectory(stack: string, target: RenderTarget): string {
  return target.renderDirectory ? path.resolve(PROJECT_ROOT, target.renderDirectory) : path.join(PROJECT_ROOT, "out", "render", stack);
}

/** The git work tree `dir` lies in: the nearest ancestor (or itself) holding `.git` (a directory, or a linked worktree's file). */
export function enclosingGitWorkTree(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

export interface RenderStack {
  stack: string;
  kubernetes: KubernetesTarget;
}

/**
 * A render directory inside a git work tree, unless the stack allows it (`kubernetes.allowRenderInWorkTree`):
 * a `pulumi up` problem (planEnvironment/planPools add it when deploying; the offline plan renders nothing).
 */
export function renderTargetProblems(config: RenderStack): ConfigProblem[] {
  const target = config.kubernetes;
  if (target.target !== "render" || target.allowRenderInWorkTree) return [];
  const dir = renderDirectory(config.stack, target);
  const workTree = enclosingGitWorkTree(dir);
  if (!workTree) return [];
  return [
    {
      key: "releng-envs:kubernetes.renderDirectory",
      problem: `is ${target.renderDirectory ? "" : "the default, "}${path.relative(workTree, dir) || "."} inside the git work tree ${workTree}: the render target writes every Kubernetes object there, Secret values in plain text`,
      fix:
        `render outside any git work tree: pulumi config set --path releng-envs:kubernetes.renderDirectory /absolute/path/outside/the/repository -s ${config.stack}; ` +
        `or, knowing that Secrets are written in clear there${target.renderDirectory ? "" : " (out/ is git-ignored)"}, pulumi config set --path releng-envs:kubernetes.allowRenderInWorkTree true -s ${config.stack}`,
    },
  ];
}

/**
 * What the engine is told for a render-target stack (program/config.ts logs it as a warning): where
 * `pulumi up` writes, Secrets in plain text; on a preview also that up will refuse a git work tree.
 * Other targets: undefined.
 */
export function renderTargetWarning(config: RenderStack, options: { deploying: boolean }): string | undefined {
  const target = config.kubernetes;
  if (target.target !== "render") return undefined;
  const dir = renderDirectory(config.stack, target);
  const what = `every Kubernetes object of ${config.stack} as YAML under ${dir}, Secret values (database passwords, service credentials) in plain text`;
  if (options.deploying) return `The render target writes ${what}. Keep that directory private; pulumi destroy removes the files.`;
  const refused = renderTargetProblems(config).length > 0;
  return `pulumi up on the render target will write ${what}${refused ? `; it refuses while that is inside a git work tree (see releng-envs:kubernetes.renderDirectory in docs/config.md)` : ""}.`;
}
