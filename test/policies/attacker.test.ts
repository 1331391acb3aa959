// Trust rules tried as an attacker would: each evasion is refused when the stack config is read AND
// flagged by the pack on a recorded stack (the compliant plan's resources, edited by hand afterwards);
// one unusual but compliant case per rule passes both.
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { gcpAccessAllowed } from "../../policies/rules/gcp-access-allowed";
import { noProductionWriteEndpoints } from "../../policies/rules/no-production-write-endpoints";
import { environmentNetworkIsolated } from "../../policies/rules/environment-network-isolated";
import { poolCredentialsAllowed } from "../../policies/rules/pool-credentials-allowed";
import { poolPodsNoServiceAccountToken } from "../../policies/rules/pool-pods-no-service-account-token";
import { signingConfigAllowed } from "../../policies/rules/signing-config-allowed";
import type { RelengPolicy } from "../../policies/lib/policy";
import { evaluateStack } from "../../tools/plan/evaluate";
import { unwrapSecrets } from "../../tools/plan/mocks";
import { envRaw, TODAY } from "../helpers";
import { planOf } from "../planHelpers";
import { poolsRaw } from "../poolsHelpers";
import { run, type Res } from "./helpers";
import type { RawStackConfig } from "../../stacks/load";

const S = "secret-value";
const PROD = "https://prod.autograph.prod.webservices.mozgcp.net";
const dep = (autograph: unknown[], extra: Record<string, unknown> = {}) => poolsRaw("dep", [{ script: "signing", product: "mobile", autograph, ...extra }]);
const gpg = { server: "prod", formats: ["gcp_prod_autograph_apk"], credentialsEnv: "AUTOGRAPH_REFERENCE_BROWSER" };

async function configProblems(raw: RawStackConfig): Promise<string[]> {
  const plan = await evaluateStack(raw, { today: TODAY });
  return (plan.configError?.problems ?? []).map((p) => `${p.key}: ${p.problem}`);
}

async function recorded(raw: RawStackConfig): Promise<Res[]> {
  const plan = await planOf(raw);
  return plan.resources.filter((r) => r.custom).map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: JSON.parse(JSON.stringify(unwrapSecrets(r.inputs))) }));
}

const kindOf = (r: Res) => r.type.split(":").pop();
/** A copy of `stack` with `edit` applied to every resource of `kind`. */
function edited(stack: Res[], kind: string, edit: (props: any) => void): Res[] {
  return stack.map((r) => {
    if (kindOf(r) !== kind) return r;
    const copy = JSON.parse(JSON.stringify(r));
    edit(copy.props);
    return copy;
  });
}

async function flags(policy: RelengPolicy, stack: Res[]): Promise<string[]> {
  return run(policy, stack);
}

