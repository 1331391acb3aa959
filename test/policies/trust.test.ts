// Trust rules: each with compliant stacks, violating ones (including disguised: mislabelled pools,
// upper-case hosts, URLs with ports and paths, older host names), undefined props and config overrides.
import { describe, expect, it } from "vitest";
import { autographStageDevOnly } from "../../policies/rules/autograph-stage-dev-only";
import { certScopeMatchesTrustLevel } from "../../policies/rules/cert-scope-matches-trust-level";
import { ciPoolsIndependentOfStaging } from "../../policies/rules/ci-pools-independent-of-staging";
import { environmentEgressReadOnly } from "../../policies/rules/environment-egress-read-only";
import { environmentShipitChannel } from "../../policies/rules/environment-shipit-channel";
import { noProdSecretsOutsideProd } from "../../policies/rules/no-prod-secrets-outside-prod";
import { noProductionWriteEndpoints } from "../../policies/rules/no-production-write-endpoints";
import { noStageCredentialsInProd } from "../../policies/rules/no-stage-credentials-in-prod";
import { prodPoolPinnedImages } from "../../policies/rules/prod-pool-pinned-images";
import { prodPoolProductionEndpoints } from "../../policies/rules/prod-pool-production-endpoints";
import { stackKindAndLevelConsistent } from "../../policies/rules/stack-kind-and-level-consistent";
import { storePushesProdOnly } from "../../policies/rules/store-pushes-prod-only";
import { POLICIES } from "../../policies/pack";
import { autograph, configMap, deployment, container, envNamespace, envWorkload, kube, pool, poolLabels, PROD_AUTOGRAPH, run, secret, STAGE_AUTOGRAPH, type Res } from "./helpers";

const DEP_SCOPE = "project:releng:signing:cert:dep-signing";
const REL_SCOPE = "project:releng:signing:cert:release-signing";

describe("every trust policy", () => {
  it("ignores resources with undefined or empty props", async () => {
    const empty: Res[] = ["Deployment", "Secret", "ConfigMap", "Namespace"].map((k) => ({ ...kube("pools-dev", k, {}), props: {} }));
    const undef: Res[] = empty.map((r) => ({ ...r, props: undefined as unknown as Record<string, any> }));
    for (const p of POLICIES.filter((p) => p.family === "trust")) {
      // In a pools stack, a Deployment that says nothing about itself is a finding of its own.
      const expected = p.name === "stack-kind-and-level-consistent" ? [expect.stringMatching(/Deployment .*declares no trust level/)] : [];
      expect(await run(p, empty), p.name).toEqual(expected);
      expect(await run(p, undef), p.name).toEqual(expected);
    }
  });
});

