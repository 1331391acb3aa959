import { describe, expect, it } from "vitest";
import { ConfigError } from "../../stacks/errors";
import { parseStackConfig } from "../../stacks/load";
import { envRaw, TODAY, problemsOf } from "../helpers";


describe("environment config", () => {
  it("accepts a valid environment and fills defaults", () => {
    const c = parseStackConfig(envRaw(), { today: TODAY });
    expect(c.kind).toBe("environment");
    if (c.kind !== "environment") return;
    expect(c.kubernetes).toEqual({ target: "render" });
    expect(c.asleep).toBe(false);
    expect(c.quota.requestsCpu).toBe("8");
    expect(Object.keys(c.services)).toEqual(["balrog", "archive"]);
    expect(c.secretNames).toEqual([]);
  });

  it("accepts the list shorthand for services", () => {
    const c = parseStackConfig(envRaw({ services: ["bouncer", "shipit"] }), { today: TODAY });
    expect(c.kind === "environment" && Object.keys(c.services)).toEqual(["bouncer", "shipit"]);
  });

  it("accepts a due date exactly maxDueDays ahead and today", () => {
    expect(() => parseStackConfig(envRaw({ due: "2026-12-21" }), { today: TODAY })).not.toThrow();
    expect(() => parseStackConfig(envRaw({ due: TODAY }), { today: TODAY })).not.toThrow();
  });

  it("honours a smaller configured maximum", () => {
    const e = problemsOf(envRaw({ due: "2026-11-30", maxDueDays: 7 }));
    expect(e.problems[0].problem).toMatch(/9 days ahead; at most 7/);
  });

  it("collects secret names, never values", () => {
    const c = parseStackConfig(envRaw({ services: { shipit: {} }, secrets: { shipit: { authClientSecret: "s3cr3t" } } }, { secretKeys: ["secrets"] }), { today: TODAY });
    expect(c.secretNames).toEqual(["shipit.authClientSecret"]);
    expect(JSON.stringify(c)).not.toContain("s3cr3t");
  });

  it("accepts an overdue environment: overdue is lifecycle (the pack's environment-not-overdue, the reaper), never a config error", () => {
    expect(() => parseStackConfig(envRaw({ checkedOut: "2026-10-01", due: "2026-11-01" }), { today: TODAY })).not.toThrow();
    expect(() => parseStackConfig(envRaw({ due: "2020-01-01" }), { today: TODAY })).not.toThrow();
  });

  it("evaluates a sample stack as of its checkout date", () => {
    const raw = envRaw({ sample: true, checkedOut: "2026-01-01", due: "2026-01-10" });
    expect(() => parseStackConfig(raw, { today: TODAY })).not.toThrow();
    expect(problemsOf(envRaw({ sample: true, due: "2026-12-01" })).problems[0].key).toBe("releng-envs:checkedOut");
  });
});

// What a hurried user writes, and the key each error must name.
const invalid: Array<[string, Parameters<typeof envRaw>[0], Parameters<typeof envRaw>[1], string, RegExp]> = [
  ["upper-case name", { name: "Jane-FX" }, { stack: "env-Jane-FX" }, "releng-envs:name", /DNS-1123/],
  ["name with underscore", { name: "jane_fx" }, { stack: "env-jane_fx" }, "releng-envs:name", /DNS-1123/],
  ["name too long", { name: "a".repeat(41) }, { stack: `env-${"a".repeat(41)}` }, "releng-envs:name", /at most 40/],
  ["name ending with a dash", { name: "jane-" }, { stack: "env-jane-" }, "releng-envs:name", /DNS-1123/],
  ["name not matching the stack", { name: "other" }, { stack: "env-jane-fx150" }, "releng-envs:name", /stack is 'env-jane-fx150'/],
  ["missing holder", { holder: undefined }, {}, "releng-envs:holder", /required/],
  ["holder not an email", { holder: "jane" }, {}, "releng-envs:holder", /email/],
  ["empty purpose", { purpose: "   " }, {}, "releng-envs:purpose", /empty/],
  ["missing purpose", { purpose: undefined }, {}, "releng-envs:purpose", /required/],
  ["due before the checkout", { checkedOut: "2026-11-10", due: "2026-11-01" }, {}, "releng-envs:due", /before the checkout date 2026-11-10/],
  ["checked out in the future", { checkedOut: "2026-11-22" }, {}, "releng-envs:checkedOut", /in the future/],
  ["due too far ahead", { due: "2027-02-01" }, {}, "releng-envs:due", /at most 30 days/],
  ["due not a date", { due: "next friday" }, {}, "releng-envs:due", /YYYY-MM-DD/],
  ["due not a real day", { due: "2026-02-30" }, {}, "releng-envs:due", /real calendar date/],
  ["unknown service", { services: ["balrog", "tuxedo"] }, {}, "releng-envs:services.tuxedo", /not a known key/],
  ["asleep as a word", { asleep: "yes" }, {}, "releng-envs:asleep", /true or false/],
  ["unknown kind", { kind: "enviroment" }, {}, "releng-envs:kind", /one of: environment, pools, platform/],
  ["pools stack without its level", { kind: "pools" }, { stack: "pools-dep" }, "releng-envs:level", /required but missing/],
  ["unknown kubernetes target", { kubernetes: { target: "minikube" } }, {}, "releng-envs:kubernetes.target", /render, kubeconfig, gke/],
  ["plain-text secret under secrets", { secrets: { shipit: { authClientSecret: "hunter2" } } }, {}, "releng-envs:secrets", /plain text/],
  ["password-looking key outside secrets", { services: { shipit: {} }, egress: { allowHosts: [], proxyPassword: "hunter2" } }, {}, "releng-envs:egress.proxyPassword", /secret written in plain text/],
  ["secret key outside secrets", { purpose: "x" }, { secretKeys: ["purpose"] }, "releng-envs:purpose", /only releng-envs:secrets may hold secrets/],
  ["misspelt top-level key", { holdr: "jane@mozilla.com" }, {}, "releng-envs:holdr", /not a known key/],
  ["egress host with scheme", { egress: { allowHosts: ["https://archive.mozilla.org/pub"] } }, {}, "releng-envs:egress.allowHosts[0]", /bare host name/],
  ["quota not a quantity", { quota: { requestsCpu: "lots" } }, {}, "releng-envs:quota.requestsCpu", /quantity/],
];

describe("invalid environment configs", () => {
  it.each(invalid)("%s", (_label, overrides, extra, key, message) => {
    const e = problemsOf(envRaw(overrides, extra));
    expect(e).toBeInstanceOf(ConfigError);
    const problem = e.problems.find((p) => p.key === key);
    expect(problem, `expected a problem at ${key}, got ${e.problems.map((p) => p.key).join(", ")}`).toBeDefined();
    expect(problem!.problem).toMatch(message);
    expect(problem!.fix.length).toBeGreaterThan(10);
    // One readable block naming the file, no stack trace.
    expect(e.message).toContain("stacks/Pulumi.");
    expect(e.message).toContain(key);
    expect(e.message).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("has at least 15 cases", () => expect(invalid.length).toBeGreaterThanOrEqual(15));

  it("names the stack file and every problem at once", () => {
    const e = problemsOf(envRaw({ holder: "nope", due: "2027-06-01", services: ["tuxedo"] }));
    expect(e.problems.map((p) => p.key).sort()).toEqual(["releng-envs:due", "releng-envs:holder", "releng-envs:services.tuxedo"]);
    expect(e.message).toMatch(/^Stack config error in stacks\/Pulumi\.env-jane-fx150\.yaml \(stack env-jane-fx150\): 3 problems/);
  });
});