describe("Autograph servers, formats and cert scopes (signing-config-allowed)", () => {
  let depStack: Res[];
  beforeAll(async () => {
    depStack = await recorded(dep([gpg]));
  }, 300_000);

  const setPasswords = (text: string) => (p: any) => {
    if (p.data?.["passwords.yml"] !== undefined) p.data["passwords.yml"] = text;
  };
  const row = (url: string, formats: unknown = ["gcp_prod_autograph_apk"], cred = "AUTOGRAPH_REFERENCE_BROWSER") => [url, { $eval: `${cred}_USERNAME` }, { $eval: `${cred}_PASSWORD` }, formats];
  const scope = "project:mobile:reference-browser:releng:signing:cert:dep-signing";

  it("the compliant recorded dep stack passes", async () => {
    expect(await flags(signingConfigAllowed, depStack)).toEqual([]);
  });

  it.each([
    ["stage host with odd case, trailing dot and default port", "HTTPS://Stage.Autograph.Nonprod.Webservices.Mozgcp.Net.:443"],
    ["stage under its older AWS name", "https://autograph-external.stage.autograph.services.mozaws.net"],
    ["a host that merely contains the prod name", "https://prod.autograph.prod.webservices.mozgcp.net.evil.example"],
    ["user info in front of the prod host", "https://x@stage.autograph.nonprod.webservices.mozgcp.net"],
  ])("config refuses and pack flags: %s", async (_, url) => {
    expect((await configProblems(dep([{ ...gpg, server: url }]))).join("\n")).toMatch(/autograph\[0\]\.server/);
    const stack = edited(depStack, "ConfigMap", setPasswords(JSON.stringify({ [scope]: [row(url)] })));
    expect((await flags(signingConfigAllowed, stack)).join("\n")).toMatch(/is not an Autograph server a dep pool may use/);
  });

  it.each([
    ["flow-style YAML with a json-e computed URL", `{"$let": {u: "${PROD}"}, in: {${scope}: [[{$eval: u}, {$eval: AUTOGRAPH_REFERENCE_BROWSER_USERNAME}, {$eval: AUTOGRAPH_REFERENCE_BROWSER_PASSWORD}, [gcp_prod_autograph_apk]]]}}`, /json-e operator|cert scope/],
    ["a stage format on the prod server, as one string", JSON.stringify({ [scope]: [row(PROD, ["gcp_prod_autograph_apk stage_autograph_apk"])] }), /not a format of Autograph prod/],
    ["a production cert scope at dep", JSON.stringify({ [scope.replace("dep-signing", "release-signing")]: [row(PROD)] }), /not one a dep pool may hold/],
    ["another product's cert scope", JSON.stringify({ [scope.replace("mobile:reference-browser", "comm:thunderbird")]: [row(PROD)] }), /does not belong to product mobile/],
    ["a stage credential with the prod server", JSON.stringify({ [scope]: [row(PROD, ["gcp_prod_autograph_apk"], "AUTOGRAPH_STAGE_REFERENCE_BROWSER")] }), /credential AUTOGRAPH_STAGE_REFERENCE_BROWSER is not one/],
  ])("pack flags: %s", async (_, text, message) => {
    expect((await flags(signingConfigAllowed, edited(depStack, "ConfigMap", setPasswords(text)))).join("\n")).toMatch(message);
  });

  it.each([
    ["a stage format on the prod server", [{ ...gpg, formats: ["stage_autograph_apk"] }], /not a format of Autograph prod/],
    ["two formats in one string", [{ ...gpg, formats: ["gcp_prod_autograph_apk,stage_autograph_apk"] }], /format name/],
    ["a production cert scope written out in full", [{ ...gpg, certScope: "project:mobile:reference-browser:releng:signing:cert:release-signing" }], /not a cert scope a dep pool may hold/],
    ["another product's dep scope", [{ ...gpg, certScope: "project:comm:thunderbird:releng:signing:cert:dep-signing" }], /not a cert scope of mobile/],
    ["a stage credential with the prod server", [{ ...gpg, credentialsEnv: "AUTOGRAPH_STAGE_REFERENCE_BROWSER" }], /Autograph stage credential/],
    ["a release credential under the dep pool", [{ ...gpg, credentialsEnv: "AUTOGRAPH_MAR_RELEASE" }], /production-only secret/],
  ])("config refuses: %s", async (_, autograph, message) => {
    expect((await configProblems(dep(autograph))).join("\n")).toMatch(message);
  });

  it("pack flags a signing pool that does not mount the generated files (the stock passwords.yml would apply)", async () => {
    const stack = edited(depStack, "Deployment", (p) => {
      delete p.spec.template.spec.containers[0].volumeMounts;
    });
    expect((await flags(signingConfigAllowed, stack)).join("\n")).toMatch(/does not mount a declared replacement at \/app\/docker.d\/passwords.yml/);
  });

  it("unusual but compliant: the prod server as a URL with odd case and a trailing dot, the dep scope in full, the template re-written as block YAML", async () => {
    const raw = dep([{ ...gpg, server: "https://PROD.autograph.prod.webservices.mozgcp.net.", certScope: scope }]);
    expect(await configProblems(raw)).toEqual([]);
    const stack = edited(depStack, "ConfigMap", (p) => {
      if (p.data?.["passwords.yml"]) p.data["passwords.yml"] = stringify(JSON.parse(p.data["passwords.yml"]));
    });
    expect(await flags(signingConfigAllowed, stack)).toEqual([]);
  });
});

