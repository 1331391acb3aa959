// The pools stack schema, field by field and check by check, on small raw configs: each refusal
// names its key, says what is wrong and gives a fix; each compliant-but-unusual spelling passes.
// (pools.test.ts holds the trust-segregation cases; this file the rest of the schema's checks.)
import { describe, expect, it } from "vitest";
import { parseStackConfig, type PoolsStack, type RawStackConfig } from "../../stacks/load";
import { problemsOf, TODAY } from "../helpers";
import { depSigning, poolsRaw } from "../poolsHelpers";

const parse = (raw: RawStackConfig) => parseStackConfig(raw, { today: TODAY }) as PoolsStack;
const ok = (raw: RawStackConfig) => expect(() => parse(raw)).not.toThrow();

/** The one problem `raw` has at `key` (fails when there is none), with a fix that says something. */
function problemAt(raw: RawStackConfig, key: string): string {
  const problems = problemsOf(raw).problems;
  const p = problems.find((x) => x.key === key);
  expect(p, `problems: ${JSON.stringify(problems, null, 1)}`).toBeDefined();
  expect(p!.fix.length, p!.problem).toBeGreaterThan(5);
  return p!.problem;
}
const pool0 = (k: string) => `releng-envs:pools[0].${k}`;
const signing = (entry: Record<string, unknown>, product = "firefox") => ({ script: "signing", product, autograph: [{ server: "prod", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG", ...entry }] });

describe("pool fields", () => {
  it("says a missing script or product is missing, and a wrong one lists the choices", () => {
    expect(problemAt(poolsRaw("dep", [{ product: "firefox" }]), pool0("script"))).toBe("is required but missing");
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefux" }]), pool0("product"))).toMatch(/^product must be one of: firefox, .*thunderbird/);
  });

  it("takes Kubernetes quantities as text or numbers", () => {
    const c = parse(poolsRaw("dep", [{ script: "shipit", product: "firefox", resources: { requests: { cpu: 2, memory: "1.5Gi" }, limits: { cpu: "500m" } } }]));
    expect(c.pools[0].resources).toEqual({ requests: { cpu: "2", memory: "1.5Gi" }, limits: { cpu: "500m" } });
    for (const bad of ["2 Gi", "abc", "1.Gi", "Gi", "-1", "1Xi"]) {
      expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", resources: { limits: { memory: bad } } }]), pool0("resources.limits.memory")), bad).toMatch(/must be a Kubernetes quantity like 500m/);
    }
  });

  it("takes image references with registry ports, tags and digests, nothing else", () => {
    const digest = `@sha256:${"0123456789abcdef".repeat(4)}`;
    for (const image of ["mozilla/releng-signingscript:production", "registry.example:5000/a/b.c:v1.2-x", `repo${digest}`, `repo:tag${digest}`, "a_b/c.d-e"]) ok(poolsRaw("dep", [{ script: "shipit", product: "firefox", image }]));
    for (const image of ["https://x/y", "Mozilla/x", "x:tag with space", "repo@sha256:abc", "x:-tag", "x/", `repo${digest.toUpperCase()}`, ` x`, "x:" + "t".repeat(129)]) {
      expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", image }]), pool0("image")), image).toMatch(/must be an image reference like mozilla\/releng-signingscript:production or repo@sha256:<digest>/);
    }
  });

  it("checks replicas: whole numbers, min ≤ max ≤ 200, initial within them", () => {
    expect(parse(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { min: 1, max: 1, initial: 1 } }])).pools[0].replicas).toEqual({ min: 1, max: 1, initial: 1 });
    ok(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { max: 200 } }]));
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { max: 201 } }]), pool0("replicas.max"))).toBeTruthy();
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { max: 0 } }]), pool0("replicas.max"))).toBeTruthy();
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { min: -1 } }]), pool0("replicas.min"))).toBeTruthy();
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { initial: -1 } }]), pool0("replicas.initial"))).toBeTruthy();
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { min: 1.5 } }]), pool0("replicas.min"))).toBeTruthy();
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { min: 3, max: 2 } }]), pool0("replicas.min"))).toBe("is 3, above max (2)");
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { min: 2, max: 4, initial: 1 } }]), pool0("replicas.initial"))).toBe("is 1, outside min..max (2..4)");
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { max: 4, initial: 5 } }]), pool0("replicas.initial"))).toBe("is 5, outside min..max (0..4)");
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicas: { min: 500 } }]), pool0("replicas.min"))).toMatch(/^is 500, above max \(\d+\)$/); // the catalogue's ceiling
  });

  it("refuses unknown keys", () => {
    expect(problemsOf(poolsRaw("dep", [{ script: "shipit", product: "firefox", replicaz: 1 }])).problems.map((p) => p.key)).toContain("releng-envs:pools[0].replicaz");
  });
});

