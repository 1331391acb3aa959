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
    fs.writeFileSync(path.join(dir, "unpinned.yml"), reap.replace("actions/checkout@v4", "actions/checkout@main"));
    fs.writeFileSync(path.join(dir, "no-permissions.yml"), reap.replace(/^permissions:\n {2}contents: read\n/m, ""));

    const results = lint([path.join(WORKFLOWS, "pr.yml"), path.join(WORKFLOWS, "reap-overdue.yml"), ...fs.readdirSync(dir).sort().map((f) => path.join(dir, f))]);
    expect(results[".github/workflows/pr.yml"]).toEqual([]);
    expect(results[".github/workflows/reap-overdue.yml"]).toEqual([]);
    const bad = (f: string) => results[path.join(dir, f)];
    expect(bad("bad-event.yml").join("\n")).toMatch(/Unexpected value 'schedul'/);
    expect(bad("bad-expression.yml").join("\n")).toMatch(/expression is not closed/);
    expect(bad("unpinned.yml").join("\n")).toMatch(/'actions\/checkout@main' is not pinned/);
    expect(bad("no-permissions.yml").join("\n")).toMatch(/no top-level permissions/);
  });

  it("pr.yml: tests, offline plan with summary, comment and guarded SARIF upload, then a real preview with the policy pack, never on forks", () => {
    const pr = workflow("pr.yml");
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(pr.permissions).toEqual({ contents: "read" });
    const runs = (job: string) => pr.jobs[job].steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    expect(runs("test")).toMatch(/npm ci/);
    expect(runs("test")).toMatch(/^npm test$/m);
    expect(runs("plan")).toMatch(/npm run --silent plan .*\| tee out\/plan.txt/);
    expect(runs("plan")).toMatch(/GITHUB_STEP_SUMMARY/);
    const sarif = pr.jobs.plan.steps.find((s: { uses?: string }) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(sarif.if).toMatch(/hashFiles\('out\/report.sarif'\) != ''/);
    expect(sarif.with.sarif_file).toBe("out/report.sarif");
    expect(pr.jobs.plan.steps.some((s: { uses?: string; with?: { script?: string } }) => s.uses?.startsWith("actions/github-script@") && /createComment/.test(s.with?.script ?? ""))).toBe(true);
    const preview = pr.jobs.preview;
    expect(preview.needs).toEqual(["test", "plan", "changes"]);
    expect(preview.if).toMatch(/github.event.pull_request.head.repo.full_name == github.repository/);
    expect(preview.strategy.matrix.stack).toBe("${{ fromJSON(needs.changes.outputs.stacks) }}");
    const pulumi = preview.steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions@"));
    expect(pulumi.with).toMatchObject({ command: "preview", policyPacks: "policies", "comment-on-pr": true });
    expect(pulumi.if).toBe("steps.creds.outputs.ok == 'true'");
    // Least privilege: only the jobs that write ask to.
    expect(pr.jobs.test.permissions).toBeUndefined();
    expect(preview.permissions).toEqual({ contents: "read", "pull-requests": "write", "id-token": "write" });
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
    const realReturn = script.search(/npx releng-envs return "\$name" 2>&1/);
    expect(dryRunBranch).toBeGreaterThan(-1);
    expect(script.slice(dryRunBranch, realReturn)).toMatch(/--dry-run[\s\S]*exit 0/);
    expect(realReturn).toBeGreaterThan(dryRunBranch);
    expect(job.permissions).toEqual({ contents: "write", issues: "write", "id-token": "write" });
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
    for (const f of ["components/env/Environment.ts", "stacks/schema/environment.ts", "package-lock.json", "policies/index.ts", "Pulumi.yaml"]) {
      // Every stack in the directory (the repo's own and the two added here), samples excepted.
      const samples = listStacks(stacksDir).filter((st) => /releng-envs:sample: true/.test(fs.readFileSync(path.join(stacksDir, `Pulumi.${st}.yaml`), "utf8")));
      const expected = listStacks(stacksDir).filter((st) => !samples.includes(st));
      expect(expected).toEqual(expect.arrayContaining(["env-jane", "pools-dev"]));
      expect(touchedStacks([f], stacksDir), f).toEqual(expected);
    }
  });

  it("previews nothing for docs, tests and workflows", () => {
    expect(touchedStacks(["README.md", "docs/cli.md", "test/cli/list.test.ts", ".github/workflows/pr.yml"], stacksDir)).toEqual([]);
  });
});
