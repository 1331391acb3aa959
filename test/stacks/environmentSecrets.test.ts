// An environment stack holds only the secrets its services and own pools read: an allow-list by
// path, refused at config time (before anything is declared), the value never echoed.
import { describe, expect, it } from "vitest";
import { envWorkerType } from "../../domain/pools/envNames";
import { parseStackConfig } from "../../stacks/load";
import { envRaw, problemsOf, TODAY } from "../helpers";

const SECRET = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
const services = { balrog: {}, archive: {}, shipit: {} };
const raw = (secrets: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  envRaw({ name: "jane-fx150", services, pools: ["balrog", "beetmover"], secrets, ...overrides }, { secretKeys: ["secrets"] });
const balrogPool = envWorkerType("balrog", "jane-fx150");

describe("environment secrets allow-list", () => {
  it("accepts every secret the services and the environment's own pools read", () => {
    const config = parseStackConfig(
      raw({
        balrog: { secretKey: SECRET, auth0M2mClientId: SECRET, auth0M2mClientSecret: SECRET },
        shipit: { authClientId: SECRET, authClientSecret: SECRET, taskclusterClientId: SECRET, taskclusterAccessToken: SECRET },
        pools: { [balrogPool]: { TASKCLUSTER_ACCESS_TOKEN: SECRET, AUTH0_CLIENT_ID: SECRET, AUTH0_CLIENT_SECRET: SECRET } },
      }),
      { today: TODAY },
    );
    expect(config.secretNames).toHaveLength(10);
  });

  it.each([
    ["a production credential at the top", { GCS_RELEASE_CREDS: SECRET }, "GCS_RELEASE_CREDS"],
    ["a key nothing reads, under a service", { balrog: { RELEASE_KEY: SECRET } }, "balrog.RELEASE_KEY"],
    ["a prod pool's worker type", { pools: { "gecko-3-signing": { ED25519_PRIVKEY: SECRET } } }, "pools.gecko-3-signing.ED25519_PRIVKEY"],
    ["the right pool, a credential it does not take from the stack", { pools: { [balrogPool]: { DEP_ID: SECRET } } }, `pools.${balrogPool}.DEP_ID`],
    ["another environment's pool", { pools: { [envWorkerType("balrog", "other-env")]: { TASKCLUSTER_ACCESS_TOKEN: SECRET } } }, `pools.${envWorkerType("balrog", "other-env")}.TASKCLUSTER_ACCESS_TOKEN`],
    ["a pool the environment does not run", { pools: { [envWorkerType("bouncer", "jane-fx150")]: { TASKCLUSTER_ACCESS_TOKEN: SECRET } } }, `pools.${envWorkerType("bouncer", "jane-fx150")}.TASKCLUSTER_ACCESS_TOKEN`],
    ["a name differing in case", { shipit: { AuthClientId: SECRET } }, "shipit.AuthClientId"],
  ])("refuses %s, naming the path and the fix, never the value", (_, secrets, path) => {
    const e = problemsOf(raw(secrets));
    expect(e.problems.map((p) => p.key)).toEqual([`releng-envs:secrets.${path}`]);
    expect(e.problems[0].fix).toContain(`pulumi config rm --path 'releng-envs:secrets.${path}'`);
    expect(e.message).not.toContain(SECRET);
  });

  it("reads the list shorthand of services too", () => {
    expect(() => parseStackConfig(raw({ shipit: { authClientId: SECRET } }, { services: ["shipit"], pools: [] }), { today: TODAY })).not.toThrow();
  });

  it("refuses a service's secret when that service is not checked out", () => {
    const e = problemsOf(raw({ shipit: { authClientId: SECRET } }, { services: { balrog: {}, archive: {} } }));
    expect(e.problems.map((p) => p.key)).toEqual(["releng-envs:secrets.shipit.authClientId"]);
  });
});
