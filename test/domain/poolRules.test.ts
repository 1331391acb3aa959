// The pure trust rules of pools (domain/pools/rules.ts) judged directly: which names each level may
// hold, how Autograph servers and cert scopes resolve, and the credential allow-lists. What a level
// must refuse is taken from upstream's own start-up data (catalog/upstream/, the names the stock image
// reads only when ENV=prod), not from the catalogue under test, so dropping an entry from
// PROD_ONLY_SECRETS fails here.
import { describe, expect, it } from "vitest";
import { COT_PRODUCTS } from "../../catalog/pools";
import { upstreamData } from "../../catalog/upstreamContract";
import { SCRIPT_CATALOG, type ScriptName } from "../../catalog/scripts";
import { AUTOGRAPH_CREDENTIALS_ALLOWED, AUTOGRAPH_FORMATS, AUTOGRAPH_STAGE_CREDENTIALS, TRUST_LEVELS } from "../../catalog/trust";
import {
  acceptedSecrets,
  credentialEnv,
  requiredSecrets,
  autographCredentialsAllowed,
  credentialsAllowed,
  credentialsAllowedTable,
  fullCertScope,
  prodOnlySecret,
  resolveAutographServer,
  secretForbiddenReason,
  stageCredential,
  upstreamPodVariables,
} from "../../domain/pools/rules";

const SCRIPTS = Object.keys(SCRIPT_CATALOG) as ScriptName[];

/** Names upstream's start-up reads for a script and product at prod but at no lower level for any product. */
function upstreamProdOnlyNames(): string[] {
  const below = new Set(SCRIPTS.flatMap((s) => COT_PRODUCTS.flatMap((p) => [...upstreamPodVariables(s, "dep", p), ...upstreamPodVariables(s, "dev", p)])));
  const prod = new Set(SCRIPTS.flatMap((s) => COT_PRODUCTS.flatMap((p) => upstreamPodVariables(s, "prod", p))));
  // A dep signing pool may hold the production Autograph accounts its level is allowed (AUTOGRAPH_GPG
  // is read at prod only for some products, but dep pools sign with it on production Autograph).
  const depAutograph = new Set(AUTOGRAPH_CREDENTIALS_ALLOWED.dep.flatMap((c) => [`${c}_USERNAME`, `${c}_PASSWORD`]));
  return [...prod].filter((n) => !below.has(n) && !depAutograph.has(n)).sort();
}