describe("autograph-stage-dev-only", () => {
  it("lets a dev pool use stage for stage_autograph_* formats and every pool use production", async () => {
    expect(await run(autographStageDevOnly, pool({ level: "dev", autograph: [autograph(STAGE_AUTOGRAPH, ["stage_autograph_gpg"], DEP_SCOPE)] }))).toEqual([]);
    expect(await run(autographStageDevOnly, pool({ level: "prod", autograph: [autograph(PROD_AUTOGRAPH, ["autograph_gpg"], REL_SCOPE)] }))).toEqual([]);
  });

  it("flags prod and dep pools sending any format to stage, by current and older host names", async () => {
    expect(await run(autographStageDevOnly, pool({ level: "prod", autograph: [autograph(STAGE_AUTOGRAPH, ["stage_autograph_gpg"], REL_SCOPE)] }))).toEqual([expect.stringMatching(/prod pool sends stage_autograph_gpg to Autograph stage/)]);
    expect(await run(autographStageDevOnly, pool({ level: "dep", autograph: [autograph("https://autograph-external.stage.autograph.services.mozaws.net", ["autograph_gpg"], DEP_SCOPE)] }))).toHaveLength(1);
  });

  it("sees through disguises: upper case, port and path, a dep pool labelled dev, stage in an env var", async () => {
    expect(await run(autographStageDevOnly, pool({ level: "dep", autograph: [autograph("HTTPS://STAGE.Autograph.NonProd.WebServices.MozGCP.net:443/sign/data", ["x"], DEP_SCOPE)] }))).toHaveLength(1);
    // Labels say dev but ENV says fake-prod (dep): the strictest reading wins.
    const mislabelled = pool({ level: "dev", envValue: "fake-prod", autograph: [autograph(STAGE_AUTOGRAPH, ["stage_autograph_gpg"], DEP_SCOPE)] });
    expect(await run(autographStageDevOnly, mislabelled)).toEqual([expect.stringMatching(/ENV=fake-prod/)]);
    const viaEnv = pool({ level: "dep", env: [{ name: "AUTOGRAPH_URL", value: "stage.autograph.nonprod.webservices.mozgcp.net:443" }] });
    expect(await run(autographStageDevOnly, viaEnv)).toEqual([expect.stringMatching(/refers to Autograph stage/)]);
  });

  it("limits a dev pool to the stage formats, and to declared formats", async () => {
    const r = await run(autographStageDevOnly, pool({ level: "dev", autograph: [autograph(STAGE_AUTOGRAPH, ["stage_autograph_gpg", "stage_privileged_webextension", "gcp_prod_autograph_gpg"], DEP_SCOPE), autograph(STAGE_AUTOGRAPH, [], DEP_SCOPE)] }));
    expect(r).toEqual([expect.stringMatching(/not gcp_prod_autograph_gpg$/), expect.stringMatching(/lists no formats/)]);
  });

  it("takes host names and stage formats from config", async () => {
    const stack = pool({ level: "dev", autograph: [autograph("https://autograph.test.example", ["stage_other"], DEP_SCOPE)] });
    expect(await run(autographStageDevOnly, stack)).toEqual([]);
    expect(await run(autographStageDevOnly, stack, { autographStageHosts: ["autograph.test.example"] })).toHaveLength(1);
    expect(await run(autographStageDevOnly, stack, { autographStageHosts: ["autograph.test.example"], stageFormats: ["stage_other"] })).toEqual([]);
  });
});

describe("prod-pool-production-endpoints", () => {
  it("accepts a prod pool on production endpoints and a dep pool on staging ones", async () => {
    expect(await run(prodPoolProductionEndpoints, pool({ level: "prod", env: [{ name: "BALROG_API_ROOT", value: "https://aus4-admin.mozilla.org/api" }] }))).toEqual([]);
    expect(await run(prodPoolProductionEndpoints, pool({ level: "dep", env: [{ name: "BALROG_API_ROOT", value: "https://admin.stage.balrog.nonprod.webservices.mozgcp.net/api" }] }))).toEqual([]);
  });

  it("flags staging hosts (any case, with port) and environments' in-cluster services in prod pools", async () => {
    expect(await run(prodPoolProductionEndpoints, pool({ level: "prod", env: [{ name: "SHIPIT", value: "HTTPS://API.SHIPIT.STAGING.MOZILLA-RELENG.NET:443/" }] }))).toEqual([expect.stringMatching(/staging service api.shipit.staging.mozilla-releng.net/)]);
    expect(await run(prodPoolProductionEndpoints, pool({ level: "prod", env: [{ name: "BALROG", value: "http://balrog-admin.env-jane.svc.cluster.local/api" }] }))).toEqual([expect.stringMatching(/in-cluster service balrog-admin.env-jane.svc/)]);
  });

  it("treats a pool as prod when only its worker type says so (labels claim dep)", async () => {
    const disguised = pool({ level: "dep", envValue: "fake-prod", labels: { ...poolLabels("dep", "1", "balrog", "gecko-3-balrog") }, env: [{ name: "X", value: "admin.dev.bouncer.nonprod.webservices.mozgcp.net" }] });
    expect(await run(prodPoolProductionEndpoints, disguised)).toEqual([expect.stringMatching(/worker type gecko-3-balrog/)]);
  });

  it("takes staging hosts from config", async () => {
    const stack = pool({ level: "prod", env: [{ name: "X", value: "https://staging.example.org" }] });
    expect(await run(prodPoolProductionEndpoints, stack)).toEqual([]);
    expect(await run(prodPoolProductionEndpoints, stack, { stagingHosts: ["staging.example.org"] })).toHaveLength(1);
  });
});

