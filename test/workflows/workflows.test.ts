import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { listStacks } from "../../stacks/stackFile";
import { describe, expect, it } from "vitest";
import { touchedStacks } from "../../tools/ci/touchedStacks";
import { tempStacks } from "../cli/helpers";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const LINT = path.join(ROOT, "tools", "workflows", "lint.ts");

/** Runs tools/workflows/lint.ts (GitHub's workflow parser, through tsx) on files; returns problems per file. */
function lint(files: string[]): Record<string, string[]> {
  const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), LINT, "--json", ...files], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  if (!r.stdout) throw new Error(`lint produced no output: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function workflow(name: string) {
  return YAML.parse(fs.readFileSync(path.join(WORKFLOWS, name), "utf8"));
}

describe("GitHub workflows", () => {
  it("pass GitHub's workflow parser and the project rules — and the checker does catch broken files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
    const reap = fs.readFileSync(path.join(WORKFLOWS, "reap-overdue.yml"), "utf8");
    fs.writeFileSync(path.join(dir, "bad-event.yml"), reap.replace("  schedule:\n", "  schedul:\n"));
    fs.writeFileSync(path.join(dir, "bad-expression.yml"), reap.replace("${{ steps.warn.outputs.returnable }}", "${{ steps.warn.outputs.returnable "));
    fs.writeFileSync(path.join(dir, "unpinned.yml"), reap.replace(/actions\/checkout@[0-9a-f]{40} # v[\d.]+/, "actions/checkout@v7"));
    fs.writeFileSync(path.join(dir, "no-version-comment.yml"), reap.replace(/(actions\/checkout@[0-9a-f]{40}) # v[\d.]+/, "$1"));
    fs.writeFileSync(path.join(dir, "no-permissions.yml"), reap.replace(/^permissions:\n {2}contents: read\n/m, ""));

    const results = lint([path.join(WORKFLOWS, "pr.yml"), path.join(WORKFLOWS, "reap-overdue.yml"), ...fs.readdirSync(dir).sort().map((f) => path.join(dir, f))]);
    expect(results[".github/workflows/pr.yml"]).toEqual([]);
    expect(results[".github/workflows/reap-overdue.yml"]).toEqual([]);
    const bad = (f: string) => results[path.join(dir, f)];
    expect(bad("bad-event.yml").join("\n")).toMatch(/Unexpected value 'schedul'/);
    expect(bad("bad-expression.yml").join("\n")).toMatch(/expression is not closed/);
    expect(bad("unpinned.yml").join("\n")).toMatch(/'actions\/checkout@v7' is not pinned to a full commit SHA/);
    expect(bad("no-version-comment.yml").join("\n")).toMatch(/actions\/checkout@[0-9a-f]{40}' has no version comment/);
    expect(bad("no-permissions.yml").join("\n")).toMatch(/no top-level permissions/);
  });

  it("pr.yml: tests, offline plan gated on the change (report as summary and one comment, SARIF on PRs and main), then a real preview with the policy pack, never on forks", () => {
    const pr = workflow("pr.yml");
    expect(Object.keys(pr.on)).toEqual(["pull_request", "push"]);
    expect(pr.on.push.branches).toEqual(["main"]);
    expect(pr.permissions).toEqual({ contents: "read" });
    const runs = (job: string) => pr.jobs[job].steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    expect(runs("test")).toMatch(/npm ci/);
    expect(runs("test")).toMatch(/^npm test$/m);
    // Only the stacks the change touches fail the plan, judged as of the change's date.
    expect(runs("plan")).toMatch(/git diff --name-only "\$BASE_SHA\.\.\.\$HEAD_SHA" > out\/changed-files\.txt/);
    expect(runs("plan")).toMatch(/set -o pipefail\nnpm run --silent plan -- --today "\$TODAY" --changed-files out\/changed-files\.txt 2>&1 \| tee out\/plan\.txt/);
    expect(runs("plan")).toMatch(/cat out\/report\.md >> "\$GITHUB_STEP_SUMMARY"/);
    const comment = pr.jobs.plan.steps.find((s: { uses?: string; with?: { script?: string } }) => s.uses?.startsWith("actions/github-script@"));
    expect(comment.if).toMatch(/^always\(\) && github\.event_name == 'pull_request'/);
    expect(comment.with.script).toMatch(/readFileSync\("out\/report\.md"/);
    expect(comment.with.script).toMatch(/updateComment[\s\S]*createComment/);
    const sarif = pr.jobs.plan.steps.find((s: { uses?: string }) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(sarif.if).toMatch(/hashFiles\('out\/report.sarif'\) != ''/);
    expect(sarif.if).toMatch(/github\.event_name == 'push'/);
    expect(sarif.with.sarif_file).toBe("out/report.sarif");
    const raw = fs.readFileSync(path.join(WORKFLOWS, "pr.yml"), "utf8");
    expect(raw).toMatch(/github\/codeql-action\/upload-sarif@[0-9a-f]{40} # v4\.\d+\.\d+/);

    const preview = pr.jobs.preview;
    expect(preview.needs).toEqual(["test", "plan", "changes"]);
    expect(preview.if).toMatch(/github.event.pull_request.head.repo.full_name == github.repository/);
    expect(preview.strategy.matrix.stack).toBe("${{ fromJSON(needs.changes.outputs.stacks) }}");
    // Prod stacks wait for an approval on the `prod` environment.
    expect(preview.environment).toMatch(/startsWith\(matrix\.stack, 'pools-prod'\)[\s\S]*'prod' \|\| 'nonprod'/);
    const pulumi = preview.steps.find((s: { uses?: string; with?: { command?: string } }) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === "preview");
    expect(pulumi.with).toMatchObject({ command: "preview", policyPacks: "policies", upsert: false, "comment-on-pr": false });
    expect(pulumi.if).toBe("steps.exists.outputs.ok == 'true'");
    // The CLI the SDK belongs to.
    const sdk = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
    for (const step of preview.steps.filter((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions@"))) expect(step.with["pulumi-version"]).toBe(sdk);
    // Least privilege: only the jobs that write ask to; secrets only on the steps that use them.
    expect(pr.jobs.test.permissions).toBeUndefined();
    expect(preview.permissions).toEqual({ contents: "read", "id-token": "write" });
    for (const [name, job] of Object.entries(pr.jobs) as [string, { env?: Record<string, string>; steps: { run?: string; env?: Record<string, string> }[] }][]) {
      expect(JSON.stringify(job.env ?? {}), name).not.toMatch(/secrets\./);
      for (const step of job.steps.filter((st) => /npm ci/.test(st.run ?? ""))) expect(JSON.stringify(step.env ?? {})).not.toMatch(/secrets\./);
    }
  });

  it("reap-overdue.yml: scheduled, lists with the CLI, warns first, returns after a grace period, dry-run by default", () => {
    const reap = workflow("reap-overdue.yml");
    expect(reap.on.schedule[0].cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(reap.on.workflow_dispatch.inputs.apply).toMatchObject({ type: "boolean", default: false });
    const job = reap.jobs.reap;
    // Returns happen only when a human ticks "apply" or the repository opts in for the schedule.
    expect(job.env.APPLY).toBe("${{ (github.event_name == 'workflow_dispatch' && inputs.apply) || (github.event_name == 'schedule' && vars.REAP_APPLY == 'true') }}");
    const names = job.steps.map((s: { name?: string; uses?: string }) => s.name ?? s.uses);
    const list = names.indexOf("List overdue environments");
    const warn = names.indexOf("Warn holders (one issue per overdue environment)");
    const ret = names.indexOf("Return environments past the grace period");
    expect(list).toBeGreaterThan(-1);
    expect(warn).toBeGreaterThan(list);
    expect(ret).toBeGreaterThan(warn);
    expect(job.steps[list].run).toMatch(/npx releng-envs list --json --overdue/);
    expect(job.steps[warn].with.script).toMatch(/overdueDays >= grace/);
    const script: string = job.steps[ret].run;
    const dryRunBranch = script.indexOf(`if [ "$APPLY" != true ]`);
    const realReturn = script.search(/npx releng-envs return "\$name" --yes --force 2>&1/);
    expect(dryRunBranch).toBeGreaterThan(-1);
    expect(script.slice(dryRunBranch, realReturn)).toMatch(/--dry-run[\s\S]*exit 0/);
    expect(realReturn).toBeGreaterThan(dryRunBranch);
    // Failures are seen (pipefail under tee); stacks org-qualified by return; the reaper confirms by flag.
    expect(script).toMatch(/^set -o pipefail$/m);
    expect(script).toMatch(/npx releng-envs return "\$name" --yes --force 2>&1 \| tee -a out\/reap\.log \|\| failed=/);
    expect(job.env.PULUMI_ORG).toBe("${{ vars.PULUMI_ORG }}");
    // Returned files leave through a pull request, never a push to main.
    const prStep = job.steps.find((s: { name?: string }) => s.name === "Pull request removing the returned environments' files");
    expect(prStep.run).toMatch(/git switch -c "\$branch"[\s\S]*git push origin "\$branch"[\s\S]*gh pr create --base main/);
    expect(job.steps.map((s: { run?: string }) => s.run ?? "").join("\n")).not.toMatch(/^\s*git push\s*$/m);
    // Holders are mentioned; warnings of renewed environments are closed.
    expect(job.steps[warn].with.script).toMatch(/holderGitHub/);
    expect(job.steps[warn].with.script).toMatch(/renewed: due[\s\S]*state: "closed"/);
    expect(JSON.stringify(job.env)).not.toMatch(/secrets\./);
    expect(job.permissions).toEqual({ contents: "write", "pull-requests": "write", issues: "write", "id-token": "write" });
  });
});

describe("tools/ci/touchedStacks (which stacks the PR preview runs)", () => {
  const stacksDir = tempStacks({
    "Pulumi.env-jane.yaml": "config:\n  releng-envs:kind: environment\n",
    "Pulumi.pools-dev.yaml": "config:\n  releng-envs:kind: pools\n",
  });

  it("previews a changed stack file, not deleted ones or samples", () => {
    expect(touchedStacks(["stacks/Pulumi.env-jane.yaml", "docs/cli.md"], stacksDir)).toEqual(["env-jane"]);
    expect(touchedStacks(["stacks/Pulumi.env-gone.yaml"], stacksDir)).toEqual([]);
    expect(touchedStacks(["stacks/Pulumi.env-example.yaml"], stacksDir)).toEqual([]);
  });

  it("previews every stack (but samples) when program code, schema, dependencies or the policy pack change", () => {
    // Derived from the import graph: domain/pools/rules.ts was missed by a hand-kept list (once stacks/poolRules.ts);
    // the seed script is data read beside a program module.
    for (const f of ["components/env/Environment.ts", "stacks/schema/environment.ts", "domain/pools/rules.ts", "components/services/balrog/seed/balrog-seed.sh", "package-lock.json", "policies/index.ts", "policies/rules/autograph-stage-dev-only.ts", "Pulumi.yaml"]) {
      // Every stack in the directory (the repo's own and the two added here), samples excepted.
      const samples = listStacks(stacksDir).filter((st) => /releng-envs:sample: true/.test(fs.readFileSync(path.join(stacksDir, `Pulumi.${st}.yaml`), "utf8")));
      const expected = listStacks(stacksDir).filter((st) => !samples.includes(st));
      expect(expected).toEqual(expect.arrayContaining(["env-jane", "pools-dev"]));
      expect(touchedStacks([f], stacksDir), f).toEqual(expected);
    }
  });

  it("previews nothing for docs, tests and workflows", () => {
    expect(touchedStacks(["README.md", "docs/cli.md", "test/cli/list.test.ts", ".github/workflows/pr.yml"], stacksDir)).toEqual([]);
    // Tools and the CLI are not loaded by a program run.
    expect(touchedStacks(["tools/plan/main.ts", "cli/list.ts", "bench/run.ts"], stacksDir)).toEqual([]);
  });
});
