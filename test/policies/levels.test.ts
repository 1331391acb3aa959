// Enforcement levels are reasoned: trust rules mandatory, hygiene rules advisory unless a reason to
// block is written (policies/levels.ts), and docs/policies.md says why for each.
import { describe, expect, it } from "vitest";
import { POLICIES } from "../../policies/pack";
import { LEVEL_REASONS } from "../../policies/levels";
import { policiesMarkdown } from "../../tools/docs/policies";

describe("enforcement levels", () => {
  it("every policy has a written reason for its level, and no reason names a policy that does not exist", () => {
    expect(POLICIES.filter((p) => !LEVEL_REASONS[p.name]).map((p) => p.name)).toEqual([]);
    expect(Object.keys(LEVEL_REASONS).filter((n) => !POLICIES.some((p) => p.name === n))).toEqual([]);
  });

  it("trust rules are mandatory", () => {
    expect(POLICIES.filter((p) => p.family === "trust" && p.enforcementLevel !== "mandatory").map((p) => p.name)).toEqual([]);
  });

  it("a hygiene rule blocks only with a written reason to block; otherwise it is advisory", () => {
    for (const p of POLICIES.filter((x) => x.family === "hygiene")) {
      const reason = LEVEL_REASONS[p.name];
      if (p.enforcementLevel === "advisory") expect(reason, p.name).toMatch(/^Advisory: /);
      else if (p.enforcementLevel === "remediate") expect(reason, p.name).toMatch(/^Remediate: /);
      else expect(reason, p.name).toMatch(/^Blocks, with a reason: /);
    }
  });

  it("a remediating policy is a resource policy that implements remediateResource (stack policies cannot remediate)", () => {
    const remediating = POLICIES.filter((p) => p.enforcementLevel === "remediate");
    expect(remediating.map((p) => p.name)).toEqual(["containers-no-privilege-escalation"]);
    for (const p of remediating) expect(typeof (p as { remediateResource?: unknown }).remediateResource, p.name).toBe("function");
  });

  it("docs/policies.md gives each policy's level with its reason", () => {
    const md = policiesMarkdown();
    for (const p of POLICIES) expect(md).toContain(`- Why ${p.enforcementLevel}: ${LEVEL_REASONS[p.name]}`);
  });
});