describe("credentials per script and level (pool-credentials-allowed)", () => {
  let depStack: Res[];
  beforeAll(async () => {
    depStack = await recorded(poolsRaw("dep", [{ script: "beetmover", product: "firefox" }], { secrets: { "gecko-1-beetmover": { DEP_ID: S, DEP_KEY: S, GCS_DEP_CREDS: S } } }));
  }, 300_000);

  it("unusual but compliant: an optional credential (GCS_DEP_CREDS) passes both", async () => {
    expect(await flags(poolCredentialsAllowed, depStack)).toEqual([]);
  });

  it.each([
    ["a release key under its own name", "GCS_RELEASE_CREDS", /production-only secret/],
    ["a release key renamed to something nobody forbade", "MY_RELEASE_KEY", /does not use MY_RELEASE_KEY/],
    ["a stage credential", "AUTOGRAPH_STAGE_GPG_PASSWORD", /Autograph stage credential/],
    ["the chain-of-trust key", "ED25519_PRIVKEY", /production-only secret/],
  ])("config refuses and pack flags: %s", async (_, name, message) => {
    const raw = poolsRaw("dep", [{ script: "beetmover", product: "firefox" }], { secrets: { "gecko-1-beetmover": { [name]: S } } });
    expect((await configProblems(raw)).join("\n")).toMatch(message);
    const inSecret = edited(depStack, "Secret", (p) => {
      p.stringData = { ...(typeof p.stringData === "object" ? p.stringData : {}), [name]: "x" };
    });
    expect((await flags(poolCredentialsAllowed, inSecret)).join("\n")).toMatch(new RegExp(`may not hold ${name}`));
  });

  describe("an environment's own pool reads its services' credentials only as catalogued", () => {
    let envStack: Res[];
    beforeAll(async () => {
      envStack = await recorded(envRaw({ services: { archive: {} }, pools: ["beetmover"] }));
    }, 300_000);
    const rewire = (secret: string, key: string) =>
      edited(envStack, "Deployment", (p) => {
        for (const c of p.spec?.template?.spec?.containers ?? []) for (const e of c.env ?? []) if (e.name === "DEP_ID") e.valueFrom = { secretKeyRef: { name: secret, key } };
      });

    it("unusual but compliant: DEP_ID/DEP_KEY read from the archive store's Secret under its own key names", async () => {
      expect(await flags(poolCredentialsAllowed, envStack)).toEqual([]);
    });

    it.each([
      ["another key of the same Secret", "archive-s3-credentials", "RELEASE_KEY"],
      ["the catalogued key of another Secret", "balrog-app", "AWS_ACCESS_KEY_ID"],
      ["a Secret key differing only in case", "archive-s3-credentials", "aws_access_key_id"],
    ])("pack flags %s", async (_, secret, key) => {
      expect((await flags(poolCredentialsAllowed, rewire(secret, key))).join("\n")).toMatch(new RegExp(`reads Secret key ${key}`));
    });

    it("pack flags the service Secret once the pool loads it whole (envFrom)", async () => {
      const whole = edited(envStack, "Deployment", (p) => {
        const [c] = p.spec?.template?.spec?.containers ?? [];
        if (c && String(p.metadata?.name).endsWith("pool")) c.envFrom = [{ secretRef: { name: "archive-s3-credentials" } }];
      });
      expect((await flags(poolCredentialsAllowed, whole)).join("\n")).toMatch(/may not hold S3_ENDPOINT/);
    });
  });

  it("pack flags a moved key: an allowed env name reading a forbidden Secret key, and a literal env value under a credential name", async () => {
    const moved = edited(depStack, "Deployment", (p) => {
      const env = p.spec.template.spec.containers[0].env;
      env.push({ name: "DEP_KEY", valueFrom: { secretKeyRef: { name: "x", key: "RELEASE_KEY" } } }, { name: "autograph_mar_release_password", value: "literal" });
    });
    const found = (await flags(poolCredentialsAllowed, moved)).join("\n");
    expect(found).toMatch(/reads Secret key RELEASE_KEY/);
    expect(found).toMatch(/may not hold autograph_mar_release_password/);
  });
});

