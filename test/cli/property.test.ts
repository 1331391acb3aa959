// Property (issue #18): whatever stack file and command line a hurried or hostile user gives, the CLI
// ends with exit code 0, 1 or 2; prints a trace only as a PROGRAM ERROR (and generated input never
// causes one); changes no file when it refuses; and never echoes a secret-shaped value it was given.
// Runs the CLI's entry function in-process (no process per case), on a temporary stacks/ copy.
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import type { Automation } from "../../cli/automation";
import { cli, snapshot, tempStacks } from "./helpers";

// Credential-shaped values (each matches a pattern of catalog/credentials.ts); none may be printed.
const SECRETS = [
  "AKIAQWERTYUIOPASDFGH",
  `ghp_${"Zx9Yw8Vu7T".repeat(4)}`,
  "https://deploy:Pa55w0rdXyz@archive.example.org/pub",
  "Qw3rTy-uIoP4aSdF_gHjK5lZxCvB6nMqWeRtY7uIoPaS",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJlLXZhbHVl",
  "xoxb-123456789012-abcdefghijkl",
];

const KEYS = ["kind", "name", "holder", "purpose", "due", "checkedOut", "services", "sample", "maxDueDays", "asleep", "kubernetes", "fallbacks", "egress", "quota", "secrets", "level", "pools"];

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.constantFrom(...SECRETS),
  fc.constantFrom("environment", "pools", "2026-11-30", "2026-02-30", "2026-13-45", "jane@mozilla.com", "-@-.-", "balrog", "https://x.example.org", "1e3", "", "~", "null"),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("balrog", "archive", "shipit", "bouncer", "target", "seed", "url", "x"), tie("v"), { maxKeys: 3 })),
})).v;

/** A stack file: mostly a config map of known and unknown keys; sometimes raw text (broken YAML, aliases). */
const stackFileText = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), value, { maxKeys: 8 }).map((config) => YAML.stringify({ config: Object.fromEntries(Object.entries(config).map(([k, v]) => [`releng-envs:${k}`, v])) })) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("", "config: {", "config:\n  - a", "a: &a [1,1]\nb: &b [*a,*a]\nconfig: *b", "config: {releng-envs:due: >-\n  x}")) },
);

const word = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...SECRETS), fc.constantFrom("fuzz", "env-fuzz", "../x", "jane", "99999999999", "-1", "2026-02-30", "balrog,archive", "services.x=1", "fallbacks.shipitApi=[oops"));

const argv = fc.oneof(
  fc.constant(["list"]),
  fc.constant(["list", "--json", "--overdue"]),
  fc.tuple(word).map(([d]) => ["renew", "fuzz", "--days", d]),
  fc.tuple(word).map(([n]) => ["return", n, "--dry-run"]),
  fc.constant(["return", "fuzz"]),
  fc.tuple(word, word, word, word, word, word).map(([n, h, s, d, p, set]) => ["checkout", n, "--holder", h, "--services", s, "--days", d, "--purpose", p, "--set", set]),
  fc.tuple(word, word).map(([t, rest]) => ["--today", t, "list", rest]),
);

// `return` reaches no engine here: every step fails the way a missing stack would.
const automation: Automation = {
  async cliVersion() {
    return "3.248.0";
  },
  async selectStack() {
    throw Object.assign(new Error("code: 255"), { commandResult: { code: 255, stderr: "error: no stack named 'env-fuzz' found", stdout: "" } });
  },
};

describe("the CLI under generated input", () => {
  it("exits 0/1/2, traces only as PROGRAM ERROR (never here), changes nothing when refusing, echoes no secret", async () => {
    const stacksDir = tempStacks();
    const file = path.join(stacksDir, "Pulumi.env-fuzz.yaml");
    await fc.assert(
      fc.asyncProperty(stackFileText, argv, async (text, args) => {
        for (const f of fs.readdirSync(stacksDir).filter((f) => /^Pulumi\.env-(?!example|gke-example)/.test(f))) fs.rmSync(path.join(stacksDir, f), { force: true });
        fs.writeFileSync(file, text);
        const before = snapshot(stacksDir);
        const r = await cli([...args], { stacksDir, automation });
        const printed = `${r.out}\n${r.err}`;
        expect([0, 1, 2]).toContain(r.code);
        expect(printed).not.toMatch(/PROGRAM ERROR/);
        expect(printed).not.toMatch(/\n\s+at .+:\d+:\d+/);
        if (r.code !== 0) expect(snapshot(stacksDir)).toEqual(before);
        for (const s of SECRETS) expect(printed).not.toContain(s);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 60), seed: Number(process.env.FC_SEED ?? 1812), endOnFailure: true },
    );
  });
});
