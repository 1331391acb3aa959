import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { Automation, AutomationStack } from "../../cli/automation";
import { EXIT_NO_PULUMI_CLI } from "../../cli/errors";
import { cli, envFile, snapshot, tempStacks } from "./helpers";

const STACK_URN = "urn:pulumi:env-jane::releng-envs::pulumi:pulumi:Stack::releng-envs-env-jane";
const PROVIDER_URN = "urn:pulumi:env-jane::releng-envs::pulumi:providers:kubernetes::env-jane";
const NAMESPACE_URN = "urn:pulumi:env-jane::releng-envs::releng:env:Environment$kubernetes:core/v1:Namespace::env-jane";

interface FakeOptions {
  cli?: boolean;
  /** Resources the state still holds after destroy (besides the stack and a provider). */
  leftover?: { urn: string; type: string }[];
  destroyFails?: boolean;
  selectFails?: boolean;
}

/** A fake Automation API that records each call and whether the stack file existed at that moment. */
function fakeAutomation(file: string, opts: FakeOptions = {}) {
  const calls: { step: string; fileExists: boolean; args?: unknown }[] = [];
  const record = (step: string, args?: unknown) => calls.push({ step, fileExists: fs.existsSync(file), args });
  const stack: AutomationStack = {
    name: "env-jane",
    async destroy(o) {
      record("destroy", o?.message);
      if (opts.destroyFails) throw new Error("error: deleting Namespace env-jane: timed out\nmore detail");
      o?.onOutput?.("Destroying (env-jane):\n");
      return { summary: { resourceChanges: { delete: 12 } } };
    },
    async exportStack() {
      record("exportStack");
      const resources = [
        { urn: STACK_URN, type: "pulumi:pulumi:Stack" },
        { urn: PROVIDER_URN, type: "pulumi:providers:kubernetes" },
        ...(opts.leftover ?? []),
      ];
      return { version: 3, deployment: { resources } };
    },
    workspace: {
      async removeStack(name, o) {
        record("removeStack", { name, ...o });
      },
    },
  };
  const automation: Automation = {
    async cliVersion() {
      record("cliVersion");
      return opts.cli === false ? null : "3.248.0";
    },
    async selectStack(args) {
      record("selectStack", args);
      if (opts.selectFails) throw new Error("no stack named 'env-jane' found");
      return stack;
    },
  };
  return { automation, calls };
}

function setup() {
  const stacksDir = tempStacks({ "Pulumi.env-jane.yaml": envFile("jane", { checkedOut: "2026-10-01", due: "2026-10-20" }) });
  return { stacksDir, file: path.join(stacksDir, "Pulumi.env-jane.yaml") };
}

