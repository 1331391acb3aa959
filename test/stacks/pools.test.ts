import { describe, expect, it } from "vitest";
import { parseStackConfig, type RawStackConfig } from "../../stacks/load";
import { problemsOf, TODAY } from "../helpers";
import { depSigning, poolsRaw } from "../poolsHelpers";

function parse(raw: RawStackConfig) {
  return parseStackConfig(raw, { today: TODAY });
}


const S = "s3cr3t-value";
const signingWith = (autograph: unknown[], product = "firefox") => ({ script: "signing", product, autograph });

describe("pools config", () => {
  it("accepts a brief pool list and fills defaults", () => {
    const c = parse(poolsRaw("dep", [{ script: "beetmover", product: "firefox" }, depSigning]));
    expect(c.kind).toBe("pools");
    if (c.kind !== "pools") return;
    expect(c.level).toBe("dep");
    expect(c.kubernetes).toEqual({ target: "render" });
    expect(c.pools[0].replicas).toEqual({ min: 0, initial: 0 });
  });

  it("collects secret names under secrets.pools.<worker-type>, never values", () => {
    const c = parse(poolsRaw("dep", [depSigning], { secrets: { "gecko-t-signing": { AUTOGRAPH_GPG_USERNAME: S, TASKCLUSTER_ACCESS_TOKEN: S } } }));
    expect(c.secretNames).toEqual(["pools.gecko-t-signing.AUTOGRAPH_GPG_USERNAME", "pools.gecko-t-signing.TASKCLUSTER_ACCESS_TOKEN"]);
    expect(JSON.stringify(c)).not.toContain(S);
  });

  it("lets dev send stage_autograph_* formats to Autograph stage with stage credentials", () => {
    const pool = signingWith([{ server: "stage", formats: ["stage_autograph_gpg"], credentialsEnv: "AUTOGRAPH_STAGE_GPG" }]);
    expect(() => parse(poolsRaw("dev", [pool], { secrets: { "gecko-t-signing-dev": { AUTOGRAPH_STAGE_GPG_PASSWORD: S } } }))).not.toThrow();
  });

  it("lets prod hold production-only secrets and production cert scopes", () => {
    const pool = signingWith([{ server: "prod", certScope: "release-signing", formats: ["gcp_prod_autograph_hash_only_mar384"], credentialsEnv: "AUTOGRAPH_MAR_RELEASE" }]);
    expect(() => parse(poolsRaw("prod", [pool], { secrets: { "gecko-3-signing": { ED25519_PRIVKEY: S, AUTOGRAPH_MAR_RELEASE_PASSWORD: S } } }))).not.toThrow();
  });
});

