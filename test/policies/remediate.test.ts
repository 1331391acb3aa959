// containers-no-privilege-escalation remediates: the pack sets allowPrivilegeEscalation: false where
// a container leaves it unset or true (what Pod Security `restricted` demands anyway), never touches
// a privileged container (that stays a violation), and changes nothing on a compliant workload.
import { describe, expect, it } from "vitest";
import { containersNoPrivilegeEscalation as policy } from "../../policies/rules/containers-no-privilege-escalation";
import { changedPaths } from "../../tools/plan/policyRun";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const deployment = (containers: Record<string, unknown>[], initContainers: Record<string, unknown>[] = []) => ({
  metadata: { name: "w", namespace: "env-jane" },
  spec: { template: { spec: { containers, initContainers } } },
});
async function remediate(type: string, props: Record<string, unknown>): Promise<any> {
  const fn = policy.remediateResource!;
  return await fn({ type, props, urn: `urn:pulumi:env-jane::releng-envs::${type}::w`, name: "w", opts: {} as never, getConfig: () => ({}) as never, isType: () => false, asType: () => undefined, notApplicable: () => undefined as never } as never);
}

describe("containers-no-privilege-escalation remediation", () => {
  it("sets allowPrivilegeEscalation: false on containers and init containers that leave it unset or true, keeping their other settings", async () => {
    const before = deployment([{ name: "app" }, { name: "side", securityContext: { allowPrivilegeEscalation: true, runAsNonRoot: true } }], [{ name: "init" }]);
    const after = await remediate(DEPLOYMENT, before);
    const spec = after.spec.template.spec;
    expect(spec.containers.map((c: any) => c.securityContext)).toEqual([{ allowPrivilegeEscalation: false }, { allowPrivilegeEscalation: false, runAsNonRoot: true }]);
    expect(spec.initContainers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect(before.spec.template.spec.containers[0]).toEqual({ name: "app" }); // the input is not mutated
    expect(changedPaths(before, after)).toContain("spec.template.spec.containers[0].securityContext");
  });

  it("leaves a privileged container alone (still a violation), and returns nothing when nothing changes", async () => {
    const privileged = deployment([{ name: "p", securityContext: { privileged: true } }]);
    expect(await remediate(DEPLOYMENT, privileged)).toBeUndefined();
    const violations: string[] = [];
    (policy.validateResource as (args: never, report: (m: string) => void) => void)({ type: DEPLOYMENT, props: privileged, urn: "", name: "w" } as never, (m: string) => violations.push(m));
    expect(violations.join("\n")).toMatch(/runs privileged/);
    expect(await remediate(DEPLOYMENT, deployment([{ name: "ok", securityContext: { allowPrivilegeEscalation: false } }]))).toBeUndefined();
    expect(await remediate("kubernetes:core/v1:ConfigMap", { data: {} })).toBeUndefined();
  });

  it("remediates every pod-carrying kind (a CronJob's job template too)", async () => {
    const cron = { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: "c" }] } } } } } };
    const after = await remediate("kubernetes:batch/v1:CronJob", cron);
    expect(after.spec.jobTemplate.spec.template.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
  });
});
