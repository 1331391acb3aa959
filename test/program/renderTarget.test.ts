// The render target writes Secrets in plain text (@pulumi/kubernetes renderYamlToDirectory): the
// engine is told so, and `pulumi up` refuses to render inside a git work tree unless the stack asks
// (issue #18). The offline plan renders nothing and is unaffected.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readProgramConfig } from "../../program/config";
import { declareStack } from "../../program/declareStack";
import { enclosingGitWorkTree, renderDirectory } from "../../program/renderTarget";
import { isConfigError } from "../../stacks/errors";
import { PROJECT_ROOT, rawConfigFromFile } from "../../stacks/stackFile";
import { engineConfig, evaluateStack } from "../../tools/plan/evaluate";
import { installRecordingMocks, settle } from "../../tools/plan/mocks";
import { envRaw, problemsOf, TODAY } from "../helpers";
import { cli, tempStacks } from "../cli/helpers";

/** A fresh git work tree (git init), or a directory holding `.git` where git is missing. */
function gitWorkTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-worktree-"));
  if (spawnSync("git", ["init", "-q", dir]).status !== 0) fs.mkdirSync(path.join(dir, ".git"));
  return dir;
}

/** A directory outside any git work tree. */
function plainDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-plain-"));
  expect(enclosingGitWorkTree(dir), `${os.tmpdir()} must not be inside a git work tree`).toBeUndefined();
  return dir;
}