// Fixtures are computed inside each test, never while collecting: a mutant that throws there would
// fail the file before any test runs, which Stryker's vitest runner counts as survived.
describe("names a level may never hold", () => {
  it("upstream reads a good number of names only at prod (the data is there)", () => {
    const prodOnly = upstreamProdOnlyNames();
    expect(prodOnly.length).toBeGreaterThan(30);
    expect(prodOnly).toEqual(expect.arrayContaining(["ED25519_PRIVKEY", "GCS_INTEGRATION_CREDS", "AUTOGRAPH_MAR_RELEASE_PASSWORD", "APPLE_NOTARIZATION_PRIVATE_KEY", "REPO_TOKEN_STABLE", "SGS_ACCESS_TOKEN"]));
  });

  it("refuses at dep and dev every name upstream reads only at prod, and accepts it at prod", () => {
    for (const name of upstreamProdOnlyNames()) {
      expect(secretForbiddenReason("dep", name), name).toMatch(new RegExp(`^${name} is a production-only secret \\(.+\\); a dep pool must never hold it$`));
      expect(secretForbiddenReason("dev", name), name).toMatch(/production-only secret .*a dev pool must never hold it/);
      expect(secretForbiddenReason("prod", name), name).toBeUndefined();
      expect(prodOnlySecret(name), name).toBeDefined();
    }
  });

  it("refuses the prod-only store credentials upstream's start-up data does not show (pushapk Amazon, Google Play)", () => {
    for (const name of ["AMAZON_CLIENT_ID", "AMAZON_CLIENT_SECRET", "GOOGLE_PLAY_SERVICE_ACCOUNT_FENIX"]) {
      expect(secretForbiddenReason("dep", name), name).toMatch(/production-only/);
      expect(secretForbiddenReason("prod", name), name).toBeUndefined();
    }
  });

  it("matches a pattern's '*' against env var characters only, and the whole name", () => {
    expect(prodOnlySecret("AUTOGRAPH_MAR_RELEASE_PASSWORD")).toBe("AUTOGRAPH_MAR_RELEASE_*");
    expect(prodOnlySecret("AUTOGRAPH_MAR_RELEASE_")).toBe("AUTOGRAPH_MAR_RELEASE_*");
    expect(prodOnlySecret("X_ED25519_PRIVKEY")).toBeUndefined();
    expect(prodOnlySecret("ED25519_PRIVKEY_OLD")).toBeUndefined();
    expect(prodOnlySecret("AUTOGRAPH_MAR_RELEASE_PASS-WORD")).toBeUndefined();
    expect(prodOnlySecret("AUTOGRAPH_GPG_PASSWORD")).toBeUndefined();
  });

  it("refuses Autograph stage credentials below dev, and says why", () => {
    for (const c of AUTOGRAPH_STAGE_CREDENTIALS) {
      const name = `${c}_PASSWORD`;
      expect(stageCredential(name), name).toBe("AUTOGRAPH_STAGE_*");
      for (const level of ["prod", "dep"] as const) expect(secretForbiddenReason(level, name), `${level} ${name}`).toMatch(new RegExp(`^${name} is an Autograph stage credential \\(AUTOGRAPH_STAGE_\\*\\); a ${level} pool must never hold it \\(only dev pools`));
      expect(secretForbiddenReason("dev", name), name).toBeUndefined();
    }
    expect(stageCredential("AUTOGRAPH_GPG_PASSWORD")).toBeUndefined();
  });
});

describe("Autograph credentials upstream's passwords.yml references", () => {
  /** Credential prefixes (`AUTOGRAPH_GPG`) the stock signing template names, from the upstream contract data. */
  const upstreamPrefixes = () => [...new Set((upstreamData()["scriptworker-scripts"].scripts.signing.templates["/app/docker.d/passwords.yml"]?.references ?? []).filter((n) => n.startsWith("AUTOGRAPH_")).map((n) => n.replace(/_(USERNAME|PASSWORD)$/, "")))];

  it("has each stage pair allowed at dev with stage only, and each production pair at some level with prod", () => {
    const prefixes = upstreamPrefixes();
    expect(prefixes.length).toBeGreaterThan(25);
    for (const p of prefixes) {
      if (p.startsWith("AUTOGRAPH_STAGE_")) {
        expect(autographCredentialsAllowed("dev", "stage"), p).toContain(p);
        expect(autographCredentialsAllowed("dep", "stage"), p).not.toContain(p);
      } else {
        expect([...autographCredentialsAllowed("prod", "prod"), ...autographCredentialsAllowed("dep", "prod")], p).toContain(p);
      }
    }
  });

  it("keeps the production-only pairs at prod: release MAR, Fennec release, EV and GCP-prod Authenticode, Mozilla Online", () => {
    for (const p of upstreamPrefixes().filter((x) => /^AUTOGRAPH_(MAR_RELEASE|MAR_NIGHTLY|FENNEC_RELEASE|AUTHENTICODE_GCP_PROD|AUTHENTICODE_EV|FENIX_MOZILLA_ONLINE)/.test(x))) {
      expect(autographCredentialsAllowed("prod", "prod"), p).toContain(p);
      expect(autographCredentialsAllowed("dep", "prod"), p).not.toContain(p);
    }
  });
});

