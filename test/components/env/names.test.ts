import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DNS_LABEL } from "../../../stacks/schema/common";
import { labelValue, namespaceName } from "../../../components/env/names";
import { envRaw } from "../../helpers";
import { planOf } from "../../planHelpers";

const envName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/);

describe("environment names", () => {
  it("200 generated environments get unique namespaces and object names within Kubernetes limits", async () => {
    const names = fc.sample(fc.uniqueArray(envName, { minLength: 200, maxLength: 200 }), { numRuns: 1, seed: 42 })[0];
    expect(new Set(names).size).toBe(200);
    const namespaces = new Set<string>();
    for (const name of names) {
      const plan = await planOf(envRaw({ name }, { stack: `env-${name}`, file: `stacks/Pulumi.env-${name}.yaml` }));
      const ns = namespaceName(name);
      expect(namespaces.has(ns)).toBe(false);
      namespaces.add(ns);
      for (const { object } of plan.kubeObjects) {
        const meta = object.metadata as { name: string; namespace?: string; labels: Record<string, string> };
        expect(meta.name.length).toBeLessThanOrEqual(63);
        expect(meta.name).toMatch(DNS_LABEL);
        if (meta.namespace) expect(meta.namespace).toBe(ns);
        for (const v of Object.values(meta.labels ?? {})) expect(v.length).toBeLessThanOrEqual(63);
      }
      expect(plan.schemaErrors).toEqual([]);
    }
    expect(namespaces.size).toBe(200);
  }, 180_000); // 200 full plans, each with the checked-out services' objects

  it("turns any email into a valid label value", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const v = labelValue(email);
        expect(v.length).toBeLessThanOrEqual(63);
        expect(v).toMatch(/^([a-z0-9]([-_.a-z0-9]*[a-z0-9])?)?$/);
      }),
      { numRuns: 500 },
    );
  });
});
