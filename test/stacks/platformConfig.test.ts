import { describe, expect, it } from "vitest";
import { parseStackConfig, type RawStackConfig } from "../../stacks/load";
import { rawConfigFromFile } from "../../stacks/stackFile";
import { TODAY, problemsOf } from "../helpers";

function nonprod(patch: (v: Record<string, any>) => void = () => undefined): RawStackConfig {
  const raw = rawConfigFromFile("platform-nonprod");
  const values = structuredClone(raw.values) as Record<string, any>;
  patch(values);
  return { ...raw, values };
}


describe("platform config", () => {
  it("accepts both sample stacks and fills defaults", () => {
    for (const stack of ["platform-prod", "platform-nonprod"]) {
      const c = parseStackConfig(rawConfigFromFile(stack), { today: TODAY });
      expect(c.kind).toBe("platform");
      if (c.kind !== "platform") return;
      expect(c.kms.keyRing).toBe("releng-envs");
      expect(c.registryMirror.repository).toBe("dockerhub");
      expect(c.cluster.deletionProtection).toBe(true);
    }
  });

  it("refuses prod or dep pools in the same cluster as environments or dev pools", () => {
    const e = problemsOf(nonprod((v) => (v.hosts = ["prod-pools", "environments"])));
    const p = e.problems.find((x) => x.key === "releng-envs:hosts")!;
    expect(p.problem).toMatch(/prod-pools and environments in one cluster/);
    expect(p.fix).toMatch(/platform-prod/);
    expect(e.message).toContain("stacks/Pulumi.platform-nonprod.yaml");
  });

  it("refuses spot nodes for prod and dep pools", () => {
    const raw = rawConfigFromFile("platform-prod");
    const values = structuredClone(raw.values) as Record<string, any>;
    values.cluster.nodePools[1].spot = true;
    const e = problemsOf({ ...raw, values });
    expect(e.problems).toEqual([expect.objectContaining({ key: "releng-envs:cluster.nodePools[1].spot", fix: expect.stringMatching(/spot: false/) })]);
  });

  it("requires an untainted system pool and a node pool for every hosted workload", () => {
    const e = problemsOf(nonprod((v) => (v.cluster.nodePools = v.cluster.nodePools.filter((p: { runs: string }) => p.runs === "dev-pools"))));
    const messages = e.problems.map((p) => p.problem).join("\n");
    expect(messages).toMatch(/no node pool with runs: system/);
    expect(messages).toMatch(/no node pool for environments/);
  });

  it("refuses a node pool for a workload the cluster does not host", () => {
    const e = problemsOf(nonprod((v) => v.cluster.nodePools.push({ runs: "prod-pools" })));
    expect(e.problems.some((p) => p.key === "releng-envs:cluster.nodePools[3].runs" && /does not host/.test(p.problem))).toBe(true);
  });

  it("refuses overlapping ranges, a control plane range that is not a /28, and misaligned ranges", () => {
    const e = problemsOf(
      nonprod((v) => {
        v.network.podsCidr = "10.20.0.0/14"; // covers nodesCidr 10.20.0.0/20
        v.network.controlPlaneCidr = "172.16.0.0/24";
        v.network.servicesCidr = "10.28.0.1/20";
      }),
    );
    const byKey = Object.fromEntries(e.problems.map((p) => [p.key, p.problem]));
    expect(byKey["releng-envs:network.podsCidr"]).toMatch(/overlaps nodesCidr/);
    expect(byKey["releng-envs:network.controlPlaneCidr"]).toMatch(/\/28/);
    expect(byKey["releng-envs:network.servicesCidr"]).toMatch(/first of the block/);
  });

  it("names the key and the fix for a bad project id and an unknown release channel", () => {
    const e = problemsOf(
      nonprod((v) => {
        v.gcp.project = "Releng_Envs";
        v.cluster.releaseChannel = "NIGHTLY";
      }),
    );
    const project = e.problems.find((p) => p.key === "releng-envs:gcp.project")!;
    expect(project.problem).toMatch(/GCP project id/);
    expect(project.fix).toMatch(/pulumi config set --path releng-envs:gcp.project/);
    expect(e.problems.find((p) => p.key === "releng-envs:cluster.releaseChannel")!.problem).toMatch(/RAPID, REGULAR or STABLE/);
  });

  it("refuses a platform stack not named platform-<name>", () => {
    const e = problemsOf({ ...nonprod(), stack: "nonprod" });
    expect(e.problems.some((p) => p.key === "releng-envs:kind" && /platform-<name>/.test(p.problem))).toBe(true);
  });
});