describe("buckets and GCP grants (gcp-access-allowed)", () => {
  const gkeDev = (buckets: string[]) =>
    poolsRaw("dev", [{ script: "beetmover", product: "firefox", gcp: { buckets } }], { stack: "pools-dev-gke", values: { kubernetes: { target: "gke", platformStack: "mozilla/releng-envs/platform-nonprod" } } });

  it.each([
    ["the production delivery bucket", "moz-fx-productdelivery-pr-38b5-productdelivery"],
    ["a production release bucket", "net-mozaws-prod-delivery-firefox"],
    ["a bucket nobody listed", "some-other-bucket"],
  ])("config refuses a dev pool writing to %s", async (_, bucket) => {
    expect((await configProblems(gkeDev([bucket]))).join("\n")).toMatch(/is not a bucket a dev pool may write to/);
  });

  it("unusual but compliant: the dev pool's own bucket is accepted", async () => {
    expect(await configProblems(gkeDev(["moz-fx-productdelivery-no-7d6a-productdelivery"]))).toEqual([]);
  });

  const grant = (type: string, props: Record<string, unknown>): Res => ({ type, name: "g", urn: `urn:pulumi:pools-dev-gke::releng-envs::${type}::g`, props });
  it.each([
    ["a bucket grant spelled gs://, upper case, trailing slash", grant("gcp:storage/bucketIAMMember:BucketIAMMember", { bucket: "gs://MOZ-FX-PRODUCTDELIVERY-PR-38B5-PRODUCTDELIVERY/", role: "roles/storage.objectAdmin", member: "serviceAccount:x@y" }), /may not be granted access to bucket moz-fx-productdelivery-pr-38b5-productdelivery/],
    ["a project role instead of a bucket grant", grant("gcp:projects/iAMMember:IAMMember", { project: "p", role: "roles/storage.admin", member: "serviceAccount:x@y" }), /may not hold project, folder or organization IAM/],
    ["a public member", grant("gcp:storage/bucketIAMMember:BucketIAMMember", { bucket: "moz-fx-productdelivery-no-7d6a-productdelivery", role: "roles/storage.objectViewer", member: "allUsers" }), /public member/],
    ["Workload Identity for another level's namespace", grant("gcp:serviceaccount/iAMMember:IAMMember", { serviceAccountId: "a", role: "roles/iam.workloadIdentityUser", member: "serviceAccount:p.svc.id.goog[prod-beetmover/gecko-3-beetmover]" }), /not one of pools-dev-gke's own namespaces/],
  ])("pack flags %s", async (_, resource, message) => {
    expect((await flags(gcpAccessAllowed, [resource])).join("\n")).toMatch(message);
  });
});

describe("environment network isolation (environment-network-isolated)", () => {
  let env: Res[];
  beforeAll(async () => {
    env = await recorded(envRaw());
  }, 300_000);
  const editPolicy = (name: string, edit: (spec: any) => void) => edited(env, "NetworkPolicy", (p) => p.metadata.name === name && edit(p.spec));

  it("the recorded environment passes", async () => {
    expect(await flags(environmentNetworkIsolated, env)).toEqual([]);
  });

  it.each([
    ["same-namespace egress widened to [{}]", () => editPolicy("allow-same-namespace", (s) => (s.egress = [{}])), /without `to` allows every destination/],
    ["DNS egress to any namespace", () => editPolicy("allow-dns", (s) => (s.egress[0].to = [{ namespaceSelector: {} }])), /another namespace/],
    ["the proxy's port list widened", () => editPolicy("allow-egress-proxy-https", (s) => s.egress[0].ports.push({ protocol: "TCP", port: 80 })), /internet on 443\/TCP only/],
    ["the internet opened to every pod", () => editPolicy("allow-egress-proxy-https", (s) => (s.podSelector = {})), /only the egress proxy may reach 0.0.0.0\/0/],
    ["the default deny given an egress rule", () => editPolicy("default-deny-all", (s) => (s.egress = [{ to: [{ podSelector: {} }] }])), /no default-deny NetworkPolicy/],
  ])("pack flags %s", async (_, stack, message) => {
    expect((await flags(environmentNetworkIsolated, stack())).join("\n")).toMatch(message);
  });
});

describe("pool pods mount no service account token (pool-pods-no-service-account-token)", () => {
  it("pack flags a pool Deployment holding credentials with the token mounted (dropped or true)", async () => {
    const stack = await recorded(poolsRaw("dep", [{ script: "tree", product: "mobile" }]));
    expect(await flags(poolPodsNoServiceAccountToken, stack)).toEqual([]);
    for (const edit of [(s: any) => delete s.automountServiceAccountToken, (s: any) => (s.automountServiceAccountToken = true), (s: any) => (s.automountServiceAccountToken = "false")]) {
      const found = await flags(poolPodsNoServiceAccountToken, edited(stack, "Deployment", (p) => edit(p.spec.template.spec)));
      expect(found.join("\n")).toMatch(/mounts a service account token/);
    }
  }, 300_000);
});

describe("fallback endpoints (config, and the pack on the environment's staging-release ConfigMap)", () => {
  it.each([
    ["trailing dot", "https://aus4-admin.mozilla.org./api"],
    ["upper case and default port", "HTTPS://AUS4-ADMIN.MOZILLA.ORG:443/api"],
    ["the older bouncer admin name", "https://bounceradmin-default.prod.mozaws.net/api"],
    ["full-width letters", "https://ａｕｓ４-admin.mozilla.org/api"],
  ])("refuses a production write endpoint written with %s", async (_, url) => {
    expect((await configProblems(envRaw({ fallbacks: { balrogAdminApi: url } }))).join("\n")).toMatch(/production write endpoint/);
  });

  it("refuses credentials in a fallback URL without echoing them", async () => {
    const problems = (await configProblems(envRaw({ fallbacks: { shipitApi: "https://user:hunter2@api.shipit.staging.mozilla-releng.net" } }))).join("\n");
    expect(problems).toMatch(/user info/);
    expect(problems).not.toContain("hunter2");
  });

  describe("the pack judges the deployed handoff", () => {
    let envStack: Res[];
    beforeAll(async () => {
      envStack = await recorded(envRaw({ services: { balrog: {} } }));
    }, 300_000);
    const withFallback = (url: string) =>
      edited(envStack, "ConfigMap", (p) => {
        if (p.metadata?.name !== "staging-release") return;
        const handoff = JSON.parse(p.data["staging-release.json"]);
        handoff.endpoints.bouncerAdminApi.url = url;
        p.data["staging-release.json"] = JSON.stringify(handoff);
      });

    it("unusual but compliant: the recorded environment with its stage fallbacks passes", async () => {
      expect(envStack.some((r) => r.props?.metadata?.name === "staging-release")).toBe(true);
      expect(await flags(noProductionWriteEndpoints, envStack)).toEqual([]);
    });

    it.each([
      ["plainly", "https://admin.prod.bouncer.prod.webservices.mozgcp.net/api"],
      ["with a trailing dot", "https://admin.prod.bouncer.prod.webservices.mozgcp.net./api"],
      ["in upper case with a port", "HTTPS://ADMIN.PROD.BOUNCER.PROD.WEBSERVICES.MOZGCP.NET:443/api"],
    ])("flags a production write endpoint written %s into the handoff", async (_, url) => {
      expect((await flags(noProductionWriteEndpoints, withFallback(url))).join("\n")).toMatch(/production write endpoint admin\.prod\.bouncer/);
    });
  });
});
