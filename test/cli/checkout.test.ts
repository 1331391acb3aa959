import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../stacks/load";
import { rawConfigFromFile } from "../../stacks/stackFile";
import { runPolicyPack } from "../../cli/context";
import type { PolicyFinding, PolicyRunResult } from "../../tools/plan/policyRun";
import { cli, REPO_ENVIRONMENTS, snapshot, tempStacks, TODAY } from "./helpers";

const GOOD = ["--holder", "jane@mozilla.com", "--services", "balrog,archive", "--days", "14", "--purpose", "Staging release of Firefox 150.0b3"];

describe("releng-envs checkout", () => {
  it("writes a stack file the program accepts, dated today, and prints the next commands and the plan status", async () => {
    const stacksDir = tempStacks();
    const r = await cli(["checkout", "jane-fx150", ...GOOD], { stacksDir });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const file = path.join(stacksDir, "Pulumi.env-jane-fx150.yaml");
    const config = parseStackConfig(rawConfigFromFile("env-jane-fx150", { stacksDir }), { today: TODAY });
    expect(config).toMatchObject({ kind: "environment", name: "jane-fx150", holder: "jane@mozilla.com", checkedOut: TODAY, due: "2026-12-05", purpose: "Staging release of Firefox 150.0b3" });
    expect(Object.keys(config.kind === "environment" ? config.services : {})).toEqual(["balrog", "archive"]);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^# Library checkout of environment 'jane-fx150'/);
    expect(r.out).toContain("pulumi stack init env-jane-fx150");
    expect(r.out).toContain("pulumi up --policy-pack policies -s env-jane-fx150");
    expect(r.out).toContain("pulumi preview --policy-pack policies -s env-jane-fx150");
    expect(r.out).toMatch(/config: +✓ valid/);
    expect(r.out).toMatch(/plan: +✓ offline plan: \d+ resources .* 0 schema errors/);
    // No temporary files left behind next to the stack files.
    expect(fs.readdirSync(stacksDir).filter((f) => f.startsWith("."))).toEqual([]);

    const list = await cli(["list", "--json"], { stacksDir });
    expect(JSON.parse(list.out).environments.map((e: { name: string }) => e.name)).toEqual([...REPO_ENVIRONMENTS, "jane-fx150"].sort());
  });

  it("checks the new stack with the real policy pack and prints its status", async () => {
    const stacksDir = tempStacks();
    const r = await cli(["checkout", "jane-fx152", ...GOOD], { stacksDir, policies: runPolicyPack });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/policy: +✓ releng-envs@\d+\.\d+\.\d+: 0 mandatory, \d+ advisory violation/);
  }, 120_000);

  it("refuses to write a checkout that breaks a mandatory policy", async () => {
    const stacksDir = tempStacks();
    const before = snapshot(stacksDir);
    const finding: PolicyFinding = { stack: "env-jane-fx153", file: "", policy: "environment-egress-read-only", enforcementLevel: "mandatory", severity: "high", description: "", message: "ConfigMap egress-proxy-config: evil.example.com is not a read-only production host", urn: "", resourceType: "", resourceName: "", remediationSteps: "", url: "" };
    const policies = async (): Promise<PolicyRunResult> => ({ pack: { name: "releng-envs", version: "0.1.0", description: "" }, policies: [], config: {}, stacks: [{ stack: "env-jane-fx153", file: "", today: TODAY, resources: 1, findings: [finding] }] });
    const r = await cli(["checkout", "jane-fx153", ...GOOD], { stacksDir, policies });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/breaks a mandatory policy; nothing was written/);
    expect(r.err).toMatch(/✗ mandatory environment-egress-read-only: ConfigMap egress-proxy-config/);
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("sets other keys with --set, e.g. the Bouncer images it cannot default", async () => {
    const stacksDir = tempStacks();
    const bare = await cli(["checkout", "jane-bouncer", "--holder", "jane@mozilla.com", "--services", "bouncer", "--days", "7", "--purpose", "x"], { stacksDir });
    expect(bare.code).not.toBe(0);
    expect(bare.err).toMatch(/services\.bouncer\.images\.redirector/);
    const r = await cli(
      ["checkout", "jane-bouncer", "--holder", "jane@mozilla.com", "--services", "bouncer,archive", "--days", "7", "--purpose", "x",
        "--set", "services.bouncer.images.redirector=reg.example/go-bouncer:1.0", "--set", "services.bouncer.images.admin=reg.example/bouncer-admin:1.0", "--set", "services.archive.fallback=proxy", "--set", "asleep=true"],
      { stacksDir },
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const config = parseStackConfig(rawConfigFromFile("env-jane-bouncer", { stacksDir }), { today: TODAY });
    expect(config).toMatchObject({ asleep: true, services: { bouncer: { images: { redirector: "reg.example/go-bouncer:1.0" } }, archive: { fallback: "proxy" } } });
  });

  it.each([
    ["a secret", "secrets.shipit.authClientSecret=hunter2", /would write a secret into the stack file/],
    ["a key checkout owns", "holder=eve@example.com", /checkout writes from its own options/],
    ["no value separator", "services.archive.fallback", /KEY\.PATH=VALUE/],
    ["an unknown key", "services.archive.fallbak=proxy", /fallbak/],
  ])("refuses --set with %s and changes no file", async (_label, setting, message) => {
    const stacksDir = tempStacks();
    const before = snapshot(stacksDir);
    const r = await cli(["checkout", "jane-set", ...GOOD, "--set", setting], { stacksDir });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(r.err + r.out).not.toContain("hunter2");
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("accepts --due instead of --days", async () => {
    const stacksDir = tempStacks();
    const r = await cli(["checkout", "jane-fx151", "--holder", "jane@mozilla.com", "--services", "shipit", "--due", "2026-12-01", "--purpose", "x"], { stacksDir });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(stacksDir, "Pulumi.env-jane-fx151.yaml"), "utf8")).toContain(`releng-envs:due: "2026-12-01"`);
  });

  const refused: [string, string[], RegExp[]][] = [
    ["an unknown service", ["--holder", "jane@mozilla.com", "--services", "balrog,tuxedo", "--days", "14", "--purpose", "x"], [/--services/, /'tuxedo' is not a library service/, /balrog, bouncer, shipit, archive/]],
    ["an email that is not one", ["--holder", "jane", "--services", "balrog", "--days", "14", "--purpose", "x"], [/--holder \(releng-envs:holder\)/, /email address/, /--holder jane@mozilla.com/]],
    ["days over the maximum", ["--holder", "jane@mozilla.com", "--services", "balrog", "--days", "45", "--purpose", "x"], [/--days \/ --due \(releng-envs:due\)/, /at most 30 days/]],
    ["a due date in the past", ["--holder", "jane@mozilla.com", "--services", "balrog", "--due", "2026-11-01", "--purpose", "x"], [/releng-envs:due/, /in the past/]],
    ["negative days", ["--holder", "jane@mozilla.com", "--services", "balrog", "--days", "-3", "--purpose", "x"], [/releng-envs:due/, /in the past/]],
    ["days that are not a number", ["--holder", "jane@mozilla.com", "--services", "balrog", "--days", "two", "--purpose", "x"], [/--days/, /whole number/]],
    ["a date that does not exist", ["--holder", "jane@mozilla.com", "--services", "balrog", "--due", "2026-02-30", "--purpose", "x"], [/--due/, /not a real calendar date/]],
    ["both --days and --due", ["--holder", "jane@mozilla.com", "--services", "balrog", "--days", "3", "--due", "2026-12-01", "--purpose", "x"], [/exactly one/]],
    ["an empty purpose", ["--holder", "jane@mozilla.com", "--services", "balrog", "--days", "3", "--purpose", "  "], [/--purpose \(releng-envs:purpose\)/, /must not be empty/]],
  ];
  for (const [what, args, messages] of refused) {
    it(`refuses ${what}, naming the option, and changes no file`, async () => {
      const stacksDir = tempStacks();
      const before = snapshot(stacksDir);
      const r = await cli(["checkout", "jane-fx150", ...args], { stacksDir });
      expect(r.code).not.toBe(0);
      for (const m of messages) expect(r.err).toMatch(m);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(snapshot(stacksDir)).toEqual(before);
    });
  }

  it("refuses a name that is not a DNS label before touching any path", async () => {
    const stacksDir = tempStacks();
    const before = snapshot(stacksDir);
    for (const name of ["Jane_FX", "../../etc/passwd", "jane-", "a".repeat(41)]) {
      const r = await cli(["checkout", name, ...GOOD], { stacksDir });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/<name> \(releng-envs:name\)/);
      expect(r.err).toMatch(/lower-case letters, digits and '-'/);
    }
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("refuses a name already taken and keeps the holder's file byte for byte", async () => {
    const stacksDir = tempStacks();
    const before = snapshot(stacksDir);
    const r = await cli(["checkout", "example", ...GOOD], { stacksDir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/'example' is already checked out/);
    expect(r.err).toMatch(/choose another name/);
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("refuses a missing required option with usage, and changes no file", async () => {
    const stacksDir = tempStacks();
    const before = snapshot(stacksDir);
    const r = await cli(["checkout", "jane-fx150", "--holder", "jane@mozilla.com", "--days", "3", "--purpose", "x"], { stacksDir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/required option '--services <list>' not specified/);
    expect(snapshot(stacksDir)).toEqual(before);
  });
});
