import { handoffInputOf } from "../../../program/placement";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { upstreamData } from "../../../catalog/upstreamContract";
import { describe, expect, it } from "vitest";
import { STAGE_ENDPOINTS, STAGING_RELEASE_ENDPOINTS } from "../../../catalog/endpoints";
import { stagingRelease, type StagingRelease } from "../../../components/services/handoff/stagingRelease";
import { parseStackConfig, type EnvironmentStack } from "../../../stacks/load";
import { rawConfigFromFile } from "../../../stacks/stackFile";
import { evaluateStack } from "../../../tools/plan/evaluate";
import { runPlan } from "../../../tools/plan/main";
import { TODAY } from "../../helpers";
import { planOf } from "../../planHelpers";
import { envWith, type ServiceKey } from "./fixtures";

const ALL: ServiceKey[] = ["balrog", "bouncer", "shipit", "archive"];
const OWNER = { balrogAdminApi: "balrog", balrogPublic: "balrog", bouncerAdminApi: "bouncer", bouncerRedirect: "bouncer", shipitApi: "shipit", archivePrefix: "archive" } as const;
const subsets = Array.from({ length: 16 }, (_, mask) => ALL.filter((_s, i) => mask & (1 << i)));

describe("staging-release handoff", () => {
  it.each(subsets.map((s) => [s.join("+") || "(none)", s] as const))("plans %s and hands over every endpoint, own or fallback", async (_label, services) => {
    const plan = await planOf(envWith(services));
    expect(plan.schemaErrors).toEqual([]);
    const handoff = plan.outputs.stagingRelease as StagingRelease;
    expect(Object.keys(handoff.endpoints).sort()).toEqual([...STAGING_RELEASE_ENDPOINTS].sort());
    for (const e of STAGING_RELEASE_ENDPOINTS) {
      const { url, source, service } = handoff.endpoints[e];
      expect(service).toBe(OWNER[e]);
      if (services.includes(OWNER[e])) {
        expect(source, e).toBe("own");
        expect(url, e).toMatch(/^http:\/\/[a-z-]+\.env-jane-fx150\.svc\.cluster\.local(\/|\/api|\/pub)?$/);
      } else {
        expect(source, e).toBe("fallback");
        expect(url, e).toBe(STAGE_ENDPOINTS[e]);
      }
    }
    for (const s of ALL) expect(handoff.services[s]).toBe(services.includes(s) ? "own" : "fallback");
  });

  it("uses the API roots the own copies serve (Balrog admin at /, bouncer-admin under /api) and the archive's pub/ prefix", () => {
    const config = parseStackConfig(envWith(ALL), { today: TODAY }) as EnvironmentStack;
    const { endpoints } = stagingRelease(handoffInputOf(config));
    expect(endpoints.balrogAdminApi.url).toBe("http://balrog-admin.env-jane-fx150.svc.cluster.local");
    expect(endpoints.bouncerAdminApi.url).toBe("http://bouncer-admin.env-jane-fx150.svc.cluster.local/api");
    expect(endpoints.bouncerRedirect.url).toBe("http://bouncer.env-jane-fx150.svc.cluster.local/");
    expect(endpoints.shipitApi.url).toBe("http://shipit-admin.env-jane-fx150.svc.cluster.local");
    expect(endpoints.archivePrefix.url).toBe("http://archive.env-jane-fx150.svc.cluster.local/pub");
    // What the scripts append is a route of the upstream app at that root (catalog/upstream/).
    const routes = (data: "balrog" | "bouncer-admin", app: string) => upstreamData()[data].apps[app].routes.map((r) => r.path);
    const pathOf = (u: string) => new URL(u).pathname.replace(/\/$/, "");
    expect(routes("balrog", "admin")).toContain(`${pathOf(endpoints.balrogAdminApi.url)}/v2/releases/{name}/pinnable`);
    expect(routes("balrog", "admin")).toContain(`${pathOf(endpoints.balrogAdminApi.url)}/scheduled_changes/rules`);
    expect(routes("bouncer-admin", "admin")).toContain(`${pathOf(endpoints.bouncerAdminApi.url)}/location_add/`);
  });

  it("takes fallbacks from stack config, and only for services not checked out", () => {
    const mine = "https://balrog-admin.my-team-stage.example.org/api";
    const without = parseStackConfig(envWith(["archive"], { fallbacks: { balrogAdminApi: mine } }), { today: TODAY }) as EnvironmentStack;
    expect(stagingRelease(handoffInputOf(without)).endpoints.balrogAdminApi).toEqual({ url: mine, source: "fallback", service: "balrog" });
    const withBalrog = parseStackConfig(envWith(["balrog"], { fallbacks: { balrogAdminApi: mine } }), { today: TODAY }) as EnvironmentStack;
    expect(stagingRelease(handoffInputOf(withBalrog)).endpoints.balrogAdminApi.source).toBe("own");
  });

  it("refuses a fallback that is a production write endpoint or not https", async () => {
    const plan = await evaluateStack(envWith([], { fallbacks: { bouncerAdminApi: "https://admin.prod.bouncer.prod.webservices.mozgcp.net/api", shipitApi: "http://shipit.example.org" } }), { today: TODAY });
    expect(plan.configError?.problems.map((p) => [p.key, p.problem])).toEqual([
      ["releng-envs:fallbacks.bouncerAdminApi", expect.stringMatching(/production write endpoint/)],
      ["releng-envs:fallbacks.shipitApi", expect.stringMatching(/https URL/)],
    ]);
    expect(plan.resources).toHaveLength(0);
  });

  it("plans the sample stack with all four services schema-valid and writes its handoff to staging-release.yaml", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-"));
    const { ok, plans } = await runPlan({ stacks: ["env-example"], today: TODAY, outDir }, () => {});
    expect(ok).toBe(true);
    expect(plans[0].schemaErrors).toEqual([]);
    const written = YAML.parse(fs.readFileSync(path.join(outDir, "env-example", "staging-release.yaml"), "utf8"));
    expect(written).toEqual(plans[0].outputs.stagingRelease);
    expect(Object.values(written.services)).toEqual(["own", "own", "own", "own"]);
    expect(rawConfigFromFile("env-example").values.services).toMatchObject({ balrog: {}, bouncer: {}, shipit: {}, archive: {} });
  });
});