// Each forbidden case: the key it must name and the words a reader needs to see.
type Case = [string, RawStackConfig, string, RegExp];
const stageUrl = "https://stage.autograph.nonprod.webservices.mozgcp.net";
const oldStageUrl = "https://autograph-external.stage.autograph.services.mozaws.net";
const forbidden: Case[] = [
  ...(["dep", "dev"] as const).flatMap((level): Case[] => {
    const wt = level === "dep" ? "gecko-t-signing" : "gecko-t-signing-dev";
    const secret = (name: string): Case => [
      `${level} holding ${name}`,
      poolsRaw(level, [depSigning], { secrets: { [wt]: { [name]: S } } }),
      `releng-envs:secrets.pools.${wt}.${name}`,
      new RegExp(`${name} is a production-only secret .*a ${level} pool must never hold it`),
    ];
    return [
      secret("ED25519_PRIVKEY"),
      secret("AUTOGRAPH_MAR_RELEASE_PASSWORD"),
      secret("AUTOGRAPH_MAR_NIGHTLY_USERNAME"),
      secret("GCS_RELEASE_CREDS"),
      secret("GOOGLE_SERVICE_ACCOUNT_FENIX_RELEASE"),
      secret("REPO_TOKEN_STABLE"),
      secret("CLIENT_SECRET"),
      [
        `${level} using production MAR credentials`,
        poolsRaw(level, [signingWith([{ server: "prod", formats: ["gcp_prod_autograph_hash_only_mar384"], credentialsEnv: "AUTOGRAPH_MAR_RELEASE" }])]),
        "releng-envs:pools[0].autograph[0].credentialsEnv",
        /AUTOGRAPH_MAR_RELEASE_USERNAME is a production-only secret/,
      ],
      [
        `${level} holding a production cert scope`,
        poolsRaw(level, [signingWith([{ server: "prod", certScope: "release-signing", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" }])]),
        "releng-envs:pools[0].autograph[0].certScope",
        /project:releng:signing:cert:release-signing is not a cert scope a (dep|dev) pool may hold \(…cert:\{dep-signing\}\)/,
      ],
      [
        `${level} pushing to a store`,
        poolsRaw(level, [{ script: "pushapk", product: "firefox", storePush: true }]),
        "releng-envs:pools[0].storePush",
        new RegExp(`a ${level} pool may not push to a store`),
      ],
    ];
  }),
  ...(["prod", "dep"] as const).flatMap((level): Case[] =>
    [
      ["alias stage", "stage"],
      ["current stage URL", stageUrl],
      ["old stage URL", oldStageUrl],
    ].map(([what, server]): Case => [
      `${level} pointing a format at Autograph stage (${what})`,
      poolsRaw(level, [signingWith([{ server, certScope: level === "prod" ? "release-signing" : undefined, formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" }])]),
      "releng-envs:pools[0].autograph[0].server",
      new RegExp(`is Autograph stage; a ${level} pool may never send a format to it`),
    ]),
  ),
  [
    "prod holding Autograph stage credentials (secret)",
    poolsRaw("prod", [signingWith([{ server: "prod", certScope: "release-signing", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" }])], { secrets: { "gecko-3-signing": { AUTOGRAPH_STAGE_GPG_PASSWORD: S } } }),
    "releng-envs:secrets.pools.gecko-3-signing.AUTOGRAPH_STAGE_GPG_PASSWORD",
    /is an Autograph stage credential .*a prod pool must never hold it/,
  ],
  [
    "prod using Autograph stage credentials (server entry)",
    poolsRaw("prod", [signingWith([{ server: "prod", certScope: "release-signing", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_STAGE_GPG" }])]),
    "releng-envs:pools[0].autograph[0].credentialsEnv",
    /AUTOGRAPH_STAGE_GPG_USERNAME is an Autograph stage credential/,
  ],
  [
    "dev sending a non-stage format to Autograph stage",
    poolsRaw("dev", [signingWith([{ server: stageUrl, formats: ["stage_autograph_gpg", "gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_STAGE_GPG" }])]),
    "releng-envs:pools[0].autograph[0].formats",
    /gcp_prod_autograph_gpg is not a format of Autograph stage/,
  ],
  ["prod level in a dep stack", poolsRaw("prod", [{ script: "shipit", product: "firefox" }], { stack: "pools-dep" }), "releng-envs:level", /stack 'pools-dep' is not named pools-prod/],
  ["a secret for a pool the stack does not declare", poolsRaw("dep", [depSigning], { secrets: { "gecko-1-signing": { AUTOGRAPH_GPG_PASSWORD: S } } }), "releng-envs:secrets.pools.gecko-1-signing.AUTOGRAPH_GPG_PASSWORD", /names pool 'gecko-1-signing', which this stack does not declare/],
  ["a secret the pool does not use", poolsRaw("dep", [{ script: "shipit", product: "firefox" }], { secrets: { "gecko-1-shipit": { JWT_SECRET: S } } }), "releng-envs:secrets.pools.gecko-1-shipit.JWT_SECRET", /gecko-1-shipit does not use JWT_SECRET/],
  ["a product the script does not serve", poolsRaw("dep", [{ script: "bouncer", product: "mobile" }]), "releng-envs:pools[0].product", /bouncer does not serve mobile/],
  ["a signing pool without Autograph servers", poolsRaw("dep", [{ script: "signing", product: "firefox" }]), "releng-envs:pools[0].autograph", /must list its Autograph servers/],
  ["the same pool twice", poolsRaw("dep", [{ script: "tree", product: "thunderbird" }, { script: "tree", product: "thunderbird" }]), "releng-envs:pools[1]", /declares comm-1-tree again/],
  ["an unknown script", poolsRaw("dep", [{ script: "iscript", product: "firefox" }]), "releng-envs:pools[0].script", /script must be one of/],
];

describe("pools segregation and validation", () => {
  it.each(forbidden)("rejects %s", (_what, raw, key, message) => {
    const e = problemsOf(raw);
    const p = e.problems.find((x) => x.key === key);
    expect(p, `problems: ${JSON.stringify(e.problems, null, 1)}`).toBeDefined();
    expect(p!.problem).toMatch(message);
    expect(p!.fix.length).toBeGreaterThan(10);
    // Readable: the file, the key and the fix are in the message the user sees; secret values never are.
    expect(e.message).toContain(raw.file);
    expect(e.message).toContain(key);
    expect(e.message).not.toContain(S);
  });

  it("reports every problem of a stack in one run", () => {
    const raw = poolsRaw("dep", [signingWith([{ server: "stage", certScope: "nightly-signing", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_MAR_NIGHTLY" }])], { secrets: { "gecko-t-signing": { ED25519_PRIVKEY: S } } });
    const keys = problemsOf(raw).problems.map((p) => p.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        "releng-envs:pools[0].autograph[0].server",
        "releng-envs:pools[0].autograph[0].credentialsEnv",
        "releng-envs:pools[0].autograph[0].certScope",
        "releng-envs:secrets.pools.gecko-t-signing.ED25519_PRIVKEY",
      ]),
    );
  });
});