describe("Autograph formats upstream's stock passwords.yml sends to each server", () => {
  /** Every (server, format) the stock template renders for any ENV and product (upstream contract data). */
  function upstreamFormats(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const byProduct of Object.values(upstreamData()["scriptworker-scripts"].scripts.signing.startup)) {
      for (const facts of Object.values(byProduct)) {
        if (!facts.starts) continue;
        for (const e of facts.autograph ?? []) {
          const server = resolveAutographServer(e.url).server ?? `other:${e.url}`;
          for (const f of e.formats) out.set(server, new Set([...(out.get(server) ?? []), f]));
        }
      }
    }
    return out;
  }

  it("are the catalogue's formats of that server (what a pool may send there)", () => {
    const formats = upstreamFormats();
    expect([...formats.keys()].sort()).toEqual(["prod", "stage"]);
    expect(formats.get("prod")!.size).toBeGreaterThan(15);
    // Upstream's passwords.yml (line 648 at the recorded commit) also lists `gcp_prodautograph_hash_only_mar384`,
    // a misspelling next to gcp_prod_autograph_hash_only_mar384 that no task requests; the catalogue leaves it out.
    const misspelt = new Set(["gcp_prodautograph_hash_only_mar384"]);
    for (const [server, names] of formats) for (const f of names) if (!misspelt.has(f)) expect(AUTOGRAPH_FORMATS[server as "prod" | "stage"], `${server} ${f}`).toContain(f);
  });
});

describe("what upstream's stock passwords.yml renders per ENV and product", () => {
  /** Rendered Autograph entries of the stock template, with the level its ENV is and the product. */
  function renderedEntries() {
    const levelOf: Record<string, "prod" | "dep" | "dev"> = { prod: "prod", "fake-prod": "dep", dev: "dev" };
    return Object.entries(upstreamData()["scriptworker-scripts"].scripts.signing.startup).flatMap(([env, byProduct]) =>
      Object.entries(byProduct).flatMap(([product, facts]) => (facts.starts ? (facts.autograph ?? []).map((e) => ({ level: levelOf[env], product, ...e })) : [])),
    );
  }

  it("uses, at each level, production Autograph credentials that level may use with production Autograph", () => {
    const entries = renderedEntries().filter((e) => resolveAutographServer(e.url).server === "prod");
    expect(new Set(entries.map((e) => e.level))).toEqual(new Set(["prod", "dep", "dev"]));
    for (const e of entries) {
      const prefix = e.username.replace(/_USERNAME$/, "");
      expect(e.password, prefix).toBe(`${prefix}_PASSWORD`);
      expect(autographCredentialsAllowed(e.level, "prod"), `${e.level} ${e.product} ${prefix}`).toContain(prefix);
    }
  });

  it("names cert scopes with the catalogue's prefix for each product", () => {
    const entries = renderedEntries();
    expect(new Set(entries.map((e) => e.product)).size).toBeGreaterThan(7);
    for (const e of entries) expect(e.certScope.startsWith(`${fullCertScope(e.product as never, "x")?.slice(0, -1)}`), `${e.product} ${e.certScope}`).toBe(true);
  });
});

describe("resolveAutographServer", () => {
  it.each([
    ["prod", "https://prod.autograph.prod.webservices.mozgcp.net", "prod"],
    ["stage", "https://stage.autograph.nonprod.webservices.mozgcp.net", "stage"],
    ["  https://PROD.autograph.prod.webservices.mozgcp.net.// ", "https://PROD.autograph.prod.webservices.mozgcp.net.", "prod"],
    ["https://autograph-external.stage.autograph.services.mozaws.net/", "https://autograph-external.stage.autograph.services.mozaws.net", "stage"],
    ["https://autograph-external.prod.autograph.services.mozaws.net", "https://autograph-external.prod.autograph.services.mozaws.net", "prod"],
  ])("%j is %s (%s)", (input, url, server) => {
    expect(resolveAutographServer(input)).toEqual({ url, host: expect.any(String), server });
  });

  it("gives the canonical host, and no server for any other host", () => {
    expect(resolveAutographServer("https://Stage.Autograph.Nonprod.Webservices.Mozgcp.Net.:443/").host).toBe("stage.autograph.nonprod.webservices.mozgcp.net");
    expect(resolveAutographServer("https://autograph.example/")).toEqual({ url: "https://autograph.example", host: "autograph.example" });
    expect(resolveAutographServer("not a url")).toEqual({ url: "not a url", host: "" });
  });
});

