import { describe, expect, it } from "vitest";
import { NODE_POOL_RUNS, WORKLOADS } from "../../../catalog/platform";
import { canSchedule, nodePoolLabels, nodePoolTaints, podSchedulingFor, toleratesTaint } from "../../../components/platform/scheduling";

describe("node pool taints and pod tolerations", () => {
  it("lets a workload's pods onto its own node pool and no other dedicated pool", () => {
    for (const workload of WORKLOADS) {
      for (const runs of NODE_POOL_RUNS) {
        const ok = canSchedule(podSchedulingFor(workload), { taints: nodePoolTaints(runs), labels: nodePoolLabels(runs) });
        expect(ok, `${workload} pod on ${runs} node`).toBe(runs === workload);
      }
    }
  });

  it("keeps pods without tolerations (kube-system, anything unplaced) off every dedicated pool", () => {
    for (const runs of NODE_POOL_RUNS) {
      const ok = canSchedule({}, { taints: nodePoolTaints(runs), labels: nodePoolLabels(runs) });
      expect(ok, runs).toBe(runs === "system");
    }
  });

  it("taints the prod worker pool so that only prod pods tolerate it", () => {
    const [taint] = nodePoolTaints("prod-pools");
    expect(taint).toEqual({ key: "releng.mozilla.org/workload", value: "prod-pools", effect: "NoSchedule" });
    for (const w of WORKLOADS) expect(podSchedulingFor(w).tolerations.some((t) => toleratesTaint(t, taint)), w).toBe(w === "prod-pools");
  });

  it("follows Kubernetes' matching rule for Exists and empty keys", () => {
    const taint = { key: "k", value: "v", effect: "NoSchedule" as const };
    expect(toleratesTaint({ operator: "Exists" }, taint)).toBe(true);
    expect(toleratesTaint({ key: "k", operator: "Exists" }, taint)).toBe(true);
    expect(toleratesTaint({ key: "k", operator: "Equal", value: "w" }, taint)).toBe(false);
    expect(toleratesTaint({ key: "k", operator: "Equal", value: "v", effect: "NoExecute" }, taint)).toBe(false);
  });
});