describe("store pushes", () => {
  it("are for store scripts only, never below prod, always at prod", () => {
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", storePush: false }]), pool0("storePush"))).toBe("shipit does not push to a store");
    expect(problemAt(poolsRaw("dev", [{ script: "pushapk", product: "firefox", storePush: true }]), pool0("storePush"))).toMatch(/^a dev pool may not push to a store/);
    expect(problemAt(poolsRaw("prod", [{ script: "pushmsix", product: "firefox", storePush: false }]), pool0("storePush"))).toMatch(/^a prod store pool always pushes/);
    ok(poolsRaw("dep", [{ script: "pushapk", product: "firefox", storePush: false }]));
    ok(poolsRaw("prod", [{ script: "pushapk", product: "firefox", storePush: true }]));
    expect(problemAt(poolsRaw("dep", [{ script: "pushapk", product: "firefox", storePush: "yes" }]), pool0("storePush"))).toMatch(/^expected\ true\ or\ false/);
  });
});

describe("GCP buckets", () => {
  const gke = (level: string, pool: Record<string, unknown>) => poolsRaw(level, [pool], { stack: `pools-${level}-gke`, values: { kubernetes: { target: "gke", platformStack: "mozilla/releng-envs/platform-nonprod" } } });
  it("are for scripts that use GCP, on the gke target, on the level's buckets", () => {
    ok(gke("dev", { script: "beetmover", product: "firefox", gcp: { buckets: ["moz-fx-productdelivery-no-7d6a-productdelivery"] } }));
    ok(gke("prod", { script: "beetmover", product: "firefox", gcp: { buckets: ["moz-fx-productdelivery-pr-38b5-productdelivery"] } }));
    expect(problemAt(gke("dev", { script: "shipit", product: "firefox", gcp: { buckets: ["moz-fx-productdelivery-no-7d6a-productdelivery"] } }), pool0("gcp"))).toBe("shipit pools do not use Google Cloud");
    expect(problemAt(poolsRaw("dev", [{ script: "beetmover", product: "firefox", gcp: { buckets: ["moz-fx-productdelivery-no-7d6a-productdelivery"] } }]), pool0("gcp"))).toMatch(/^is used only on the gke target .*this stack's target is render$/);
    expect(problemAt(gke("dep", { script: "beetmover", product: "firefox", gcp: { buckets: ["x-ok-bucket", "moz-fx-productdelivery-pr-38b5-productdelivery"] } }), pool0("gcp.buckets[1]"))).toBe(
      "moz-fx-productdelivery-pr-38b5-productdelivery is not a bucket a dep pool may write to (allowed: moz-fx-productdelivery-no-7d6a-productdelivery, moz-fx-translations-data--5f91-stage-translations-data)",
    );
    expect(problemAt(gke("dev", { script: "beetmover", product: "firefox", gcp: { buckets: [] } }), pool0("gcp.buckets"))).toMatch(/^must\ list\ at\ least\ one\ bucket\ \(or\ remove\ gcp\)/);
  });

  it("are well-formed bucket names, each reported once", () => {
    for (const bad of ["ab", "-abc", "abc-", "ABC", "a b c", "a".repeat(223)]) {
      const problems = problemsOf(gke("dev", { script: "beetmover", product: "firefox", gcp: { buckets: [bad] } })).problems.filter((p) => p.key === pool0("gcp.buckets[0]"));
      expect(problems.map((p) => p.problem), bad).toEqual([expect.stringMatching(/^must be a GCS bucket name/)]);
    }
  });
});

describe("Autograph entries", () => {
  it("are only for signing pools, which must list at least one", () => {
    expect(problemAt(poolsRaw("dep", [{ script: "shipit", product: "firefox", autograph: [] }]), pool0("autograph"))).toBe("shipit pools do not sign through Autograph");
    expect(problemAt(poolsRaw("dep", [{ script: "signing", product: "firefox", autograph: [] }]), pool0("autograph"))).toBe("a signing pool must list its Autograph servers");
  });

  it("name a server as prod, stage or an https origin", () => {
    ok(poolsRaw("dep", [signing({ server: "https://PROD.autograph.prod.webservices.mozgcp.net/" })]));
    expect(problemAt(poolsRaw("dep", [signing({ server: "http://prod.autograph.prod.webservices.mozgcp.net" })]), pool0("autograph[0].server"))).toMatch(/^has scheme http: must be an https URL; must be prod, stage or an https URL of an Autograph server$/);
    expect(problemAt(poolsRaw("dep", [signing({ server: "https://prod.autograph.prod.webservices.mozgcp.net/sign" })]), pool0("autograph[0].server"))).toMatch(/has a path/);
    expect(problemAt(poolsRaw("dep", [signing({ server: "https://autograph.example" })]), pool0("autograph[0].server"))).toBe(
      "autograph.example is not an Autograph server a dep pool may use (prod.autograph.prod.webservices.mozgcp.net, autograph-external.prod.autograph.services.mozaws.net)",
    );
    expect(problemAt(poolsRaw("dep", [signing({ server: 5 })]), pool0("autograph[0].server"))).toMatch(/^expected\ prod,\ stage\ or\ an\ https\ URL/);
  });

  it("say which Autograph stage is, and why a prod or dep pool may not use it", () => {
    expect(problemAt(poolsRaw("dep", [signing({ server: "stage" })]), pool0("autograph[0].server"))).toBe("stage.autograph.nonprod.webservices.mozgcp.net is Autograph stage; a dep pool may never send a format to it (if stage went down, CI signing would stop)");
    expect(problemAt(poolsRaw("prod", [signing({ server: "stage", certScope: "release-signing" })]), pool0("autograph[0].server"))).toMatch(/a prod pool may never send a format to it \(if stage went down, releases would stop\)/);
  });

  it("list formats of that server, by name", () => {
    expect(problemAt(poolsRaw("dep", [signing({ formats: [] })]), pool0("autograph[0].formats"))).toMatch(/^must\ list\ at\ least\ one\ format/);
    expect(problemAt(poolsRaw("dep", [signing({ formats: ["Bad-Format"] })]), pool0("autograph[0].formats[0]"))).toMatch(/^must\ be\ a\ signing\ format\ name\ like\ autograph_gpg/);
    expect(problemAt(poolsRaw("dep", [signing({ formats: ["gcp_prod_autograph_gpg", "a_b", "c_d"] })]), pool0("autograph[0].formats"))).toBe("a_b, c_d are not formats of Autograph prod");
    expect(problemAt(poolsRaw("dep", [signing({ formats: ["a_b"] })]), pool0("autograph[0].formats"))).toBe("a_b is not a format of Autograph prod");
  });

  it("use a credential the level may use with that server", () => {
    expect(problemAt(poolsRaw("dep", [signing({ credentialsEnv: "autograph_gpg" })]), pool0("autograph[0].credentialsEnv"))).toMatch(/^must\ be\ an\ env\ var\ name\ in\ capitals,\ like\ AUTOGRAPH_GPG/);
    expect(problemAt(poolsRaw("dep", [signing({ credentialsEnv: "AUTOGRAPH_UNKNOWN" })]), pool0("autograph[0].credentialsEnv"))).toBe("AUTOGRAPH_UNKNOWN is not an Autograph credential a dep pool may use with Autograph prod");
    expect(problemAt(poolsRaw("dev", [signing({ server: "stage", formats: ["stage_autograph_gpg"] })]), pool0("autograph[0].credentialsEnv"))).toBe("AUTOGRAPH_GPG is not an Autograph credential a dev pool may use with Autograph stage");
    const key = problemsOf(poolsRaw("dep", [signing({ credentialsEnv: "AUTOGRAPH_UNKNOWN" })])).problems.find((p) => p.key === pool0("autograph[0].credentialsEnv"))!;
    expect(key.fix).toMatch(/^use one of: AUTOGRAPH_AUTHENTICODE_SHA2, /);
  });

  it("hold exactly one cert scope of the product, from the level's list", () => {
    ok(poolsRaw("dep", [signing({ certScope: "project:releng:signing:cert:dep-signing" })]));
    ok(poolsRaw("prod", [signing({ certScope: "nightly-signing", credentialsEnv: "AUTOGRAPH_GPG" })]));
    expect(problemAt(poolsRaw("prod", [signing({})]), pool0("autograph[0].certScope"))).toBe("is required for prod pools");
    expect(problemAt(poolsRaw("dep", [signing({ certScope: "" })]), pool0("autograph[0].certScope"))).toBeTruthy();
    expect(problemAt(poolsRaw("dep", [signing({ keyId: "" })]), pool0("autograph[0].keyId"))).toBeTruthy();
    expect(problemAt(poolsRaw("dep", [signing({ certScope: "project:comm:thunderbird:releng:signing:cert:dep-signing" })]), pool0("autograph[0].certScope"))).toBe(
      "project:comm:thunderbird:releng:signing:cert:dep-signing is not a cert scope of firefox (project:releng:signing:cert:<name>)",
    );
    expect(problemAt(poolsRaw("dep", [signing({ certScope: "Dep_Signing" })]), pool0("autograph[0].certScope"))).toMatch(/^project:releng:signing:cert:Dep_Signing is not a cert scope of firefox/);
    expect(problemAt(poolsRaw("dep", [signing({ certScope: "project:releng:signing:cert:dep-signing:extra" })]), pool0("autograph[0].certScope"))).toMatch(/is not a cert scope of firefox/);
    expect(problemAt(poolsRaw("dep", [signing({ certScope: "project:releng:signing:xcert:dep-signing" })]), pool0("autograph[0].certScope"))).toMatch(/is not a cert scope of firefox/);
    expect(problemAt(poolsRaw("dep", [signing({ certScope: "x-project:releng:signing:cert:dep-signing" })]), pool0("autograph[0].certScope"))).toMatch(/is not a cert scope of firefox/);
    expect(problemAt(poolsRaw("dep", [signing({}, "translations")]), pool0("autograph[0].certScope"))).toBe("no cert scope prefix is known for translations");
    const fix = problemsOf(poolsRaw("prod", [signing({ certScope: "dep-signing" })])).problems.find((p) => p.key === pool0("autograph[0].certScope"))!;
    expect(fix.problem).toBe("project:releng:signing:cert:dep-signing is not a cert scope a prod pool may hold (…cert:{nightly-signing,release-signing,production-signing,fennec-production-signing})");
    expect(fix.fix).toBe("use one of nightly-signing, release-signing, production-signing, fennec-production-signing");
  });
});

describe("fixes fit the level", () => {
  const fixAt = (raw: RawStackConfig, key: string) => problemsOf(raw).problems.find((p) => p.key === key)?.fix ?? "";
  it("tells a dev pool it may use stage, and a dep pool to use production Autograph", () => {
    expect(fixAt(poolsRaw("dev", [signing({ server: "https://autograph.example" })]), pool0("autograph[0].server"))).toBe("use server: prod or server: stage");
    expect(fixAt(poolsRaw("dep", [signing({ server: "stage" })]), pool0("autograph[0].server"))).toBe("use server: prod (dep pools sign with dep keys on production Autograph)");
  });

  it("points prod at production credentials and lower levels at dep ones", () => {
    expect(fixAt(poolsRaw("prod", [signing({ certScope: "release-signing", credentialsEnv: "AUTOGRAPH_STAGE_GPG" })]), pool0("autograph[0].credentialsEnv"))).toMatch(/^use the production credentials/);
    expect(fixAt(poolsRaw("dep", [signing({ credentialsEnv: "AUTOGRAPH_MAR_RELEASE" })]), pool0("autograph[0].credentialsEnv"))).toMatch(/^use the dep credentials of the format/);
  });

  it("names the level's cert scopes", () => {
    expect(fixAt(poolsRaw("dep", [signing({ certScope: "release-signing" })]), pool0("autograph[0].certScope"))).toBe("use certScope: dep-signing (or remove it: dep-signing is the default below prod)");
    expect(fixAt(poolsRaw("prod", [signing({})]), pool0("autograph[0].certScope"))).toBe("set certScope to one of nightly-signing, release-signing, production-signing, fennec-production-signing (one entry per scope)");
    expect(fixAt(poolsRaw("dep", [signing({ certScope: "project:comm:thunderbird:releng:signing:cert:dep-signing" })]), pool0("autograph[0].certScope"))).toBe("write the short name, e.g. certScope: dep-signing");
    expect(fixAt(poolsRaw("dep", [signing({ formats: ["a_b"] })]), pool0("autograph[0].formats"))).toMatch(/e\.g\. autograph_rpmsign$/);
  });
});

describe("the stack as a whole", () => {
  it("lists at least one pool, once each, at a known level", () => {
    expect(problemAt(poolsRaw("dep", []), "releng-envs:pools")).toMatch(/^must\ list\ at\ least\ one\ pool/);
    expect(problemAt(poolsRaw("dep", [depSigning, { ...depSigning }]), "releng-envs:pools[1]")).toBe("declares gecko-t-signing again (already pools[0])");
    ok(poolsRaw("dep", [depSigning, { script: "signing", product: "mobile", autograph: depSigning.autograph.map((a) => ({ ...a, formats: ["gcp_prod_autograph_apk"], credentialsEnv: "AUTOGRAPH_REFERENCE_BROWSER" })) }]));
    expect(problemAt(poolsRaw("staging", [depSigning], { stack: "pools-staging" }), "releng-envs:level")).toMatch(/^level must be one of: prod, dep, dev/);
    expect(problemAt(poolsRaw("dep", [depSigning], { values: { sample: "yes" } }), "releng-envs:sample")).toMatch(/^expected\ true\ or\ false/);
    expect(parse(poolsRaw("dep", [depSigning], { stack: "pools-dep-gke" })).sample).toBe(false);
  });

  it("keeps its secrets under secrets.pools.<worker-type>.<ENV_VAR>, for pools it declares, that use them", () => {
    const raw = (secrets: Record<string, unknown>, stack = "pools-dep") => ({ ...poolsRaw("dep", [depSigning], { stack }), values: { ...poolsRaw("dep", [depSigning]).values, secrets }, secretKeys: ["secrets"] });
    const at = (secrets: Record<string, unknown>, key: string) => problemAt(raw(secrets), key);
    expect(at({ other: { x: "s" } }, "releng-envs:secrets.other.x")).toBe("is not where a pools stack keeps secrets");
    expect(at({ pools: { "gecko-t-signing": "s" } }, "releng-envs:secrets.pools.gecko-t-signing")).toBe("is not where a pools stack keeps secrets");
    expect(at({ pools: { "gecko-t-signing": { A: { B: "s" } } } }, "releng-envs:secrets.pools.gecko-t-signing.A.B")).toBe("is not where a pools stack keeps secrets");
    expect(at({ pools: { "gecko-t-signing": { autograph_gpg_password: "s" } } }, "releng-envs:secrets.pools.gecko-t-signing.autograph_gpg_password")).toBe("is not an env var name (capitals, digits, '_')");
    expect(at({ pools: { "gecko-t-signing": { MAVEN_ID: "s" } } }, "releng-envs:secrets.pools.gecko-t-signing.MAVEN_ID")).toMatch(/^gecko-t-signing does not use MAVEN_ID$/);
    const fixOf = problemsOf(raw({ pools: { "gecko-3-signing": { TASKCLUSTER_ACCESS_TOKEN: "s" } } })).problems.find((p) => p.key.endsWith("gecko-3-signing.TASKCLUSTER_ACCESS_TOKEN"))!;
    expect(fixOf.problem).toBe("names pool 'gecko-3-signing', which this stack does not declare");
    expect(fixOf.fix).toBe("use one of: gecko-t-signing");
    expect(() => parse(raw({ pools: { "gecko-t-signing": { AUTOGRAPH_GPG_PASSWORD: "s", WIDEVINE_CERT: "s" } } }))).not.toThrow();
  });

  it("is named for its level", () => {
    expect(problemAt(poolsRaw("dep", [depSigning], { stack: "pools-dev" }), "releng-envs:level")).toBe("is 'dep', but stack 'pools-dev' is not named pools-dep[-<suffix>]");
    expect(problemAt(poolsRaw("dep", [depSigning], { stack: "pools-depx" }), "releng-envs:level")).toMatch(/is not named pools-dep/);
    ok(poolsRaw("dep", [depSigning], { stack: "pools-dep-gke" }));
  });
});
