import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { POLICIES } from "../../policies/pack";
import { POLICY_DOCS_FILE, policiesMarkdown } from "../../tools/docs/policies";

describe("docs/policies.md", () => {
  it("is what npm run docs:policies generates from the rules' metadata (run it after changing a rule)", () => {
    expect(fs.readFileSync(POLICY_DOCS_FILE, "utf8")).toBe(policiesMarkdown());
  });

  it("has a section per policy, the anchor each policy's url points at", () => {
    const md = policiesMarkdown();
    for (const p of POLICIES) {
      expect(md).toContain(`### ${p.name}\n`);
      expect(p.url).toBe(`docs/policies.md#${p.name}`);
      expect(md).toContain(p.remediationSteps);
    }
  });
});
