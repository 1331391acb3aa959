// The real pack, started once the way the engine starts it and driven over the analyzer protocol
// by `npm run plan`: the repo's stacks pass, every fixture stack fails with exactly its expected
// policies, the reports are written (SARIF validated against the 2.1.0 schema), and
// --policy-config behaves like `pulumi preview --policy-pack-config`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICIES, PACK_NAME } from "../../policies/pack";
import { listStacks, PROJECT_ROOT } from "../../stacks/stackFile";
import { parseArgs, runPlan } from "../../tools/plan/main";
import { PolicyPackProcess } from "../../tools/plan/policyPack";
import { run } from "../../cli/main";
import { defaultContext } from "../../cli/context";
import { todayUtc } from "../../domain/dates";
import { fixtureStacksDir } from "../helpers";

const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures", "stacks");
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, "expected.json"), "utf8")) as { today: string; stacks: Record<string, string[]> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sarifSchema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

let pack: PolicyPackProcess;
beforeAll(async () => {
  pack = await PolicyPackProcess.start();
}, 180_000);
afterAll(async () => {
  await pack?.stop();
});

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "policy-plan-"));
}

function validSarif(file: string): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false });
  addFormats(ajv);
  const validate = ajv.compile(sarifSchema);
  return validate(JSON.parse(fs.readFileSync(file, "utf8"))) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const quiet = () => undefined;

/** The plan of the repository's own stacks with the pack, made once for the tests that read it. */
let repositoryPlan: Promise<{ outDir: string; stacksDir: string; result: Awaited<ReturnType<typeof runPlan>> }> | undefined;
function planOfRepository() {
  repositoryPlan ??= (async () => {
    const outDir = tmp();
    const stacksDir = fixtureStacksDir();
    return { outDir, stacksDir, result: await runPlan({ stacks: [], stacksDir, today: expected.today, outDir, policyPack: pack }, quiet) };
  })();
  return repositoryPlan;
}

