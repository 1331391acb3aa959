import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, envFile, snapshot, tempStacks } from "./helpers";

function stacksWithJane(fields: Record<string, string> = {}) {
  const stacksDir = tempStacks({ "Pulumi.env-jane.yaml": envFile("jane", fields) });
  return { stacksDir, file: path.join(stacksDir, "Pulumi.env-jane.yaml") };
}

describe("releng-envs renew", () => {
  it("moves the due date and checkedOut, keeping every other byte of the file (comments, quoting, order)", async () => {
    const { stacksDir, file } = stacksWithJane();
    const before = fs.readFileSync(file, "utf8");
    const r = await cli(["renew", "jane", "--days", "10"], { stacksDir });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/due 2026-11-30 → 2026-12-01/);
    const after = fs.readFileSync(file, "utf8");
    const expected = before.replace(`releng-envs:checkedOut: "2026-11-15"`, `releng-envs:checkedOut: "2026-11-21"`).replace(`releng-envs:due: '2026-11-30'`, `releng-envs:due: '2026-12-01'`);
    expect(after).toBe(expected);
    expect(after).not.toBe(before);
  });

  it("renews an overdue environment", async () => {
    const { stacksDir, file } = stacksWithJane({ checkedOut: "2026-10-01", due: "2026-10-20" });
    const r = await cli(["renew", "jane", "--days", "30"], { stacksDir });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toContain(`releng-envs:due: '2026-12-21'`);
    const list = JSON.parse((await cli(["list", "--json"], { stacksDir })).out);
    expect(list.environments.find((e: { name: string }) => e.name === "jane")).toMatchObject({ overdue: false, daysLeft: 30 });
  });

  it("adds checkedOut when the file has none", async () => {
    const stacksDir = tempStacks({ "Pulumi.env-jane.yaml": envFile("jane").replace(/^ {2}releng-envs:checkedOut.*\n/m, "") });
    const r = await cli(["renew", "jane", "--days", "3"], { stacksDir });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(stacksDir, "Pulumi.env-jane.yaml"), "utf8")).toMatch(/\n {2}releng-envs:due: '2026-11-24'\n {2}releng-envs:checkedOut: "2026-11-21"\n {2}# services as a list/);
  });

  const refused: [string, string[], RegExp[]][] = [
    ["days over the maximum", ["renew", "jane", "--days", "31"], [/--days \(releng-envs:due\)/, /at most 30 days are allowed/, /renew for 0 to 30 days/]],
    ["a due date in the past", ["renew", "jane", "--days", "-2"], [/--days \(releng-envs:due\)/, /in the past/]],
    ["days that are not a number", ["renew", "jane", "--days", "1w"], [/--days/, /whole number/]],
    ["an unknown environment", ["renew", "nobody", "--days", "3"], [/No environment 'nobody'/, /use one of: .*jane/]],
    ["a name that is not a DNS label", ["renew", "Jane", "--days", "3"], [/<name> \(releng-envs:name\)/]],
    ["the sample stack", ["renew", "example", "--days", "3"], [/sample stack/, /check out your own/]],
    ["a missing --days", ["renew", "jane"], [/required option '--days <n>'/]],
  ];
  for (const [what, argv, messages] of refused) {
    it(`refuses ${what} and changes no file`, async () => {
      const { stacksDir } = stacksWithJane();
      const before = snapshot(stacksDir);
      const r = await cli(argv, { stacksDir });
      expect(r.code).not.toBe(0);
      for (const m of messages) expect(r.err).toMatch(m);
      expect(snapshot(stacksDir)).toEqual(before);
    });
  }

  it("refuses to renew a stack whose other keys are broken, naming them", async () => {
    const { stacksDir } = stacksWithJane({ holder: "jane" });
    const before = snapshot(stacksDir);
    const r = await cli(["renew", "jane", "--days", "3"], { stacksDir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/releng-envs:holder/);
    expect(snapshot(stacksDir)).toEqual(before);
  });
});
