// What an environment reserves on the cluster (requests, as the scheduler counts them: bench/requests.ts):
// the four library services within the budget of issue #19 (≤ 1.5 vCPU, ≤ 3 GiB), and nothing at all
// asleep, its own pools included. A resource budget, not a timing: it cannot depend on the machine.
import { describe, expect, it } from "vitest";
import { ENV_POOL_SCRIPTS } from "../../../catalog/envPools";
import { environmentRequests } from "../../../bench/requests";
import { envRaw } from "../../helpers";
import { planOf } from "../../planHelpers";

const ALL_SERVICES = {
  balrog: {},
  bouncer: { images: { redirector: "registry.example.com/releng/go-bouncer:v3.0", admin: "registry.example.com/releng/bouncer-admin:v1.0" } },
  shipit: { imageTag: "production" },
  archive: {},
};

describe("an environment's requests", () => {
  it("for all four services stay within 1.5 vCPU and 3 GiB awake", async () => {
    const plan = await planOf(envRaw({ services: ALL_SERVICES }));
    const r = environmentRequests(plan.kubeObjects.map((k) => k.object)).steady;
    expect(r.pods).toBeGreaterThanOrEqual(12);
    expect(r.cpuMillis).toBeLessThanOrEqual(1500);
    expect(r.memoryMiB).toBeLessThanOrEqual(3 * 1024);
  });

  it("are zero pods asleep, with every service and every env pool checked out", async () => {
    const plan = await planOf(envRaw({ services: ALL_SERVICES, pools: [...ENV_POOL_SCRIPTS], ingress: { domain: "envs.example.org" }, asleep: true }));
    expect(environmentRequests(plan.kubeObjects.map((k) => k.object)).steady).toEqual({ pods: 0, cpuMillis: 0, memoryMiB: 0 });
  });
});