/** What index.ts runs on the engine (config, then the plan and declarations) for `kubernetes`, on an update or a preview; the warnings it logged. */
async function onEngine(kubernetes: Record<string, unknown>, mode: "up" | "preview") {
  const raw = envRaw({ kubernetes });
  const { config, secretKeys } = engineConfig(raw);
  installRecordingMocks(raw.stack, config, secretKeys, [], {}, mode === "preview");
  const warn = vi.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
  try {
    declareStack(readProgramConfig(TODAY), { deploying: mode === "up" });
    return { accepted: true as const, warnings: warn.mock.calls.map((c) => String(c[0])) };
  } catch (e) {
    if (!isConfigError(e)) throw e;
    return { accepted: false as const, error: e, warnings: warn.mock.calls.map((c) => String(c[0])) };
  } finally {
    await settle();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("the render target on the engine", () => {
  it("refuses pulumi up rendering inside a git work tree, naming the key and both ways out", async () => {
    const repo = gitWorkTree();
    const r = await onEngine({ target: "render", renderDirectory: path.join(repo, "out", "render") }, "up");
    expect(r.accepted).toBe(false);
    if (r.accepted) return;
    const [problem] = r.error.problems;
    expect(problem.key).toBe("releng-envs:kubernetes.renderDirectory");
    expect(problem.problem).toMatch(/inside the git work tree .*Secret values in plain text/);
    expect(problem.fix).toMatch(/releng-envs:kubernetes\.renderDirectory .*outside/);
    expect(problem.fix).toMatch(/releng-envs:kubernetes\.allowRenderInWorkTree true/);
    expect(r.error.message).toMatch(/^Stack config error in stacks\/Pulumi\.env-jane-fx150\.yaml/);
  });

  it("refuses the default out/render/<stack> when the project is a git clone, as it is in CI", async () => {
    expect(renderDirectory("env-x", { target: "render" })).toBe(path.join(PROJECT_ROOT, "out", "render", "env-x"));
    const clone = enclosingGitWorkTree(PROJECT_ROOT);
    const r = await onEngine({ target: "render" }, "up");
    // A copy that is no git work tree (an unpacked tarball) renders with the warning alone.
    expect(r.accepted).toBe(clone === undefined);
    if (!r.accepted) expect(r.error.problems[0].problem).toMatch(/^is the default, out\/render\/env-jane-fx150 inside the git work tree /);
  });

  it("renders inside a work tree when the stack asks, and says that Secrets are written in clear", async () => {
    const repo = gitWorkTree();
    const dir = path.join(repo, "out", "render", "env-jane-fx150");
    const r = await onEngine({ target: "render", renderDirectory: dir, allowRenderInWorkTree: true }, "up");
    expect(r.accepted).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain(dir);
    expect(r.warnings[0]).toMatch(/Secret values .* in plain text/);
  });

  it("renders outside any work tree without being asked, with the same warning", async () => {
    const dir = path.join(plainDirectory(), "env-jane-fx150");
    const r = await onEngine({ target: "render", renderDirectory: dir }, "up");
    expect(r.accepted).toBe(true);
    expect(r.warnings.join("\n")).toMatch(/plain text/);
  });

  it("previews inside a work tree (a preview deploys nothing) and warns what up will do", async () => {
    const repo = gitWorkTree();
    const r = await onEngine({ target: "render", renderDirectory: path.join(repo, "render") }, "preview");
    expect(r.accepted).toBe(true);
    expect(r.warnings.join("\n")).toMatch(/pulumi up on the render target will write .* plain text; it refuses while that is inside a git work tree/);
  });

  it("keeps out/render/ out of git (.gitignore)", () => {
    const r = spawnSync("git", ["check-ignore", "-q", "out/render/env-x/v1-Secret-env-x-db.yaml"], { cwd: PROJECT_ROOT });
    // Exit 128: git missing or not a clone; then the rule is read from .gitignore itself.
    if (r.status === 0 || r.status === 1) expect(r.status).toBe(0);
    else expect(fs.readFileSync(path.join(PROJECT_ROOT, ".gitignore"), "utf8")).toMatch(/^out\/$/m);
  });

  it("says nothing for a cluster target", async () => {
    const r = await onEngine({ target: "kubeconfig" }, "up");
    expect(r).toMatchObject({ accepted: true, warnings: [] });
  });
});

describe("checkout says it", () => {
  it("prints, under the next commands, where up renders and that Secrets are in plain text", async () => {
    const r = await cli(["checkout", "bob", "--holder", "bob@mozilla.com", "--services", "balrog", "--days", "5", "--purpose", "Testing"], { stacksDir: tempStacks() });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/pulumi up --policy-pack policies -s env-bob\n {2}\(render target, the default: up writes the YAML under out\/render\/env-bob, Secret values in plain text/);
    if (enclosingGitWorkTree(PROJECT_ROOT)) expect(r.out).toMatch(/inside a git work tree it refuses until releng-envs:kubernetes\.renderDirectory is outside it/);
  });
});

describe("render target config", () => {
  it.each([
    [{ target: "render", renderDirectory: "~/render" }, /not expanded/, /renderDirectory/],
    [{ target: "render", renderDirectory: "" }, /empty/, /renderDirectory/],
    [{ target: "render", allowRenderInWorkTree: "yes" }, /true or false/, /allowRenderInWorkTree: true\|false/],
    [{ target: "kubeconfig", renderDirectory: "/tmp/x" }, /not a known key/, /remove it/],
  ])("refuses %j", (kubernetes, message, fix) => {
    const e = problemsOf(envRaw({ kubernetes }));
    const p = e.problems.find((x) => x.key.startsWith("releng-envs:kubernetes"));
    expect(p, JSON.stringify(e.problems)).toBeDefined();
    expect(p!.problem).toMatch(message);
    expect(p!.fix).toMatch(fix);
  });

  it("resolves a relative renderDirectory against the project root", () => {
    expect(renderDirectory("env-x", { target: "render", renderDirectory: "../rendered/env-x" })).toBe(path.resolve(PROJECT_ROOT, "../rendered/env-x"));
  });
});

describe("the offline plan renders nothing and is unaffected", () => {
  it("plans a render stack inside a work tree without refusing, its output naming the directory", async () => {
    const repo = gitWorkTree();
    const dir = path.join(repo, "render");
    const plan = await evaluateStack(envRaw({ kubernetes: { target: "render", renderDirectory: dir } }), { today: TODAY });
    expect(plan.configError?.message).toBeUndefined();
    expect(plan.programError).toBeUndefined();
    expect(plan.outputs.renderDirectory).toBe(dir);
    expect(fs.readdirSync(repo)).toEqual([".git"]);
  });

  it("keeps the sample's output: renderDirectory out/render/<stack>", async () => {
    const plan = await evaluateStack(rawConfigFromFile("env-example"), { today: TODAY });
    expect(plan.configError?.message).toBeUndefined();
    expect(plan.outputs.renderDirectory).toBe(path.join(PROJECT_ROOT, "out", "render", "env-example"));
    const [provider] = plan.resources.filter((r) => r.type === "pulumi:providers:kubernetes");
    expect(provider.inputs.renderYamlToDirectory).toBe(path.join(PROJECT_ROOT, "out", "render", "env-example"));
  });
});