describe("cert-scope-matches-trust-level", () => {
  it("accepts release scopes on prod pools and dep-signing on dep/dev pools", async () => {
    expect(await run(certScopeMatchesTrustLevel, pool({ level: "prod", autograph: [autograph(PROD_AUTOGRAPH, ["autograph_gpg"], REL_SCOPE)] }))).toEqual([]);
    expect(await run(certScopeMatchesTrustLevel, pool({ level: "dep", autograph: [autograph(PROD_AUTOGRAPH, ["autograph_gpg"], DEP_SCOPE)] }))).toEqual([]);
  });

  it("flags dep-signing on prod pools and release scopes on dep pools, also in env values and any case", async () => {
    expect(await run(certScopeMatchesTrustLevel, pool({ level: "prod", autograph: [autograph(PROD_AUTOGRAPH, ["autograph_gpg"], DEP_SCOPE)] }))).toEqual([expect.stringMatching(/prod pool uses cert scope .*dep-signing/)]);
    expect(await run(certScopeMatchesTrustLevel, pool({ level: "dev", env: [{ name: "SCOPE", value: "Project:Releng:Signing:Cert:Release-Signing" }] }))).toEqual([expect.stringMatching(/dep\/dev pool uses cert scope/)]);
  });

  it("takes the allowed scopes from config", async () => {
    const stack = pool({ level: "prod", autograph: [autograph(PROD_AUTOGRAPH, ["autograph_gpg"], "project:x:cert:special-signing")] });
    expect(await run(certScopeMatchesTrustLevel, stack)).toHaveLength(1);
    expect(await run(certScopeMatchesTrustLevel, stack, { prodCertScopes: ["special-signing"] })).toEqual([]);
  });
});

describe("prod-pool-pinned-images", () => {
  it("accepts digests on prod pools and tags elsewhere", async () => {
    expect(await run(prodPoolPinnedImages, pool({ level: "prod" }))).toEqual([]);
    expect(await run(prodPoolPinnedImages, pool({ level: "dep", image: "mozilla/releng-signing:dev" }))).toEqual([]);
  });

  it("flags tags and malformed digests on prod pools, also when only ENV says prod", async () => {
    expect(await run(prodPoolPinnedImages, pool({ level: "prod", image: "mozilla/releng-signing:production" }))).toEqual([expect.stringMatching(/not pinned by digest/)]);
    expect(await run(prodPoolPinnedImages, pool({ level: "prod", image: "mozilla/releng-signing@sha256:abc" }))).toHaveLength(1);
    expect(await run(prodPoolPinnedImages, pool({ level: "dep", envValue: "prod", image: "mozilla/releng-signing:production" }))).toEqual([expect.stringMatching(/ENV=prod/)]);
  });
});

describe("no-prod-secrets-outside-prod", () => {
  it("accepts prod-only secrets in prod pools and dep credentials in dep pools", async () => {
    expect(await run(noProdSecretsOutsideProd, pool({ level: "prod", secretKeys: ["ED25519_PRIVKEY", "AUTOGRAPH_MAR_RELEASE_USERNAME"] }))).toEqual([]);
    expect(await run(noProdSecretsOutsideProd, pool({ level: "dep", secretKeys: ["AUTOGRAPH_MAR_USERNAME", "GCS_DEP_CREDS"] }))).toEqual([]);
  });

  it("flags prod-only secrets in dep/dev pools (env and Secret keys, any case) and in environments", async () => {
    const dep = await run(noProdSecretsOutsideProd, pool({ level: "dep", secretKeys: ["ed25519_privkey"] }));
    expect(dep.some((m) => /Secret .*stringData.ed25519_privkey/.test(m))).toBe(true);
    const envSecret = secret("env-jane", "balrog", "env-jane", ["GOOGLE_SERVICE_ACCOUNT_FENIX_RELEASE"], {}, "data");
    expect(await run(noProdSecretsOutsideProd, [envSecret])).toEqual([expect.stringMatching(/an environment holds prod-only secret GOOGLE_SERVICE_ACCOUNT_FENIX_RELEASE/)]);
  });

  it("catches a Secret with no labels in a dev stack, and takes the list from config", async () => {
    const unlabelled = secret("pools-dev", "leftover", "pools-dev", ["REPO_TOKEN_BETA"]);
    expect(await run(noProdSecretsOutsideProd, [unlabelled])).toHaveLength(1);
    expect(await run(noProdSecretsOutsideProd, [unlabelled], { prodOnlySecrets: ["ED25519_PRIVKEY"] })).toEqual([]);
  });
});

