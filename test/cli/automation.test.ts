// The real Automation API adapter (cli/automation.ts → @pulumi/pulumi/automation LocalWorkspace),
// driven against a stand-in `pulumi` executable on PATH that logs every invocation. Proves which
// Pulumi CLI commands `return` runs, in which order, and that a non-empty state stops it.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localAutomation } from "../../cli/automation";
import { cli, envFile, snapshot, tempStacks } from "./helpers";

const FAKE_PULUMI = `#!/usr/bin/env node
const fs = require("fs");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_PULUMI_LOG, JSON.stringify(args) + "\\n");
const words = args.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ");
if (args[0] === "version") { console.log("v3.248.0"); process.exit(0); }
if (words === "stack history") { console.log(JSON.stringify([{ kind: "destroy", startTime: "2026-11-21T10:00:00Z", endTime: "2026-11-21T10:01:00Z", message: "", environment: {}, config: {}, result: "succeeded", resourceChanges: { delete: 13 } }])); process.exit(0); }
if (words === "stack export") { process.stdout.write(fs.readFileSync(process.env.FAKE_PULUMI_EXPORT, "utf8")); process.exit(0); }
if (args[0] === "destroy") { console.log("Destroying (env-jane): 13 deleted"); process.exit(0); }
process.exit(0);
`;

let dir: string;
let savedEnv: NodeJS.ProcessEnv;
beforeEach(() => {
  savedEnv = { ...process.env };
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
});
afterEach(() => {
  // In place: the worker goes on to other test files (vitest.config.mts), which need the real
  // process.env object (values coerced to strings, passed to child processes), not a copy.
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

function installFakePulumi(resources: { urn: string; type: string }[]) {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "pulumi"), FAKE_PULUMI, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "export.json"), JSON.stringify({ version: 3, deployment: { resources } }));
  process.env.PATH = `${bin}${path.delimiter}${path.dirname(process.execPath)}`;
  process.env.FAKE_PULUMI_LOG = path.join(dir, "log");
  process.env.FAKE_PULUMI_EXPORT = path.join(dir, "export.json");
  process.env.PULUMI_SKIP_UPDATE_CHECK = "true";
}

function pulumiCalls(): string[] {
  return fs
    .readFileSync(path.join(dir, "log"), "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as string[]).filter((a) => a !== "--non-interactive").join(" "));
}

describe("return through the real Automation API (LocalWorkspace) and a stand-in pulumi CLI", () => {
  it("reports no CLI when there is no pulumi on PATH", async () => {
    process.env.PATH = path.join(dir, "empty");
    expect(await localAutomation.cliVersion()).toBeNull();
  });

  it("runs stack select, destroy, stack export, then stack rm --preserve-config, and deletes the file last", async () => {
    installFakePulumi([{ urn: "urn:pulumi:env-jane::releng-envs::pulumi:pulumi:Stack::releng-envs-env-jane", type: "pulumi:pulumi:Stack" }]);
    const stacksDir = tempStacks({ "Pulumi.env-jane.yaml": envFile("jane") });
    const r = await cli(["return", "jane"], { stacksDir, automation: localAutomation });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const calls = pulumiCalls().filter((c) => c !== "version" && !c.startsWith("stack history"));
    expect(calls[0]).toBe("stack select --stack env-jane");
    expect(calls[1]).toMatch(/^destroy --yes --skip-preview --message releng-envs return jane \(by tester\) .*--stack env-jane$/);
    expect(calls[2]).toMatch(/^stack export .*--stack env-jane$/);
    expect(calls[3]).toBe("stack rm --yes --preserve-config env-jane");
    expect(calls).toHaveLength(4);
    expect(fs.existsSync(path.join(stacksDir, "Pulumi.env-jane.yaml"))).toBe(false);
    expect(JSON.parse(/^AUDIT (.*)$/m.exec(r.out)![1])).toMatchObject({ destroyed: 13, pulumi: "3.248.0" });
  });

  it("never runs stack rm when the exported state still holds a resource", async () => {
    installFakePulumi([{ urn: "urn:pulumi:env-jane::releng-envs::kubernetes:core/v1:Namespace::env-jane", type: "kubernetes:core/v1:Namespace" }]);
    const stacksDir = tempStacks({ "Pulumi.env-jane.yaml": envFile("jane") });
    const before = snapshot(stacksDir);
    const r = await cli(["return", "jane"], { stacksDir, automation: localAutomation });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/kubernetes:core\/v1:Namespace::env-jane/);
    expect(pulumiCalls().some((c) => c.startsWith("stack rm"))).toBe(false);
    expect(snapshot(stacksDir)).toEqual(before);
  });
});
