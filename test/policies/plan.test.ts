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
import { todayUtc } from "../../program/config";
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
    const outDir = tmp();
    const stacksDir = fixtureStacksDir();
    const { ok, policies } = await runPlan({ stacks: [], stacksDir, today: expected.today, outDir, policyPack: pack }, quiet);
    expect(ok).toBe(true);
    expect(policies!.stacks.map((s) => s.stack)).toEqual(listStacks(stacksDir));
    expect(policies!.stacks.flatMap((s) => s.findings.filter((f) => f.enforcementLevel === "mandatory"))).toEqual([]);
    const json = JSON.parse(fs.readFileSync(path.join(outDir, "report.json"), "utf8"));
    expect(json).toMatchObject({ ok: true, mandatoryViolations: 0 });
    expect(fs.readFileSync(path.join(outDir, "report.md"), "utf8")).toMatch(/\*\*No mandatory violations\.\*\*/);
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
    expect(sarif.runs[0].results.length).toBe(policies!.stacks.reduce((n, s) => n + s.findings.length, 0));
    expect(sarif.runs[0].results[0]).toMatchObject({ level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/^test\/fixtures\/stacks\//) } } }] });

    const md = fs.readFileSync(path.join(outDir, "report.md"), "utf8");
    const section = md.slice(md.indexOf("## env-egress-write"), md.indexOf("## env-far-due"));
    expect(section).toMatch(/### mandatory\n\n#### environment-egress-read-only[\s\S]*\*\*Remediation:\*\*[\s\S]*`kubernetes:core\/v1:ConfigMap` \*\*configmap-egress-proxy-config\*\*[\s\S]*#### no-production-write-endpoints/);
    expect(JSON.parse(fs.readFileSync(path.join(outDir, "report.json"), "utf8")).ok).toBe(false);
  });

  it("takes --policy-config like pulumi preview --policy-pack-config: properties, levels and `all`", async () => {
    const dir = tmp();
    const cfg = path.join(dir, "policy-config.json");
    fs.writeFileSync(cfg, JSON.stringify({ "environment-egress-read-only": { readOnlyProductionHosts: ["archive.mozilla.org", "hg.mozilla.org"] } }));
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
  });
});