describe("no-stage-credentials-in-prod", () => {
  it("accepts stage credentials in dev pools only", async () => {
    expect(await run(noStageCredentialsInProd, pool({ level: "dev", secretKeys: ["AUTOGRAPH_STAGE_GPG_USERNAME"] }))).toEqual([]);
    expect(await run(noStageCredentialsInProd, pool({ level: "prod", secretKeys: ["AUTOGRAPH_GPG_USERNAME"] }))).toEqual([]);
  });

  it("flags stage credentials in prod pools, also lower-case and in a prod-by-worker-level pool", async () => {
    expect(await run(noStageCredentialsInProd, pool({ level: "prod", secretKeys: ["AUTOGRAPH_STAGE_MAR_PASSWORD"] }))).toEqual([
      expect.stringMatching(/^Deployment pools-prod\/gecko-3-signing \[.*env AUTOGRAPH_STAGE_MAR_PASSWORD\]: a prod pool holds stage credential AUTOGRAPH_STAGE_MAR_PASSWORD \(label trust-level=prod/),
      expect.stringMatching(/^Secret pools-prod\/gecko-3-signing-secrets \[.*stringData.AUTOGRAPH_STAGE_MAR_PASSWORD\]: a prod pool holds stage credential/),
    ]);
    // Labelled dep, but worker level 3 makes it a prod pool: both places holding the key are named,
    // each with the evidence (a bare `.every(...)` here once passed on an empty result).
    const disguised = pool({ level: "dep", labels: { "releng.mozilla.org/worker-level": "3" }, secretKeys: ["autograph_stage_gpg_username"] });
    expect(await run(noStageCredentialsInProd, disguised)).toEqual([
      expect.stringMatching(/^Deployment .*: a prod pool holds stage credential autograph_stage_gpg_username \(.*worker level 3/),
      expect.stringMatching(/^Secret .*: a prod pool holds stage credential autograph_stage_gpg_username \(.*worker level 3/),
    ]);
  });

  it("takes the patterns from config", async () => {
    const stack = pool({ level: "prod", secretKeys: ["STAGE_TOKEN"] });
    expect(await run(noStageCredentialsInProd, stack)).toEqual([]);
    expect((await run(noStageCredentialsInProd, stack, { stageCredentials: ["STAGE_*"] })).length).toBeGreaterThan(0);
  });
});

describe("store-pushes-prod-only", () => {
  it("accepts prod store pools with ENV=prod and non-prod store pools with ENV=fake-prod", async () => {
    expect(await run(storePushesProdOnly, pool({ level: "prod", script: "pushmsix" }))).toEqual([]);
    expect(await run(storePushesProdOnly, pool({ level: "dep", script: "pushapk" }))).toEqual([]);
  });

  it("flags ENV=prod on a non-prod store pool and explicit push flags in env or ConfigMaps", async () => {
    expect(await run(storePushesProdOnly, pool({ level: "dep", script: "pushflatpak", envValue: "PROD" }))).toEqual([expect.stringMatching(/store script pushflatpak with ENV=prod/)]);
    expect(await run(storePushesProdOnly, pool({ level: "dev", script: "pushapk", env: [{ name: "do_not_contact_server", value: "False" }] }))).toEqual([expect.stringMatching(/contact the store/)]);
    const cm = configMap("pools-dep", "worker-config", "pools-dep", { "worker.json": '{"push_to_flathub": true}' }, poolLabels("dep", "1", "pushflatpak", "gecko-1-pushflatpak"));
    expect(await run(storePushesProdOnly, [cm])).toEqual([expect.stringMatching(/push_to_flathub/)]);
  });

  it("takes the store scripts from config", async () => {
    const stack = pool({ level: "dep", script: "pushflatpak", envValue: "prod" });
    expect(await run(storePushesProdOnly, stack, { storePushScripts: ["pushapk"] })).toEqual([]);
  });
});

describe("no-production-write-endpoints", () => {
  it("accepts production write endpoints in prod pools and staging ones elsewhere", async () => {
    expect(await run(noProductionWriteEndpoints, pool({ level: "prod", env: [{ name: "BALROG_API_ROOT", value: "https://aus4-admin.mozilla.org/api" }] }))).toEqual([]);
    expect(await run(noProductionWriteEndpoints, pool({ level: "dep", env: [{ name: "BALROG_API_ROOT", value: "https://admin.stage.balrog.nonprod.webservices.mozgcp.net/api" }] }))).toEqual([]);
    // A look-alike host is another host.
    expect(await run(noProductionWriteEndpoints, pool({ level: "dep", env: [{ name: "X", value: "https://not-aus4-admin.mozilla.org.example.com" }] }))).toEqual([]);
  });

  it("flags write hosts (upper case, port, path) and release buckets in dep/dev pools and environments", async () => {
    expect(await run(noProductionWriteEndpoints, pool({ level: "dev", env: [{ name: "SHIPIT_API", value: "HTTPS://Shipit-API.Mozilla-Releng.net:443/v1" }] }))).toEqual([expect.stringMatching(/shipit-api.mozilla-releng.net/)]);
    expect(await run(noProductionWriteEndpoints, pool({ level: "dep", env: [{ name: "BUCKET", value: "s3://net-mozaws-prod-delivery-firefox/pub/" }] }))).toEqual([expect.stringMatching(/release bucket net-mozaws-prod-delivery-firefox/)]);
    const egress = configMap("env-jane", "egress-proxy-config", "env-jane", { "allow-hosts.txt": "archive.mozilla.org\nadmin.prod.bouncer.prod.webservices.mozgcp.net" });
    expect(await run(noProductionWriteEndpoints, [egress])).toEqual([expect.stringMatching(/an environment targets production write endpoint admin.prod.bouncer/)]);
  });

  it("takes hosts and buckets from config", async () => {
    const stack = pool({ level: "dev", env: [{ name: "X", value: "https://writes.example.org" }] });
    expect(await run(noProductionWriteEndpoints, stack)).toEqual([]);
    expect(await run(noProductionWriteEndpoints, stack, { productionWriteHosts: ["writes.example.org"] })).toHaveLength(1);
  });
});

describe("ci-pools-independent-of-staging", () => {
  const ci = (over: Partial<Parameters<typeof pool>[0]> = {}) => pool({ level: "dep", workerLevel: "t", script: "signing", ...over });

  it("accepts a CI signing pool on production Autograph and a dev t-signing pool on stage", async () => {
    expect(await run(ciPoolsIndependentOfStaging, ci({ autograph: [autograph(PROD_AUTOGRAPH, ["autograph_gpg"], DEP_SCOPE)] }))).toEqual([]);
    expect(await run(ciPoolsIndependentOfStaging, pool({ level: "dev", workerLevel: "t", autograph: [autograph(STAGE_AUTOGRAPH, ["stage_autograph_gpg"], DEP_SCOPE)] }))).toEqual([]);
  });

  it("flags staging services and environments in CI-critical pools, also found through the worker type alone", async () => {
    expect(await run(ciPoolsIndependentOfStaging, ci({ autograph: [autograph(STAGE_AUTOGRAPH, ["stage_autograph_gpg"], DEP_SCOPE)] }))).toEqual([expect.stringMatching(/CI-critical pool gecko-t-signing depends on staging service/)]);
    const byWorkerType = pool({ level: "dep", labels: { "releng.mozilla.org/worker-type": "gecko-t-signing" }, env: [{ name: "X", value: "http://autograph.env-jane.svc:80" }] });
    expect(await run(ciPoolsIndependentOfStaging, byWorkerType)).toEqual([expect.stringMatching(/environment's service autograph.env-jane.svc/)]);
  });

  it("takes the CI-critical levels and scripts from config", async () => {
    const stack = pool({ level: "dep", workerLevel: "1", script: "beetmover", env: [{ name: "X", value: STAGE_AUTOGRAPH }] });
    expect(await run(ciPoolsIndependentOfStaging, stack)).toEqual([]);
    expect(await run(ciPoolsIndependentOfStaging, stack, { ciCriticalWorkerLevels: ["1"], ciCriticalScripts: ["beetmover"] })).toHaveLength(1);
  });
});

describe("environment-shipit-channel", () => {
  it("accepts APP_CHANNEL=dev in environments and production outside them", async () => {
    expect(await run(environmentShipitChannel, [envWorkload("env-jane", "env-jane", [{ name: "APP_CHANNEL", value: "dev" }])])).toEqual([]);
    const prodShipit = deployment("platform-prod", "shipit", "shipit", {}, [container({ env: [{ name: "APP_CHANNEL", value: "production" }] })]);
    expect(await run(environmentShipitChannel, [prodShipit])).toEqual([]);
  });

  it("flags production, in any case or from a ConfigMap, even without environment labels", async () => {
    expect(await run(environmentShipitChannel, [envWorkload("env-jane", "env-jane", [{ name: "APP_CHANNEL", value: " PRODUCTION " }])])).toHaveLength(1);
    const cm = configMap("other", "shipit-config", "env-jane", { APP_CHANNEL: "production" });
    const w = envWorkload("other", "env-jane", [{ name: "APP_CHANNEL", valueFrom: { configMapKeyRef: { name: "shipit-config", key: "APP_CHANNEL" } } }], {}, {});
    expect((await run(environmentShipitChannel, [cm, w])).length).toBeGreaterThan(0);
  });

  it("names where the channel comes from: the env var, the ConfigMap key it reads, or the ConfigMap it loads", async () => {
    expect(await run(environmentShipitChannel, [envWorkload("env-jane", "env-jane", [{ name: "APP_CHANNEL", value: " PRODUCTION " }, { name: "CHANNEL", value: "production" }])])).toEqual([
      "Deployment env-jane/shipit-admin [containers[0] (app) env APP_CHANNEL]: an environment's Ship-it runs with APP_CHANNEL=PRODUCTION",
    ]);
    const cm = configMap("env-jane", "shipit-config", "env-jane", { channel: "Production", other: "production" });
    const byKey = envWorkload("env-jane", "env-jane", [{ name: "APP_CHANNEL", valueFrom: { configMapKeyRef: { name: "shipit-config", key: "channel" } } }]);
    expect(await run(environmentShipitChannel, [cm, byKey])).toEqual([
      "ConfigMap env-jane/shipit-config [containers[0] (app) env APP_CHANNEL from ConfigMap shipit-config]: an environment's Ship-it runs with APP_CHANNEL=Production",
    ]);
    const whole = configMap("env-jane", "shipit-env", "env-jane", { APP_CHANNEL: "production" });
    const loads = envWorkload("env-jane", "env-jane", [], { envFrom: [{ configMapRef: { name: "shipit-env" } }] });
    expect(await run(environmentShipitChannel, [whole, loads])).toEqual(["ConfigMap env-jane/shipit-env [ConfigMap shipit-env data.APP_CHANNEL]: an environment's Ship-it runs with APP_CHANNEL=production"]);
    const dangling = envWorkload("env-jane", "env-jane", [{ name: "APP_CHANNEL", valueFrom: { configMapKeyRef: { name: "missing", key: "channel" } } }]);
    expect(await run(environmentShipitChannel, [dangling])).toEqual([]);
    // The ConfigMap the reference names, not the first one the pod reads; ConfigMaps without data pass.
    const first = configMap("env-jane", "first", "env-jane", { channel: "production" });
    const empty = kube("env-jane", "ConfigMap", { metadata: { name: "empty", namespace: "env-jane" } });
    const two = envWorkload("env-jane", "env-jane", [
      { name: "OTHER", valueFrom: { configMapKeyRef: { name: "first", key: "x" } } },
      { name: "APP_CHANNEL", valueFrom: { configMapKeyRef: { name: "empty", key: "channel" } } },
    ], { envFrom: [{ configMapRef: { name: "empty" } }] });
    expect(await run(environmentShipitChannel, [first, empty, two])).toEqual([]);
  });

  it("takes the forbidden channels from config", async () => {
    expect(await run(environmentShipitChannel, [envWorkload("env-jane", "env-jane", [{ name: "APP_CHANNEL", value: "Staging" }])], { forbiddenShipitChannels: [" STAGING "] })).toHaveLength(1);
    const stack = [envWorkload("env-jane", "env-jane", [{ name: "APP_CHANNEL", value: "staging" }])];
    expect(await run(environmentShipitChannel, stack)).toEqual([]);
    expect(await run(environmentShipitChannel, stack, { forbiddenShipitChannels: ["production", "staging"] })).toHaveLength(1);
  });
});

describe("environment-egress-read-only", () => {
  const egress = (stack: string, hosts: string, squid = "") => configMap(stack, "egress-proxy-config", stack, { "allow-hosts.txt": hosts, ...(squid ? { "squid.conf": squid } : {}) });

  it("accepts read-only production hosts and an empty list", async () => {
    expect(await run(environmentEgressReadOnly, [egress("env-jane", "archive.mozilla.org\nstorage.googleapis.com", "acl allowed_hosts dstdomain archive.mozilla.org\n")])).toEqual([]);
    expect(await run(environmentEgressReadOnly, [egress("env-jane", "")])).toEqual([]);
  });

  it("flags other hosts, written any way, in allow-hosts.txt or squid.conf", async () => {
    expect(await run(environmentEgressReadOnly, [egress("env-jane", "ARCHIVE.mozilla.org\nhttps://AUS4-Admin.Mozilla.org:443/api")])).toEqual([expect.stringMatching(/aus4-admin.mozilla.org is not a read-only production host/)]);
    expect(await run(environmentEgressReadOnly, [egress("env-jane", "archive.mozilla.org", "acl allowed_hosts dstdomain archive.mozilla.org .bugzilla.mozilla.org\n")])).toEqual([expect.stringMatching(/squid.conf dstdomain\]: bugzilla.mozilla.org/)]);
    // Found by namespace even in a stack not named env-*, without labels.
    expect(await run(environmentEgressReadOnly, [configMap("x", "proxy", "env-jane", { "allow-hosts.txt": "example.com" })])).toHaveLength(1);
  });

  it("reads every dstdomain acl of squid.conf, indented, upper case or with several hosts, and each host once", async () => {
    const squid = "http_port 3128\n  ACL first DSTDOMAIN archive.mozilla.org  example.com\nacl second dstdomain .Example.com\nacl ports port 443\n# acl commented dstdomain commented.example\n";
    expect(await run(environmentEgressReadOnly, [configMap("env-jane", "egress-proxy-config", "env-jane", { "squid.conf": squid })])).toEqual([
      "ConfigMap env-jane/egress-proxy-config [squid.conf dstdomain]: example.com is not a read-only production host (allowed: archive.mozilla.org, storage.googleapis.com, auth.mozilla.auth0.com, firefox-ci-tc.services.mozilla.com, firefoxci.taskcluster-artifacts.net, hg.mozilla.org, raw.githubusercontent.com)",
    ]);
  });

  it("finds an environment's ConfigMap by its label, its stack or the proxy's ConfigMap name", async () => {
    const labelled = kube("x", "ConfigMap", { metadata: { name: "c", namespace: "ns", labels: { "releng.mozilla.org/stack-kind": "environment" } }, data: { "allow-hosts.txt": "example.com" } });
    expect(await run(environmentEgressReadOnly, [labelled])).toHaveLength(1);
    expect(await run(environmentEgressReadOnly, [configMap("env-jane", "c", "ns", { "allow-hosts.txt": "example.com" })])).toHaveLength(1);
    expect(await run(environmentEgressReadOnly, [configMap("x", "egress-proxy-config", "ns", { "allow-hosts.txt": "example.com" })])).toHaveLength(1);
    expect(await run(environmentEgressReadOnly, [configMap("env-jane", "c", "ns", { other: "example.com" })])).toEqual([]);
    expect(await run(environmentEgressReadOnly, [kube("env-jane", "Secret", { metadata: { name: "egress-proxy-config", namespace: "env-jane" }, data: { "allow-hosts.txt": "example.com" } })])).toEqual([]);
  });

  it("ignores ConfigMaps outside environments and takes the list from config", async () => {
    expect(await run(environmentEgressReadOnly, [configMap("pools-dev", "proxy", "pools-dev", { "allow-hosts.txt": "example.com" })])).toEqual([]);
    expect(await run(environmentEgressReadOnly, [egress("env-jane", "bugzilla.mozilla.org")], { readOnlyProductionHosts: ["BUGZILLA.mozilla.org"] })).toEqual([]);
  });
});

describe("stack-kind-and-level-consistent", () => {
  it("accepts pools whose labels, ENV and worker type match the stack, and a clean environment", async () => {
    expect(await run(stackKindAndLevelConsistent, [...pool({ level: "dep" }), ...pool({ level: "dep", script: "beetmover" })])).toEqual([]);
    expect(await run(stackKindAndLevelConsistent, [envNamespace("env-jane", "env-jane"), envWorkload("env-jane", "env-jane", [])])).toEqual([]);
  });

  it("flags a prod-labelled pool in pools-dep and a pool whose ENV disagrees with its labels", async () => {
    expect(await run(stackKindAndLevelConsistent, pool({ level: "prod", stack: "pools-dep" }))).toEqual(expect.arrayContaining([expect.stringMatching(/claims trust level prod in stack pools-dep/)]));
    expect(await run(stackKindAndLevelConsistent, pool({ level: "dev", envValue: "prod" }))).toEqual([expect.stringMatching(/claims trust level prod in stack pools-dev \(.*ENV=prod/)]);
  });

  it("flags disguised pools: no pool labels in an environment stack, no level of its own, wrong stack-kind label", async () => {
    const smuggled = deployment("env-jane", "worker", "env-jane", {}, [container({ env: [{ name: "ENV", value: "prod" }, { name: "COT_PRODUCT", value: "firefox" }] })]);
    expect(await run(stackKindAndLevelConsistent, [smuggled])).toEqual([expect.stringMatching(/declares a scriptworker pool in environment stack env-jane/)]);
    const bare = deployment("pools-dev", "worker", "pools-dev", {}, [container()]);
    expect(await run(stackKindAndLevelConsistent, [bare])).toEqual([expect.stringMatching(/declares no trust level of its own/)]);
    const wrongKind = configMap("pools-dev", "x", "pools-dev", {}, { "releng.mozilla.org/stack-kind": "environment" });
    expect(await run(stackKindAndLevelConsistent, [wrongKind])).toEqual([expect.stringMatching(/labelled releng.mozilla.org\/stack-kind=environment in pools stack/)]);
  });

  it("says nothing about stacks whose name has no known kind", async () => {
    expect(await run(stackKindAndLevelConsistent, pool({ level: "prod", stack: "scratch" }))).toEqual([]);
  });

  it("lets an environment run its own pool only when every signal says dep, and says so", async () => {
    const envPool = (level: "dep" | "dev" | "prod", stack = "env-jane") => pool({ level, stack, labels: { ...poolLabels(level, level === "prod" ? "3" : "1", "beetmover", level === "dev" ? "gecko-1-beetmover-dev" : `gecko-${level === "prod" ? "3" : "1"}-beetmover`), "releng.mozilla.org/stack-kind": "environment" } });
    expect(await run(stackKindAndLevelConsistent, envPool("dep"))).toEqual([]);
    expect(await run(stackKindAndLevelConsistent, envPool("dev"))).toEqual([
      expect.stringMatching(/^Deployment pools-dev\/gecko-1-signing-dev: declares a scriptworker pool in environment stack env-jane \(an environment may run dep pools only: ENV=fake-prod, trust-level dep, a level-1 worker type\) \(label trust-level=dev/),
    ]);
    const mixed = pool({ level: "dep", stack: "env-jane", envValue: "prod" });
    expect((await run(stackKindAndLevelConsistent, mixed)).join("\n")).toMatch(/declares a scriptworker pool in environment stack env-jane \(an environment may run dep pools only/);
    // In a platform stack no pool is allowed, and the message does not offer the environment's exception.
    expect(await run(stackKindAndLevelConsistent, pool({ level: "dep", stack: "platform-prod" }))).toEqual([
      "Secret pools-dep/gecko-1-signing-secrets: is labelled releng.mozilla.org/stack-kind=pools in platform stack platform-prod",
      "Deployment pools-dep/gecko-1-signing: is labelled releng.mozilla.org/stack-kind=pools in platform stack platform-prod",
      "Deployment pools-dep/gecko-1-signing: declares a scriptworker pool in platform stack platform-prod (label trust-level=dep, ENV=fake-prod, worker type gecko-1-signing)",
    ]);
  });

  it("names every level a pool claims, and flags a pool of no level in a pools stack without one", async () => {
    expect(await run(stackKindAndLevelConsistent, pool({ level: "dev", stack: "pools-dev", envValue: "prod", workerType: "gecko-3-signing" }))).toEqual([expect.stringMatching(/claims trust level prod in stack pools-dev \(/)]);
    expect(await run(stackKindAndLevelConsistent, pool({ level: "dep", stack: "pools-dep", envValue: "prod", labels: poolLabels("dep", "1", "signing", "gecko-1-signing-dev") }))).toEqual(["Deployment pools-dep/gecko-1-signing: claims trust level prod/dev in stack pools-dep (label trust-level=dep, ENV=prod, worker type gecko-1-signing-dev, stack pools-dep)"]);
    const unnamed = pool({ level: "dep", stack: "pools-staging", envValue: "prod" });
    expect((await run(stackKindAndLevelConsistent, unnamed)).join("\n")).toMatch(/Deployment .*claims more than one trust level \(dep, prod\) \(label trust-level=dep, ENV=prod/);
  });
});