describe("fullCertScope", () => {
  it("prefixes a short scope with the product's prefix and keeps a full one as given", () => {
    expect(fullCertScope("firefox", "dep-signing")).toBe("project:releng:signing:cert:dep-signing");
    expect(fullCertScope("thunderbird", "dep-signing")).toBe("project:comm:thunderbird:releng:signing:cert:dep-signing");
    expect(fullCertScope("thunderbird", "project:releng:signing:cert:release-signing")).toBe("project:releng:signing:cert:release-signing");
    expect(fullCertScope("firefox", "cert:project:x")).toBe("project:releng:signing:cert:cert:project:x");
    expect(fullCertScope("translations", "dep-signing")).toBeUndefined();
  });
});

describe("autographCredentialsAllowed", () => {
  it("gives stage credentials to dev only and only with stage; production ones per level with prod; none for an unknown server", () => {
    expect(autographCredentialsAllowed("dev", "stage")).toEqual(AUTOGRAPH_STAGE_CREDENTIALS);
    expect(autographCredentialsAllowed("dep", "stage")).toEqual([]);
    expect(autographCredentialsAllowed("prod", "stage")).toEqual([]);
    for (const level of TRUST_LEVELS) expect(autographCredentialsAllowed(level, "prod")).toEqual(AUTOGRAPH_CREDENTIALS_ALLOWED[level]);
    for (const level of TRUST_LEVELS) expect(autographCredentialsAllowed(level, undefined)).toEqual([]);
  });
});

describe("upstreamPodVariables", () => {
  it("is empty for a combination upstream does not start, and never lists the plain variables", () => {
    expect(upstreamPodVariables("signing", "dep", "translations")).toEqual([]);
    expect(upstreamPodVariables("addon", "prod", "thunderbird")).toEqual([]);
    const vars = upstreamPodVariables("pushmsix", "dep", "firefox");
    expect(vars).toContain("TASKCLUSTER_ACCESS_TOKEN");
    for (const plain of ["PROJECT_NAME", "ENV", "COT_PRODUCT", "TASKCLUSTER_ROOT_URL", "TASKCLUSTER_CLIENT_ID"]) expect(vars).not.toContain(plain);
  });
});

describe("acceptedSecrets", () => {
  it("adds the script's optional secrets the level may hold, sorted", () => {
    const dep = acceptedSecrets({ script: "beetmover", product: "firefox", level: "dep" });
    expect(dep).toEqual([...dep].sort());
    expect(dep).toEqual(expect.arrayContaining(["GCS_DEP_CREDS", "MAVEN_ID", "MAVEN_KEY"]));
    expect(dep).not.toContain("GCS_RELEASE_CREDS");
    expect(acceptedSecrets({ script: "beetmover", product: "firefox", level: "prod" })).toContain("GCS_RELEASE_CREDS");
    expect(acceptedSecrets({ script: "tree", product: "thunderbird", level: "dep" })).toEqual(["GITHUB_PRIVKEY", "SSH_KEY", "SSH_MERGE_KEY", "SSH_MERGE_USER", "SSH_USER", "TASKCLUSTER_ACCESS_TOKEN"]);
  });

  it("is exactly the required secrets for a script without optional ones", () => {
    const needs = { script: "signing" as const, product: "firefox" as const, level: "dep" as const, autographCredentials: ["AUTOGRAPH_GPG"] };
    expect(acceptedSecrets(needs)).toEqual(requiredSecrets(needs));
  });
});

