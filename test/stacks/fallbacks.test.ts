// An environment's fallbacks (stacks/schema/fallbacks.ts) on small raw configs: the shared stage
// services by default, any other staging service when asked, never a production write API however
// its host is spelled. Fast, so `npm run mutate` judges the schema and the catalogue's write-host list by it.
import { describe, expect, it } from "vitest";
import { STAGE_ENDPOINTS } from "../../catalog/endpoints";
import { parseStackConfig, type EnvironmentStack } from "../../stacks/load";
import { envRaw, problemsOf, TODAY } from "../helpers";

const parse = (fallbacks: Record<string, unknown>) => parseStackConfig(envRaw({ fallbacks }), { today: TODAY }) as EnvironmentStack;

// The production write APIs (DESIGN.md §1 and bouncerscript/docker.d/worker.yml), as a release
// engineer would write them in a fallback.
const PRODUCTION_WRITE_APIS = [
  "https://aus4-admin.mozilla.org/api",
  "https://admin.prod.bouncer.prod.webservices.mozgcp.net/api",
  "https://bounceradmin-default.prod.mozaws.net/api",
  "https://shipit-api.mozilla-releng.net",
];

describe("fallbacks", () => {
  it("default to the shared stage services, each key on its own", () => {
    expect(parse({}).fallbacks).toEqual(STAGE_ENDPOINTS);
    const c = parse({ shipitApi: "https://Shipit.Example.org.:443" });
    expect(c.fallbacks).toEqual({ ...STAGE_ENDPOINTS, shipitApi: "https://shipit.example.org/" });
  });

  it("refuse every production write API under every key, however spelled, naming the host and the fix", () => {
    for (const url of PRODUCTION_WRITE_APIS) {
      const host = new URL(url).hostname;
      for (const [key, spelled] of [
        ["balrogAdminApi", url],
        ["bouncerAdminApi", url.replace("https://", "HTTPS://").replace(host, `${host.toUpperCase()}.`)],
        ["shipitApi", url.replace(host, `${host}:443`)],
        ["archivePrefix", url],
      ] as const) {
        const p = problemsOf(envRaw({ fallbacks: { [key]: spelled } })).problems.find((x) => x.key === `releng-envs:fallbacks.${key}`);
        expect(p?.problem, `${key} ${spelled}`).toBe(`points at ${host}, a production write endpoint; no environment may target it`);
        expect(p?.fix).toBe("remove the key to use the shared stage endpoint, or point it at another staging service");
      }
    }
  });

  it("refuse unknown keys and non-URLs", () => {
    expect(problemsOf(envRaw({ fallbacks: { balrogAdmin: "https://x.example" } })).problems.map((p) => p.key)).toContain("releng-envs:fallbacks.balrogAdmin");
    expect(problemsOf(envRaw({ fallbacks: { balrogPublic: "aus5.mozilla.org" } })).problems.find((p) => p.key === "releng-envs:fallbacks.balrogPublic")?.problem).toMatch(/not a URL/);
  });

  it("accept production read-only services and look-alike hosts", () => {
    expect(parse({ balrogPublic: "https://aus5.mozilla.org", archivePrefix: "https://archive.mozilla.org/pub" }).fallbacks.balrogPublic).toBe("https://aus5.mozilla.org/");
    expect(parse({ balrogAdminApi: "https://aus4-admin.mozilla.org.example.com/api" }).fallbacks.balrogAdminApi).toBe("https://aus4-admin.mozilla.org.example.com/api");
  });
});