describe("releng-envs return", () => {
  it("destroys, verifies the state is empty, removes the stack, then deletes the file — in that order — and prints an audit line", async () => {
    const { stacksDir, file } = setup();
    const { automation, calls } = fakeAutomation(file);
    const r = await cli(["return", "jane"], { stacksDir, automation, projectRoot: path.resolve(__dirname, "../..") });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(calls.map((c) => c.step)).toEqual(["cliVersion", "selectStack", "destroy", "exportStack", "removeStack"]);
    // The file is there through every engine step, and gone only after the stack is removed.
    expect(calls.every((c) => c.fileExists)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(calls[1].args).toEqual({ stackName: "env-jane", workDir: path.resolve(__dirname, "../..") });
    expect(calls[4].args).toEqual({ name: "env-jane", preserveConfig: true });
    expect(calls[2].args).toBe("releng-envs return jane (by tester)");

    const audit = JSON.parse(/^AUDIT (.*)$/m.exec(r.out)![1]);
    expect(audit).toMatchObject({ action: "return", environment: "jane", stack: "env-jane", holder: "jane.doe@mozilla.com", due: "2026-10-20", overdue: true, destroyed: 12, by: "tester", at: "2026-11-21T10:00:00.000Z", pulumi: "3.248.0" });
    expect(r.out.indexOf("Verified")).toBeLessThan(r.out.indexOf("AUDIT"));
    // Other stack files are untouched.
    expect(fs.existsSync(path.join(stacksDir, "Pulumi.env-example.yaml"))).toBe(true);
  });

  it("removes nothing when the state still holds resources of the environment after destroy", async () => {
    const { stacksDir, file } = setup();
    const before = snapshot(stacksDir);
    const { automation, calls } = fakeAutomation(file, { leftover: [{ urn: NAMESPACE_URN, type: "kubernetes:core/v1:Namespace" }] });
    const r = await cli(["return", "jane"], { stacksDir, automation });
    expect(r.code).toBe(1);
    expect(calls.map((c) => c.step)).toEqual(["cliVersion", "selectStack", "destroy", "exportStack"]);
    expect(r.err).toContain(NAMESPACE_URN);
    expect(r.err).toMatch(/still holds 1 resource/);
    expect(r.err).toMatch(/kept so nothing is orphaned/);
    expect(r.out).not.toMatch(/AUDIT/);
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("removes nothing when destroy fails", async () => {
    const { stacksDir, file } = setup();
    const before = snapshot(stacksDir);
    const { automation, calls } = fakeAutomation(file, { destroyFails: true });
    const r = await cli(["return", "jane"], { stacksDir, automation });
    expect(r.code).toBe(1);
    expect(calls.map((c) => c.step)).toEqual(["cliVersion", "selectStack", "destroy"]);
    expect(r.err).toMatch(/pulumi destroy of env-jane failed; the Pulumi CLI said:\n  \| error: deleting Namespace env-jane: timed out/);
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("explains what it would run and exits non-zero without the Pulumi CLI", async () => {
    const { stacksDir, file } = setup();
    const before = snapshot(stacksDir);
    const { automation, calls } = fakeAutomation(file, { cli: false });
    const r = await cli(["return", "jane"], { stacksDir, automation });
    expect(r.code).toBe(EXIT_NO_PULUMI_CLI);
    expect(calls.map((c) => c.step)).toEqual(["cliVersion"]);
    expect(r.err).toMatch(/the Pulumi CLI is not on PATH/);
    const steps = ["pulumi destroy --yes --stack env-jane", "pulumi stack export --stack env-jane", "pulumi stack rm --yes --preserve-config env-jane", `rm ${file}`];
    let at = -1;
    for (const s of steps) {
      const i = r.err.indexOf(s);
      expect(i, s).toBeGreaterThan(at);
      at = i;
    }
    expect(r.err).toMatch(/Nothing was changed/);
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("--dry-run prints the steps and touches neither the engine nor the files", async () => {
    const { stacksDir, file } = setup();
    const before = snapshot(stacksDir);
    const { automation, calls } = fakeAutomation(file);
    const r = await cli(["return", "jane", "--dry-run"], { stacksDir, automation });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pulumi destroy --yes --stack env-jane/);
    expect(calls).toEqual([]);
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("refuses a stack the backend does not know, removing nothing", async () => {
    const { stacksDir, file } = setup();
    const before = snapshot(stacksDir);
    const { automation, calls } = fakeAutomation(file, { selectFails: true });
    const r = await cli(["return", "jane"], { stacksDir, automation });
    expect(r.code).toBe(1);
    expect(calls.map((c) => c.step)).toEqual(["cliVersion", "selectStack"]);
    expect(r.err).toMatch(/no stack named 'env-jane' found/);
    expect(r.err).toMatch(/pulumi stack ls/);
    expect(snapshot(stacksDir)).toEqual(before);
  });

  const refused: [string, string, RegExp][] = [
    ["an unknown environment", "nobody", /No environment 'nobody'/],
    ["a name that is not a DNS label", "../jane", /<name> \(releng-envs:name\)/],
    ["the stack name instead of the environment name", "env-jane", /give the name without the 'env-' prefix: jane/],
    ["the sample stack", "example", /sample stack/],
  ];
  for (const [what, name, message] of refused) {
    it(`refuses ${what} without calling the engine`, async () => {
      const { stacksDir, file } = setup();
      const before = snapshot(stacksDir);
      const { automation, calls } = fakeAutomation(file);
      const r = await cli(["return", name], { stacksDir, automation });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(calls).toEqual([]);
      expect(snapshot(stacksDir)).toEqual(before);
    });
  }
});

describe("releng-envs return: who may return, and asking first", () => {
  it("asks before destroying, and a 'no' changes nothing", async () => {
    const { stacksDir, file } = setup();
    const { automation, calls } = fakeAutomation(file);
    const before = snapshot(stacksDir);
    const asked: string[] = [];
    const r = await cli(["return", "jane"], { stacksDir, automation, confirm: async (q) => (asked.push(q), false) });
    expect(r.code).toBe(0);
    expect(asked[0]).toMatch(/Destroy env-jane \(holder jane\.doe@mozilla\.com, due 2026-10-20\)/);
    expect(r.out).toMatch(/Not returned: nothing was destroyed/);
    expect(calls.map((c) => c.step)).not.toContain("destroy");
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("refuses without a terminal unless --yes, and never asks with --yes", async () => {
    const { stacksDir, file } = setup();
    const refused = fakeAutomation(file);
    const r = await cli(["return", "jane"], { stacksDir, automation: refused.automation, confirm: undefined });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/--yes[\s\S]*npx releng-envs return jane --yes/);
    expect(refused.calls.map((c) => c.step)).not.toContain("destroy");

    const yes = fakeAutomation(file);
    const ok = await cli(["return", "jane", "--yes"], { stacksDir, automation: yes.automation, confirm: async () => { throw new Error("asked"); } });
    expect(ok.code, ok.err).toBe(0);
    expect(yes.calls.map((c) => c.step)).toContain("destroy");
  });

  it("refuses an environment someone else holds unless --force (case of the email aside)", async () => {
    const { stacksDir, file } = setup();
    const other = fakeAutomation(file);
    const before = snapshot(stacksDir);
    const r = await cli(["return", "jane", "--yes"], { stacksDir, automation: other.automation, whoami: () => "john@mozilla.com" });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/held by jane\.doe@mozilla\.com, not by you \(john@mozilla\.com\)[\s\S]*--force/);
    expect(other.calls.map((c) => c.step)).not.toContain("destroy");
    expect(snapshot(stacksDir)).toEqual(before);

    const unknown = await cli(["return", "jane", "--yes"], { stacksDir, automation: other.automation, whoami: () => undefined });
    expect(unknown.err).toMatch(/git config user\.email is not set/);

    const same = fakeAutomation(file);
    expect((await cli(["return", "jane", "--yes"], { stacksDir, automation: same.automation, whoami: () => "Jane.Doe@Mozilla.com" })).code).toBe(0);
  });

  it("with --force returns it, and --org selects the org-qualified stack the previews use", async () => {
    const { stacksDir, file } = setup();
    const { automation, calls } = fakeAutomation(file);
    const dry = await cli(["return", "jane", "--dry-run", "--org", "mozilla-releng"], { stacksDir, automation });
    expect(dry.out).toMatch(/pulumi destroy --yes --stack mozilla-releng\/env-jane/);
    const r = await cli(["return", "jane", "--yes", "--force", "--org", "mozilla-releng"], { stacksDir, automation, whoami: () => "reaper@example.com" });
    expect(r.code, r.err).toBe(0);
    expect(calls.find((c) => c.step === "selectStack")!.args).toMatchObject({ stackName: "mozilla-releng/env-jane" });
    expect(calls.find((c) => c.step === "removeStack")!.args).toMatchObject({ name: "mozilla-releng/env-jane" });
  });
});