describe("credentialsAllowed", () => {
  it("a dep signing pool may hold its level's production Autograph pairs, never stage or prod-only ones", () => {
    const dep = credentialsAllowed("signing", "dep");
    expect(dep).toEqual([...dep].sort());
    expect(new Set(dep).size).toBe(dep.length);
    for (const c of AUTOGRAPH_CREDENTIALS_ALLOWED.dep) expect(dep).toEqual(expect.arrayContaining([`${c}_USERNAME`, `${c}_PASSWORD`]));
    expect(dep).toContain("TASKCLUSTER_ACCESS_TOKEN");
    expect(dep).toContain("WIDEVINE_CERT");
    expect(dep.filter((n) => n.startsWith("AUTOGRAPH_STAGE_"))).toEqual([]);
    expect(dep.filter((n) => secretForbiddenReason("dep", n))).toEqual([]);
  });

  it("a dev signing pool may also hold stage pairs; a prod one the release accounts", () => {
    expect(credentialsAllowed("signing", "dev")).toEqual(expect.arrayContaining(["AUTOGRAPH_STAGE_GPG_USERNAME", "AUTOGRAPH_STAGE_GPG_PASSWORD"]));
    expect(credentialsAllowed("signing", "prod")).toEqual(expect.arrayContaining(["AUTOGRAPH_MAR_RELEASE_PASSWORD", "ED25519_PRIVKEY"]));
    expect(credentialsAllowed("signing", "prod").filter((n) => n.startsWith("AUTOGRAPH_STAGE_"))).toEqual([]);
  });

  it("a script that does not sign holds no Autograph credential; its optional secrets are on its list", () => {
    for (const level of TRUST_LEVELS) expect(credentialsAllowed("beetmover", level).filter((n) => n.startsWith("AUTOGRAPH_"))).toEqual([]);
    expect(credentialsAllowed("beetmover", "dep")).toEqual(expect.arrayContaining(["GCS_DEP_CREDS", "MAVEN_ID", "MAVEN_KEY", "MAVEN_NIGHTLY_ID"]));
    expect(credentialsAllowed("beetmover", "dep")).not.toContain("GCS_RELEASE_CREDS");
    expect(credentialsAllowed("bouncer", "dep")).toEqual(expect.arrayContaining(["BOUNCER_USERNAME_NAZGUL", "BOUNCER_PASSWORD_NAZGUL"]));
    // Any of the script's products: thunderbird's tree pools read SSH_*, mobile's read GITHUB_OAUTH_TOKEN.
    expect(credentialsAllowed("tree", "dep")).toEqual(expect.arrayContaining(["SSH_KEY", "GITHUB_OAUTH_TOKEN"]));
  });

  it("holds only names upstream's start-up reads, the script's optional ones, or the level's Autograph pairs", () => {
    for (const level of TRUST_LEVELS) {
      const autograph = new Set([...AUTOGRAPH_CREDENTIALS_ALLOWED[level], ...(level === "dev" ? AUTOGRAPH_STAGE_CREDENTIALS : [])].flatMap((c) => Object.values(credentialEnv(c))));
      for (const script of SCRIPTS) {
        const explained = new Set([...COT_PRODUCTS.flatMap((p) => upstreamPodVariables(script, level, p)), ...(SCRIPT_CATALOG[script].optionalSecrets ?? []), ...(SCRIPT_CATALOG[script].signing ? autograph : [])]);
        expect(credentialsAllowed(script, level).filter((n) => !explained.has(n)), `${level} ${script}`).toEqual([]);
      }
    }
  });

  it("is what the pack's table holds, for every level and script", () => {
    const table = credentialsAllowedTable();
    expect(Object.keys(table).sort()).toEqual([...TRUST_LEVELS].sort());
    for (const level of TRUST_LEVELS) {
      expect(Object.keys(table[level]).sort()).toEqual([...SCRIPTS].sort());
      for (const s of SCRIPTS) expect(table[level][s], `${level} ${s}`).toEqual(credentialsAllowed(s, level));
    }
  });
});