describe("the policy pack under the analyzer protocol", () => {
  it("announces every policy with its metadata, as the engine reads it with GetAnalyzerInfo", async () => {
    const info = await pack.analyzerInfo();
    expect(info.name).toBe(PACK_NAME);
    expect(info.version).toBe(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "policies", "package.json"), "utf8")).version);
    expect(info.policies.map((p) => p.name)).toEqual(POLICIES.map((p) => p.name));
    for (const p of POLICIES) {
      const got = info.policies.find((i) => i.name === p.name)!;
      expect({ ...got, configSchema: undefined, tags: undefined, type: undefined }).toEqual({ name: p.name, description: p.description, enforcementLevel: p.enforcementLevel, severity: p.severity, remediationSteps: p.remediationSteps, url: p.url, configSchema: undefined, tags: undefined, type: undefined });
      expect(got.type).toBe("validateStack" in p ? "stack" : "resource");
    }
  });

  it("passes the repository's own stacks (pools, platform, samples) with zero mandatory violations and writes the three reports", async () => {
    const {
      outDir,
      stacksDir,
      result: { ok, policies },
    } = await planOfRepository();
    expect(ok).toBe(true);
    expect(policies!.stacks.map((s) => s.stack)).toEqual(listStacks(stacksDir));
    expect(policies!.stacks.flatMap((s) => s.findings.filter((f) => f.enforcementLevel === "mandatory"))).toEqual([]);
    const json = JSON.parse(fs.readFileSync(path.join(outDir, "report.json"), "utf8"));
    expect(json).toMatchObject({ ok: true, mandatoryViolations: 0 });
    expect(fs.readFileSync(path.join(outDir, "report.md"), "utf8")).toMatch(/\*\*OK: no mandatory finding\.\*\*/);
    expect(validSarif(path.join(outDir, "report.sarif"))).toEqual([]);
  }, 180_000);

  it("flags each fixture stack with exactly its expected policies, and fails the plan", async () => {
    const outDir = tmp();
    const { ok, plans, policies } = await runPlan({ stacks: [], today: expected.today, outDir, stacksDir: FIXTURES, policyPack: pack }, quiet);
    expect(ok).toBe(false);
    expect(plans.filter((p) => p.configError || p.programError || p.schemaErrors.length > 0).map((p) => p.stack)).toEqual([]);
    const got = Object.fromEntries(policies!.stacks.map((s) => [s.stack, [...new Set(s.findings.map((f) => f.policy))].sort()]));
    expect(got).toEqual(Object.fromEntries(Object.entries(expected.stacks).map(([k, v]) => [k, [...v].sort()])));
    // Every mandatory policy has at least one fixture that breaks it.
    const covered = new Set(Object.values(expected.stacks).flat());
    expect(POLICIES.filter((p) => p.enforcementLevel === "mandatory" && !covered.has(p.name)).map((p) => p.name)).toEqual([]);

    const sarifErrors = validSarif(path.join(outDir, "report.sarif"));
    expect(sarifErrors).toEqual([]);
    const sarif = JSON.parse(fs.readFileSync(path.join(outDir, "report.sarif"), "utf8"));
    const json = JSON.parse(fs.readFileSync(path.join(outDir, "report.json"), "utf8"));
    expect(json.ok).toBe(false);
    expect(sarif.runs[0].results.length).toBe(json.stacks.reduce((n: number, s: { findings: unknown[] }) => n + s.findings.length, 0));
    expect(sarif.runs[0].results[0]).toMatchObject({ level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/^test\/fixtures\/stacks\//) } } }] });
    // One root cause, one finding: a prod-only secret in a dep pool's Secret and in the env of the
    // Deployment reading it is reported once per secret, naming both objects.
    const prodSecret = json.stacks.find((s: { stack: string }) => s.stack === "pools-dep-prod-secret").findings.filter((f: { policy: string }) => f.policy === "no-prod-secrets-outside-prod");
    expect(prodSecret).toHaveLength(2);
    expect(prodSecret[0].resources.sort()).toEqual(["deployment-gecko-1-signing", "secret-gecko-1-signing-secrets"]);

    // A remediating policy is reported, not failing: pulumi up with the pack sets the value itself.
    const escalation = json.stacks.find((s: { stack: string }) => s.stack === "env-hygiene-escalation").findings.filter((f: { policy: string }) => f.policy === "containers-no-privilege-escalation");
    expect(escalation.map((f: { enforcementLevel: string }) => f.enforcementLevel)).toEqual(["remediate"]);
    expect(escalation[0].message).toMatch(/^remediated: pulumi up with the pack deploys this resource with spec\.template\.spec\.containers\[0\]\.securityContext\.allowPrivilegeEscalation/);
    expect(sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === "containers-no-privilege-escalation").map((r: { level: string }) => r.level)).toContain("note");

    const md = fs.readFileSync(path.join(outDir, "report.md"), "utf8");
    expect(md).toMatch(/^\| stack \| kind \| level \| holder \| due \| mandatory \| advisory \|$/m);
    expect(md).toMatch(/^\| pools-prod-unpinned \| pools \| prod \| — \| — \| \*\*4\*\* \| 0 \|$/m);
    expect(md).toMatch(/^\| env-far-due \| environment \| staging \| jane\.doe@mozilla\.com \| 2027-02-01 \| \*\*1\*\* \| 0 \|$/m);
    // Findings grouped by rule, each with its fix and every stack it hit.
    const rule = md.slice(md.indexOf("### ✗ environment-egress-read-only"), md.indexOf("### ✗ environment-namespace-metadata"));
    expect(rule).toMatch(/\*\*Fix:\*\*[\s\S]*- \*\*env-egress-unlisted\*\* `test\/fixtures\/stacks\/Pulumi\.env-egress-unlisted\.yaml:12` `releng-envs:egress\.allowHosts\[0\]` — [^\n]*bugzilla\.mozilla\.org[\s\S]*- \*\*env-egress-write\*\*/);
  });

  it("reports an overdue environment and a broken stack in all three reports, on their lines, failing only a change that touches them", async () => {
    const late = ["# Jane's environment", "config:", "  releng-envs:kind: environment", "  releng-envs:name: late", "  releng-envs:holder: jane@mozilla.com", "  releng-envs:purpose: Staging release", '  releng-envs:checkedOut: "2026-11-01"', '  releng-envs:due: "2026-11-10"', "  releng-envs:services: [archive]", ""].join("\n");
    const broken = late.replace(/late/g, "broken").replace("jane@mozilla.com", "not-an-email");
    const stacksDir = fixtureStacksDir({ "Pulumi.env-late.yaml": late, "Pulumi.env-broken.yaml": broken });
    const rel = path.relative(PROJECT_ROOT, stacksDir);
    const repository = { url: "https://github.com/mozilla-releng/releng-envs", ref: "0123abc" };
    const run = async (changedFiles: string[], today = expected.today) => {
      const outDir = tmp();
      const r = await runPlan({ stacks: ["env-late", "env-broken"], stacksDir, today, outDir, policyPack: pack, changedFiles, repository }, quiet);
      const read = (f: string) => fs.readFileSync(path.join(outDir, f), "utf8");
      return { ok: r.ok, md: read("report.md"), json: JSON.parse(read("report.json")), sarif: JSON.parse(read("report.sarif")), sarifErrors: validSarif(path.join(outDir, "report.sarif")) };
    };

    // A change to docs only: both stacks are reported, neither fails it; exit code and reports agree.
    const unrelated = await run(["docs/cli.md"]);
    expect(unrelated.ok).toBe(true);
    expect(unrelated.json).toMatchObject({ ok: true, mandatoryViolations: 0 });
    expect(unrelated.md).toMatch(/\*\*OK: no mandatory finding in the stacks this change touches\.\*\*/);
    expect(unrelated.md).toMatch(/Mandatory findings outside this change: env-late, env-broken/);
    const byStack = Object.fromEntries(unrelated.json.stacks.map((st: { stack: string }) => [st.stack, st]));
    expect(byStack["env-late"]).toMatchObject({ gating: false, kind: "environment", holder: "jane@mozilla.com", due: "2026-11-10", mandatory: 1 });
    expect(byStack["env-late"].findings[0]).toMatchObject({ policy: "environment-not-overdue", key: "releng-envs:due", line: 8, column: 3 });
    expect(byStack["env-broken"].findings[0]).toMatchObject({ policy: "stack-config-valid", key: "releng-envs:holder", line: 5, column: 3, enforcementLevel: "mandatory" });
    // SARIF: on the offending line and column, absolute help per rule, GitHub's own fingerprint.
    expect(unrelated.sarifErrors).toEqual([]);
    const results = unrelated.sarif.runs[0].results;
    expect(results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[] }) => [r.ruleId, r.locations[0].physicalLocation.region])).toEqual([
      ["environment-not-overdue", { startLine: 8, startColumn: 3, endLine: 8, endColumn: 18 }],
      ["stack-config-valid", { startLine: 5, startColumn: 3, endLine: 5, endColumn: 21 }],
    ]);
    for (const r of results) expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:1$/);
    const rules = unrelated.sarif.runs[0].tool.driver.rules;
    for (const r of rules) expect(r.helpUri).toMatch(/^https:\/\/github\.com\/mozilla-releng\/releng-envs\/blob\/0123abc\/docs\/\w+\.md|README\.md/);
    expect(unrelated.md).toContain("([docs](https://github.com/mozilla-releng/releng-envs/blob/0123abc/docs/policies.md#environment-not-overdue))");

    // The next day the messages change ("today is …"), the fingerprints do not.
    const nextDay = await run(["docs/cli.md"], "2026-11-22");
    expect(nextDay.sarif.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints)).toEqual(results.map((r: { partialFingerprints: object }) => r.partialFingerprints));

    // A change to the overdue stack's file, or to program code, fails; the reports say so.
    for (const changed of [[`${rel}/Pulumi.env-late.yaml`], ["program/declareStack.ts"]]) {
      const touched = await run(changed);
      expect(touched.ok, changed[0]).toBe(false);
      expect(touched.json.ok).toBe(false);
      expect(touched.md).toMatch(/\*\*FAILED: \d+ mandatory finding\(s\)\*\* in env-late/);
    }
  }, 180_000);

  it("draws trust levels, pools, environments and their egress as a Mermaid diagram mermaid's own parser accepts", async () => {
    const { outDir } = await planOfRepository();
    const md = fs.readFileSync(path.join(outDir, "report.md"), "utf8");
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(md)![1];
    const { parse } = await import("@mermaid-js/parser");
    const ast = (await parse("architecture", diagram)) as unknown as { groups: { id: string }[]; services: { id: string; in?: string; title?: string }[]; edges: { lhsId: string; rhsId: string; title?: string }[] };
    const groups = new Set(ast.groups.map((g) => g.id));
    const services = new Map(ast.services.map((sv) => [sv.id, sv]));
    expect([...groups]).toEqual(expect.arrayContaining(["level_prod", "level_dep", "level_dev", "env_example"]));
    for (const sv of ast.services) if (sv.in) expect(groups.has(sv.in), sv.id).toBe(true);
    for (const e of ast.edges) expect([services.has(e.lhsId), services.has(e.rhsId)], `${e.lhsId} -> ${e.rhsId}`).toEqual([true, true]);
    // The picture shows the rule that started it all: only dev pools reach Autograph stage.
    const toStage = ast.edges.filter((e) => e.rhsId === "ext_autograph_stage").map((e) => services.get(e.lhsId)!.in);
    expect(toStage.length).toBeGreaterThan(0);
    expect(new Set(toStage)).toEqual(new Set(["level_dev"]));
    expect(ast.edges.some((e) => e.lhsId.startsWith("example_") && e.title === "egress via proxy")).toBe(true);
  }, 180_000);

  it("takes --policy-config like pulumi preview --policy-pack-config: properties, levels and `all`", async () => {
    const dir = tmp();
    const cfg = path.join(dir, "policy-config.json");
    fs.writeFileSync(cfg, JSON.stringify({ "environment-egress-read-only": { readOnlyProductionHosts: ["archive.mozilla.org", "bugzilla.mozilla.org"] } }));
    const tuned = await runPlan({ stacks: ["env-egress-unlisted", "env-far-due"], today: expected.today, outDir: dir, stacksDir: FIXTURES, policyConfig: cfg, policyPack: pack }, quiet);
    expect(tuned.policies!.stacks.map((s) => [s.stack, s.findings.map((f) => f.policy)])).toEqual([
      ["env-egress-unlisted", []],
      ["env-far-due", ["environment-due-within-max"]],
    ]);

    fs.writeFileSync(cfg, JSON.stringify({ all: "advisory", "environment-due-within-max": { maxDueDays: 90 } }));
    const relaxed = await runPlan({ stacks: ["env-egress-write", "env-far-due"], today: expected.today, outDir: dir, stacksDir: FIXTURES, policyConfig: cfg, policyPack: pack }, quiet);
    expect(relaxed.ok).toBe(true);
    expect(relaxed.policies!.stacks.flatMap((s) => s.findings.map((f) => [s.stack, f.policy, f.enforcementLevel]))).toEqual(
      expect.arrayContaining([["env-egress-write", "environment-egress-read-only", "advisory"]]),
    );
    expect(relaxed.policies!.stacks.find((s) => s.stack === "env-far-due")!.findings).toEqual([]);
  });

  it("rejects a bad policy config with a message naming the file, policy and problem", async () => {
    const dir = tmp();
    const cfg = path.join(dir, "bad.json");
    for (const [content, message] of [
      [{ "environment-due-within-max": { maxDueDays: "thirty" } }, /environment-due-within-max.maxDueDays: must be integer/],
      [{ "enviroment-not-overdue": "advisory" }, /"enviroment-not-overdue" is not a policy of pack releng-envs/],
      [{ "environment-not-overdue": "sometimes" }, /"sometimes" is not an enforcement level/],
    ] as const) {
      fs.writeFileSync(cfg, JSON.stringify(content));
      const lines: string[] = [];
      const { ok } = await runPlan({ stacks: ["env-far-due"], today: expected.today, outDir: dir, stacksDir: FIXTURES, policyConfig: cfg, policyPack: pack }, (l) => lines.push(l));
      expect(ok).toBe(false);
      expect(lines.join("\n")).toMatch(/POLICY CONFIG ERROR: .*bad\.json/);
      expect(lines.join("\n")).toMatch(message);
    }
  });

  it("plans a checkout made with today's real date clean, under the real clock", async () => {
    // The clock trap this guards against: tests fixed on one date planning stacks/ went red for
    // any checkout made after that date. Here nothing is fixed: checkout and plan both read the clock.
    const stacksDir = fixtureStacksDir();
    const out: string[] = [];
    const code = await run(["checkout", "jane-today", "--holder", "jane@mozilla.com", "--services", "balrog,archive", "--days", "14", "--purpose", "Staging release"], defaultContext({ stacksDir, out: (l) => out.push(l), err: (l) => out.push(l), policies: false }));
    expect(code, out.join("\n")).toBe(0);
    const args = parseArgs(["--stacks-dir", stacksDir, "--out", tmp(), "env-jane-today"]);
    if (args === "help") throw new Error("unexpected --help");
    expect(args.today).toBe(todayUtc());
    const { ok, plans, policies } = await runPlan({ ...args, policyPack: pack }, quiet);
    const checkout = plans.find((p) => p.stack === "env-jane-today")!;
    expect([checkout.configError?.message, checkout.programError, checkout.schemaErrors]).toEqual([undefined, undefined, []]);
    expect(policies!.stacks.find((s) => s.stack === "env-jane-today")!.findings.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
    expect(ok).toBe(true);
  });

  it("judges a sample stack as of its checkedOut date, so it never goes stale", async () => {
    const { policies } = await runPlan({ stacks: ["env-example"], today: "2030-01-01", outDir: tmp(), policyPack: pack }, quiet);
    const sample = policies!.stacks[0];
    expect(sample).toMatchObject({ stack: "env-example", today: "2026-11-21" });
    // Years after its due date, still no lifecycle (or any mandatory) finding.
    expect(sample.findings.filter((f: { enforcementLevel: string }) => f.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("parses the new plan options", () => {
    expect(parseArgs(["--stacks-dir", "test/fixtures/stacks", "--policy-config", "p.json", "--no-policies"])).toMatchObject({
      stacksDir: path.resolve("test/fixtures/stacks"),
      policyConfig: path.resolve("p.json"),
      policies: false,
    });
    const changed = path.join(tmp(), "changed.txt");
    fs.writeFileSync(changed, "stacks/Pulumi.env-jane.yaml\n\ndocs/cli.md\n");
    expect(parseArgs(["--changed-files", changed, "--repository", "https://github.com/o/r@0123abc"])).toMatchObject({ changedFiles: ["stacks/Pulumi.env-jane.yaml", "docs/cli.md"], repository: { url: "https://github.com/o/r", ref: "0123abc" } });
    expect(() => parseArgs(["--changed-files", "/nonexistent/changed.txt"])).toThrow(/--changed-files names a file that cannot be read/);
    expect(() => parseArgs(["--repository", "github.com/o/r"])).toThrow(/URL@REF/);
  });
});
