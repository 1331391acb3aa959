// The pack's trust rules on stacks the program's own pure builders produce (no plan, no Pulumi
// runtime: milliseconds), compliant as built and then edited the way an attacker or a hand edit
// would. Complements attacker.test.ts (the same ideas on planned stacks, seconds each) so that
// `npm run mutate` can afford to run these for every mutant of the pack.
import { describe, expect, it } from "vitest";
import { gcpAccessAllowed } from "../../policies/rules/gcp-access-allowed";
import { environmentNetworkIsolated } from "../../policies/rules/environment-network-isolated";
import { poolCredentialsAllowed } from "../../policies/rules/pool-credentials-allowed";
import { poolPodsNoServiceAccountToken } from "../../policies/rules/pool-pods-no-service-account-token";
import { signingConfigAllowed } from "../../policies/rules/signing-config-allowed";
import type { KubeObject } from "../../components/k8s/declare";
import { validateKubeObject } from "../../components/k8s/validate";
import { builtEnvironmentStack as envStack, builtPoolsStack as poolsStack, container as containerOf, deployment as deploymentOf, kubeResource as resource, poolLabels as poolLabelsOf, run, secret as secretOf, type Res } from "./helpers";

const S = "secret-value";
const STAGE = "https://stage.autograph.nonprod.webservices.mozgcp.net";

const depSigning = () =>
  poolsStack("dep", [{ script: "signing", product: "firefox", autograph: [{ server: "prod", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" }] }], {
    "gecko-t-signing": { AUTOGRAPH_GPG_USERNAME: S, AUTOGRAPH_GPG_PASSWORD: S, TASKCLUSTER_ACCESS_TOKEN: S, WIDEVINE_CERT: S },
  });
const devSigning = () =>
  poolsStack("dev", [{ script: "signing", product: "firefox", autograph: [{ server: "stage", formats: ["stage_autograph_gpg"], credentialsEnv: "AUTOGRAPH_STAGE_GPG" }] }], {
    "gecko-t-signing-dev": { AUTOGRAPH_STAGE_GPG_USERNAME: S, AUTOGRAPH_STAGE_GPG_PASSWORD: S, TASKCLUSTER_ACCESS_TOKEN: S, WIDEVINE_CERT: S },
  });

const kindOf = (r: Res) => r.type.split(":").pop();
/** A copy of `stack` with `edit` applied to every resource of `kind`. */
function edited(stack: Res[], kind: string, edit: (props: any) => void): Res[] {
  return stack.map((r) => {
    if (kindOf(r) !== kind) return r;
    const copy = JSON.parse(JSON.stringify(r)) as Res;
    edit(copy.props);
    return copy;
  });
}
const passwordsOf = (stack: Res[]) => JSON.parse(stack.find((r) => kindOf(r) === "ConfigMap")!.props.data["passwords.yml"]);
const withPasswords = (stack: Res[], text: string) => edited(stack, "ConfigMap", (p) => (p.data["passwords.yml"] = text));
const withInitWorker = (stack: Res[], edit: (t: string) => string) => edited(stack, "ConfigMap", (p) => (p.data["init_worker.sh"] = edit(p.data["init_worker.sh"])));
const worker = (p: any) => p.spec.template.spec.containers[0];

describe("signing-config-allowed on built pools", () => {
  it("passes the dep and dev signing pools as built", async () => {
    expect(await run(signingConfigAllowed, depSigning())).toEqual([]);
    expect(await run(signingConfigAllowed, devSigning())).toEqual([]);
  });

  it("flags a dep pool whose mounted passwords.yml names Autograph stage, however spelled", async () => {
    for (const url of [STAGE, "https://STAGE.autograph.nonprod.webservices.mozgcp.net.:443/", "https://autograph-external.stage.autograph.services.mozaws.net"]) {
      const p = passwordsOf(depSigning());
      const scope = Object.keys(p)[0];
      p[scope][0][0] = url;
      const found = await run(signingConfigAllowed, withPasswords(depSigning(), JSON.stringify(p)));
      expect(found.length, url).toBeGreaterThan(0);
      expect(found.join("\n"), url).toMatch(/Autograph stage|stage/);
      expect(found.join("\n")).toMatch(/passwords\.yml/);
    }
  });

  it("flags a stage format, another level's cert scope, a credential off the level's list, and an unknown host", async () => {
    const cases: [string, (p: any, scope: string) => void, RegExp][] = [
      ["stage format on prod", (p, s) => (p[s][0][3] = ["stage_autograph_gpg"]), /stage_autograph_gpg/],
      ["prod cert scope", (p, s) => ((p["project:releng:signing:cert:release-signing"] = p[s]), delete p[s]), /release-signing/],
      ["prod-only credential", (p, s) => ((p[s][0][1] = { $eval: "AUTOGRAPH_MAR_RELEASE_USERNAME" }), (p[s][0][2] = { $eval: "AUTOGRAPH_MAR_RELEASE_PASSWORD" })), /AUTOGRAPH_MAR_RELEASE/],
      ["unknown host", (p, s) => (p[s][0][0] = "https://autograph.example"), /autograph\.example|not an? .*Autograph/i],
    ];
    for (const [what, edit, problem] of cases) {
      const p = passwordsOf(depSigning());
      edit(p, Object.keys(p)[0]);
      const found = await run(signingConfigAllowed, withPasswords(depSigning(), JSON.stringify(p)));
      expect(found.join("\n"), what).toMatch(problem);
    }
  });

  it("refuses a template it cannot read as plain rows (json-e operators, extra columns)", async () => {
    const p = passwordsOf(depSigning());
    const scope = Object.keys(p)[0];
    const computed = { [scope]: { $if: "true", then: p[scope] } };
    expect((await run(signingConfigAllowed, withPasswords(depSigning(), JSON.stringify(computed)))).length).toBeGreaterThan(0);
    p[scope][0].push("key-id", "extra");
    expect((await run(signingConfigAllowed, withPasswords(depSigning(), JSON.stringify(p)))).length).toBeGreaterThan(0);
  });

  it("flags a dep init_worker.sh that checks or exports an Autograph stage credential", async () => {
    const found = await run(signingConfigAllowed, withInitWorker(depSigning(), (t) => t.replace("test_var_set AUTOGRAPH_GPG_PASSWORD", "test_var_set AUTOGRAPH_STAGE_GPG_PASSWORD")));
    expect(found.join("\n")).toMatch(/AUTOGRAPH_STAGE_GPG_PASSWORD/);
    expect(found.join("\n")).toMatch(/init_worker\.sh/);
  });

  it("flags a signing pool that mounts nothing over the image's files (the stock passwords.yml would apply)", async () => {
    const bare = edited(depSigning(), "Deployment", (p) => {
      worker(p).volumeMounts = [];
    });
    const found = await run(signingConfigAllowed, bare);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/does not mount a declared replacement at \/app\/docker\.d\/passwords\.yml/);
    expect(found[1]).toMatch(/does not mount a declared replacement at \/app\/docker\.d\/init_worker\.sh/);
    // Mounting from a ConfigMap the stack does not declare is no better.
    const undeclared = depSigning().filter((r) => kindOf(r) !== "ConfigMap");
    expect(await run(signingConfigAllowed, undeclared)).toHaveLength(2);
  });

  it("judges a pool labelled dev but running ENV=fake-prod as dep too (stage refused)", async () => {
    const disguised = edited(devSigning(), "Deployment", (p) => {
      worker(p).env.find((e: any) => e.name === "ENV").value = "fake-prod";
    });
    expect((await run(signingConfigAllowed, disguised)).join("\n")).toMatch(/stage/i);
  });
});

describe("pool-credentials-allowed on built pools", () => {
  it("passes the pools as built", async () => {
    expect(await run(poolCredentialsAllowed, depSigning())).toEqual([]);
    expect(await run(poolCredentialsAllowed, devSigning())).toEqual([]);
  });

  it("flags a prod-only credential under its own name, renamed, as a Secret key only, and loaded whole", async () => {
    const renamed = edited(depSigning(), "Deployment", (p) => {
      worker(p).env.push({ name: "WIDEVINE_CERT_OLD", valueFrom: { secretKeyRef: { name: "any", key: "ED25519_PRIVKEY" } } });
    });
    const found = await run(poolCredentialsAllowed, renamed);
    expect(found.join("\n")).toMatch(/a dep signing pool may not hold WIDEVINE_CERT_OLD/);
    expect(found.join("\n")).toMatch(/reads Secret key ED25519_PRIVKEY, not a credential it may hold/);

    const inSecret = edited(depSigning(), "Secret", (p) => (p.stringData.ED25519_PRIVKEY = "[secret]"));
    expect(await run(poolCredentialsAllowed, inSecret)).toEqual([expect.stringMatching(/stringData\.ED25519_PRIVKEY\]: a dep signing pool may not hold ED25519_PRIVKEY/)]);
    const inData = edited(depSigning(), "Secret", (p) => ((p.data = { GCS_RELEASE_CREDS: "W3NlY3JldF0=" }), delete p.stringData));
    expect((await run(poolCredentialsAllowed, inData)).join("\n")).toMatch(/data\.GCS_RELEASE_CREDS\]: a dep signing pool may not hold GCS_RELEASE_CREDS/);
  });

  it("flags a plain-text value under a credential's name and a stage credential in a dep pool", async () => {
    const literal = edited(depSigning(), "Deployment", (p) => worker(p).env.push({ name: "AUTOGRAPH_STAGE_GPG_PASSWORD", value: "x" }));
    expect((await run(poolCredentialsAllowed, literal)).join("\n")).toMatch(/may not hold AUTOGRAPH_STAGE_GPG_PASSWORD/);
  });

  it("lets the plain variables through only as plain values", async () => {
    const fromSecret = edited(depSigning(), "Deployment", (p) => {
      worker(p).env.find((e: any) => e.name === "COT_PRODUCT").valueFrom = { secretKeyRef: { name: "x", key: "COT_PRODUCT" } };
    });
    expect((await run(poolCredentialsAllowed, fromSecret)).join("\n")).toMatch(/COT_PRODUCT/);
  });
});

describe("pool-pods-no-service-account-token on built pools", () => {
  it("passes a pool as built (token not mounted)", async () => {
    expect(await run(poolPodsNoServiceAccountToken, depSigning())).toEqual([]);
  });

  it("flags a pool pod holding credentials whose token is mounted: setting dropped, true, or a string", async () => {
    for (const value of [undefined, true, "false"]) {
      const stack = edited(depSigning(), "Deployment", (p) => {
        if (value === undefined) delete p.spec.template.spec.automountServiceAccountToken;
        else p.spec.template.spec.automountServiceAccountToken = value;
      });
      expect(await run(poolPodsNoServiceAccountToken, stack), String(value)).toEqual([expect.stringMatching(/automountServiceAccountToken\]: a pool pod holding credentials mounts a service account token \(/)]);
    }
  });

  it("leaves a pool pod alone that holds no credential", async () => {
    const none = edited(
      depSigning().filter((r) => kindOf(r) !== "Secret"),
      "Deployment",
      (p) => {
        delete p.spec.template.spec.automountServiceAccountToken;
        worker(p).env = worker(p).env.filter((e: any) => !e.valueFrom);
      },
    );
    expect(await run(poolPodsNoServiceAccountToken, none)).toEqual([]);
  });
});

// --- environments -------------------------------------------------------------------------------

const policyNamed = (stack: Res[], name: string, edit: (spec: any) => void) =>
  stack.map((r) => {
    if (kindOf(r) !== "NetworkPolicy" || r.props.metadata.name !== name) return r;
    const copy = JSON.parse(JSON.stringify(r)) as Res;
    edit(copy.props.spec);
    return copy;
  });

describe("environment-network-isolated on built environments", () => {
  it("passes an environment as built, on render and on gke", async () => {
    expect(await run(environmentNetworkIsolated, envStack())).toEqual([]);
    expect(await run(environmentNetworkIsolated, envStack({ kubernetes: { target: "gke", platformStack: "mozilla/releng-envs/platform-nonprod" } }))).toEqual([]);
  });

  it("flags a missing or weakened default deny", async () => {
    const without = envStack().filter((r) => r.props.metadata?.name !== "default-deny-all");
    expect(await run(environmentNetworkIsolated, without)).toEqual([expect.stringMatching(/namespace env-jane-fx150\]: has no default-deny NetworkPolicy/)]);
    for (const [what, edit] of [
      ["selects some pods only", (s: any) => (s.podSelector = { matchLabels: { app: "x" } })],
      ["ingress only", (s: any) => (s.policyTypes = ["Ingress"])],
      ["egress only", (s: any) => (s.policyTypes = ["Egress"])],
      ["an allow-all egress rule", (s: any) => (s.egress = [{}])],
      ["an allow-all ingress rule", (s: any) => (s.ingress = [{}])],
    ] as const) {
      const found = await run(environmentNetworkIsolated, policyNamed(envStack(), "default-deny-all", edit));
      expect(found.join("\n"), what).toMatch(/has no default-deny NetworkPolicy/);
    }
    // An empty selector may be written with empty matchLabels (and expressions), or left out.
    expect(await run(environmentNetworkIsolated, policyNamed(envStack(), "default-deny-all", (s) => (s.podSelector = { matchLabels: {} })))).toEqual([]);
    expect(await run(environmentNetworkIsolated, policyNamed(envStack(), "default-deny-all", (s) => (s.podSelector = { matchLabels: {}, matchExpressions: [] })))).toEqual([]);
    expect(await run(environmentNetworkIsolated, policyNamed(envStack(), "default-deny-all", (s) => delete s.podSelector))).toEqual([]);
    expect(await run(environmentNetworkIsolated, policyNamed(envStack(), "default-deny-all", (s) => (s.podSelector = null)))).toEqual([]);
    const selective = policyNamed(envStack(), "default-deny-all", (s) => (s.podSelector = { matchExpressions: [{ key: "app", operator: "Exists" }] }));
    expect((await run(environmentNetworkIsolated, selective)).join("\n")).toMatch(/has no default-deny NetworkPolicy/);
    const another = envStack().map((r) => (kindOf(r) === "NetworkPolicy" && r.props.metadata.name === "default-deny-all" ? { ...r, props: { ...r.props, metadata: { ...r.props.metadata, namespace: "env-other" } } } : r));
    expect((await run(environmentNetworkIsolated, another)).join("\n")).toMatch(/namespace env-jane-fx150\]: has no default-deny NetworkPolicy/);
  });

  it("flags every egress rule that leaves the known paths", async () => {
    const cases: [string, string, (s: any) => void, RegExp][] = [
      ["DNS open to all destinations", "allow-dns", (s) => (s.egress = [{}]), /without `to` allows every destination/],
      ["DNS to any namespace's pods", "allow-dns", (s) => (s.egress[0].to = [{ namespaceSelector: {} }]), /another namespace/],
      ["DNS to a look-alike namespace", "allow-dns", (s) => (s.egress[0].to[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"] = "attacker"), /another namespace/],
      ["DNS to kube-system's other pods", "allow-dns", (s) => (s.egress[0].to[0].podSelector = {}), /another namespace/],
      ["DNS on every port", "allow-dns", (s) => delete s.egress[0].ports, /DNS egress must be port 53 only/],
      ["DNS plus 443", "allow-dns", (s) => s.egress[0].ports.push({ protocol: "TCP", port: 443 }), /DNS egress must be port 53 only/],
      ["a peer without a selector", "allow-same-namespace", (s) => (s.egress[0].to = [{}]), /peer without a selector allows every destination/],
      ["the internet for every pod", "allow-egress-proxy-https", (s) => (s.podSelector = {}), /only the egress proxy may reach 0\.0\.0\.0\/0/],
      ["the proxy on port 80 too", "allow-egress-proxy-https", (s) => s.egress[0].ports.push({ protocol: "TCP", port: 80 }), /internet on 443\/TCP only/],
      ["the proxy on every port", "allow-egress-proxy-https", (s) => delete s.egress[0].ports, /internet on 443\/TCP only/],
      ["the proxy over UDP", "allow-egress-proxy-https", (s) => (s.egress[0].ports = [{ protocol: "UDP", port: 443 }]), /internet on 443\/TCP only/],
      ["the proxy into private ranges", "allow-egress-proxy-https", (s) => (s.egress[0].to[0].ipBlock.except = ["10.0.0.0/8"]), /must exclude every private range/],
      ["the proxy without exceptions", "allow-egress-proxy-https", (s) => delete s.egress[0].to[0].ipBlock.except, /must exclude every private range/],
      ["a public address", "allow-same-namespace", (s) => s.egress.push({ to: [{ ipBlock: { cidr: "8.8.8.8/32" } }], ports: [{ protocol: "TCP", port: 443 }] }), /egress to 8\.8\.8\.8\/32 is not a known path/],
      ["the metadata server for every pod", "allow-same-namespace", (s) => s.egress.push({ to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ protocol: "TCP", port: 80 }] }), /metadata server/],
      ["a private range for every pod", "allow-same-namespace", (s) => s.egress.push({ to: [{ ipBlock: { cidr: "10.1.0.0/16" } }], ports: [{ protocol: "TCP", port: 443 }] }), /may reach 10\.1\.0\.0\/16/],
    ];
    for (const [what, name, edit, problem] of cases) {
      const found = await run(environmentNetworkIsolated, policyNamed(envStack(), name, edit));
      expect(found, what).toHaveLength(1);
      expect(found[0], what).toMatch(new RegExp(`^NetworkPolicy env-jane-fx150/${name} \\[spec\\.egress\\[\\d\\]\\]: `));
      expect(found[0], what).toMatch(problem);
    }
  });

  it("accepts the known paths written unusually: the metadata server for GCP pods, the seed job's API server, ports as given", async () => {
    const gke = envStack({ kubernetes: { target: "gke", platformStack: "mozilla/releng-envs/platform-nonprod" } });
    expect(await run(environmentNetworkIsolated, policyNamed(gke, "allow-gke-metadata", (s) => (s.egress[0].ports = [{ port: 988 }])))).toEqual([]);
    const seed = [
      ...envStack(),
      resource("env-jane-fx150", {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "allow-seed-api", namespace: "env-jane-fx150" },
        spec: { podSelector: { matchLabels: { "releng.mozilla.org/role": "balrog-seed" } }, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.2.0.1/32" } }], ports: [{ protocol: "TCP", port: 443 }] }] },
      } as KubeObject),
    ];
    expect(await run(environmentNetworkIsolated, seed)).toEqual([]);
    // The same rule for another pod, or on another port, is not the seed job's path.
    const other = policyNamed(seed, "allow-seed-api", (s) => (s.podSelector.matchLabels["releng.mozilla.org/role"] = "balrog-admin"));
    expect(await run(environmentNetworkIsolated, other)).toEqual([expect.stringMatching(/only the balrog-seed job may reach 10\.2\.0\.1\/32, on 443, 6443\/TCP/)]);
    const port = policyNamed(seed, "allow-seed-api", (s) => (s.egress[0].ports = [{ protocol: "TCP", port: 22 }]));
    expect(await run(environmentNetworkIsolated, port)).toEqual([expect.stringMatching(/only the balrog-seed job may reach/)]);
    // 172.32.0.1 is outside 172.16.0.0/12: not a private range, so not the API server path at all.
    const publicish = policyNamed(seed, "allow-seed-api", (s) => (s.egress[0].to[0].ipBlock.cidr = "172.32.0.1/32"));
    expect(await run(environmentNetworkIsolated, publicish)).toEqual([expect.stringMatching(/egress to 172\.32\.0\.1\/32 is not a known path/)]);
    const wide = policyNamed(seed, "allow-seed-api", (s) => (s.egress[0].to[0].ipBlock.cidr = "10.0.0.0/7"));
    expect(await run(environmentNetworkIsolated, wide)).toEqual([expect.stringMatching(/egress to 10\.0\.0\.0\/7 is not a known path/)]);
  });

  it("judges an environment's NetworkPolicies even in a namespace the stack does not declare", async () => {
    const stray = envStack().filter((r) => kindOf(r) === "NetworkPolicy" && r.props.metadata.name === "allow-dns");
    expect(await run(environmentNetworkIsolated, stray)).toEqual([expect.stringMatching(/^NetworkPolicy env-jane-fx150\/allow-dns \[namespace env-jane-fx150\]: has no default-deny/)]);
    expect(await run(environmentNetworkIsolated, depSigning())).toEqual([]);
  });
});

// --- Google Cloud grants (hand-built: the gcp: resources are declared by components, not builders) --

const gcp = (stack: string, type: string, props: Record<string, unknown>, name = "g"): Res => ({ type, name, urn: `urn:pulumi:${stack}::releng-envs::${type}::${name}`, props });
const BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";
const WI = "gcp:serviceaccount/iAMMember:IAMMember";
const DEV_BUCKET = "moz-fx-productdelivery-no-7d6a-productdelivery";
const PROD_BUCKET = "moz-fx-productdelivery-pr-38b5-productdelivery";

describe("gcp-access-allowed on hand-built grants", () => {
  it("passes a pool's grant on its level's bucket and Workload Identity for its own namespace", async () => {
    const ok = [
      gcp("pools-dev-gke", BUCKET_MEMBER, { bucket: DEV_BUCKET, role: "roles/storage.objectAdmin", member: "serviceAccount:x@y" }),
      gcp("pools-dev-gke", WI, { serviceAccountId: "a", role: "roles/iam.workloadIdentityUser", member: "serviceAccount:p.svc.id.goog[dev-beetmover/gecko-1-beetmover-dev]" }),
      gcp("pools-dev-gke", BUCKET_MEMBER, { bucket: ` gs://${DEV_BUCKET.toUpperCase()}// ` }, "spelled"),
    ];
    expect(await run(gcpAccessAllowed, ok)).toEqual([]);
    expect(await run(gcpAccessAllowed, [gcp("pools-prod", BUCKET_MEMBER, { bucket: PROD_BUCKET, role: "roles/storage.objectAdmin", member: "serviceAccount:x@y" })])).toEqual([]);
  });

  it("passes a grant on a bucket the stack declares itself, and judges platform stacks not at all", async () => {
    const own = [gcp("env-jane", "gcp:storage/bucket:Bucket", { name: "Env-Jane-Store" }, "b"), gcp("env-jane", BUCKET_MEMBER, { bucket: "env-jane-store", member: "serviceAccount:x@y" })];
    expect(await run(gcpAccessAllowed, own)).toEqual([]);
    expect(await run(gcpAccessAllowed, [gcp("platform-prod", "gcp:projects/iAMMember:IAMMember", { role: "roles/owner", member: "serviceAccount:x@y" })])).toEqual([]);
  });

  it("flags production buckets below prod, any bucket in an environment, and an unknown bucket", async () => {
    expect(await run(gcpAccessAllowed, [gcp("pools-dep", BUCKET_MEMBER, { bucket: `gs://${PROD_BUCKET}` })])).toEqual([
      `${BUCKET_MEMBER} g [bucket ${PROD_BUCKET}]: pools-dep may not be granted access to bucket ${PROD_BUCKET}: not one a dep pool may write (${DEV_BUCKET}, moz-fx-translations-data--5f91-stage-translations-data) nor declared by the stack`,
    ]);
    expect((await run(gcpAccessAllowed, [gcp("env-jane", "gcp:storage/bucketIAMBinding:BucketIAMBinding", { bucket: DEV_BUCKET, members: ["serviceAccount:x@y"] })])).join("\n")).toMatch(/env-jane may not be granted access to bucket .*: not one an environment may use nor declared/);
    expect((await run(gcpAccessAllowed, [gcp("pools-dev", "gcp:storage/bucketACL:BucketACL", {})])).join("\n")).toMatch(/bucket \(unknown\)/);
    for (const type of ["gcp:storage/bucketIAMPolicy:BucketIAMPolicy", "gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl", "gcp:storage/objectAccessControl:ObjectAccessControl", "gcp:storage/bucketAccessControl:BucketAccessControl"]) {
      expect(await run(gcpAccessAllowed, [gcp("pools-dev", type, { bucket: PROD_BUCKET })]), type).toHaveLength(1);
    }
  });

  it("flags project, folder and organization IAM, and public members anywhere", async () => {
    for (const type of ["gcp:projects/iAMMember:IAMMember", "gcp:projects/iAMBinding:IAMBinding", "gcp:folders/iAMMember:IAMMember", "gcp:organizations/iAMPolicy:IAMPolicy"]) {
      expect(await run(gcpAccessAllowed, [gcp("pools-dev", type, { role: "roles/viewer", member: "serviceAccount:x@y" })]), type).toEqual([expect.stringMatching(/a pools stack may not hold project, folder or organization IAM/)]);
    }
    expect(await run(gcpAccessAllowed, [gcp("pools-dev", "gcp:projects/service:Service", { service: "storage.googleapis.com" })])).toEqual([]);
    for (const member of ["allUsers", "allAuthenticatedUsers"]) {
      expect(await run(gcpAccessAllowed, [gcp("env-jane", "gcp:pubsub/topicIAMMember:TopicIAMMember", { member })]), member).toEqual([expect.stringMatching(/grants to a public member/)]);
    }
  });

  it("flags Workload Identity for another level's or another stack kind's namespace, whatever the field", async () => {
    const other = (stack: string, props: Record<string, unknown>) => run(gcpAccessAllowed, [gcp(stack, WI, props)]);
    expect(await other("pools-dev", { member: "serviceAccount:p.svc.id.goog[prod-beetmover/x]" })).toEqual([expect.stringMatching(/Workload Identity for serviceAccount:p\.svc\.id\.goog\[prod-beetmover\/x\] is not one of pools-dev's own namespaces/)]);
    expect(await other("pools-dev", { members: ["serviceAccount:p.svc.id.goog[dev-beetmover/x]", "serviceAccount:p.svc.id.goog[env-jane/x]"] })).toHaveLength(1);
    expect(await other("env-jane", { member: "serviceAccount:p.svc.id.goog[dev-beetmover/x]" })).toHaveLength(1);
    expect(await other("env-jane", { member: "serviceAccount:p.svc.id.goog[env-jane/x]" })).toEqual([]);
    expect(await other("pools-dev", { member: "serviceAccount:x@y.iam.gserviceaccount.com" })).toHaveLength(1);
    expect(await run(gcpAccessAllowed, [gcp("pools-dev", "gcp:serviceaccount/iAMBinding:IAMBinding", { members: ["serviceAccount:p.svc.id.goog[prod-x/y]"] })])).toHaveLength(1);
  });
});

// --- an environment's own pool reading its services' credentials (catalog/envPools.ts) ----------

describe("pool-credentials-allowed on an environment's own pool", () => {
  const STORE = "archive-s3-credentials";
  const labels = { ...poolLabelsOf("dep", "1", "beetmover", "gecko-1-beetmover"), "releng.mozilla.org/stack-kind": "environment" };
  const ref = (name: string, secretName: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });
  const envPool = (env: Record<string, unknown>[], podSpec: Record<string, unknown> = {}, stack = "env-jane", containerOver: Record<string, unknown> = {}) => [
    deploymentOf(stack, "beetmover", stack, labels, [containerOf({ env: [{ name: "ENV", value: "fake-prod" }, ref("TASKCLUSTER_ACCESS_TOKEN", "beetmover-secrets", "TASKCLUSTER_ACCESS_TOKEN"), ...env], ...containerOver })], podSpec),
    secretOf(stack, "beetmover-secrets", stack, ["TASKCLUSTER_ACCESS_TOKEN"]),
    secretOf(stack, STORE, stack, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ADMIN_KEY"]),
  ];
  const store = [ref("DEP_ID", STORE, "AWS_ACCESS_KEY_ID"), ref("DEP_KEY", STORE, "AWS_SECRET_ACCESS_KEY")];

  it("passes the catalogued references to the archive store's writer keys", async () => {
    expect(await run(poolCredentialsAllowed, envPool(store))).toEqual([]);
  });

  it("flags a catalogued key under another name, another key of the service's Secret, and the Secret loaded whole", async () => {
    expect((await run(poolCredentialsAllowed, envPool([ref("DEP_ID", STORE, "ADMIN_KEY"), store[1]]))).join("\n")).toMatch(/reads Secret key ADMIN_KEY, not a credential it may hold/);
    expect((await run(poolCredentialsAllowed, envPool([ref("AWS_ID", STORE, "AWS_ACCESS_KEY_ID"), store[1]]))).join("\n")).toMatch(/may not hold AWS_ID/);
    expect((await run(poolCredentialsAllowed, envPool([ref("DEP_ID", "other-secret", "AWS_ACCESS_KEY_ID"), store[1]]))).join("\n")).toMatch(/reads Secret key AWS_ACCESS_KEY_ID/);
    const whole = await run(poolCredentialsAllowed, envPool(store, {}, "env-jane", { envFrom: [{ secretRef: { name: STORE } }] }));
    expect(whole.join("\n")).toMatch(/Secret archive-s3-credentials stringData\.ADMIN_KEY\]: a dep beetmover pool may not hold ADMIN_KEY/);
    for (const volume of [{ name: "v", secret: { secretName: STORE } }, { name: "v", projected: { sources: [{ secret: { name: STORE } }] } }]) {
      expect((await run(poolCredentialsAllowed, envPool(store, { volumes: [volume] }))).join("\n"), JSON.stringify(volume)).toMatch(/may not hold ADMIN_KEY/);
    }
  });

  it("gives a pools stack's pool no such allowance", async () => {
    const inPools = envPool(store, {}, "pools-dep").map((r) => {
      const copy = JSON.parse(JSON.stringify(r)) as Res;
      for (const l of [copy.props.metadata.labels, copy.props.spec?.template?.metadata?.labels]) if (l) l["releng.mozilla.org/stack-kind"] = "pools";
      return copy;
    });
    expect((await run(poolCredentialsAllowed, inPools)).join("\n")).toMatch(/reads Secret key AWS_ACCESS_KEY_ID/);
  });
});

// --- the fixtures themselves ----------------------------------------------------------------------

describe("the built stacks these rules judge", () => {
  it("are objects a cluster accepts: every one valid against the Kubernetes schema", () => {
    const stacks = { environment: envStack(), gke: envStack({ kubernetes: { target: "gke", platformStack: "mozilla/releng-envs/platform-nonprod" } }), dep: depSigning(), dev: devSigning() };
    for (const [name, stack] of Object.entries(stacks)) {
      expect(stack.length, name).toBeGreaterThan(3);
      for (const r of stack) expect(validateKubeObject(r.props), `${name}: ${r.type} ${r.props.metadata?.name}`).toEqual([]);
    }
    // The environment declares its guardrails: quota, default limits, the holder's access, not just policies.
    expect(stacks.environment.map(kindOf)).toEqual(expect.arrayContaining(["Namespace", "ResourceQuota", "LimitRange", "NetworkPolicy", "RoleBinding", "ConfigMap", "Deployment", "Service"]));
  });

  it("name every object, and label every environment object as the environment's (the pack tells environments by it)", () => {
    for (const r of [...envStack(), ...depSigning()]) expect(r.props.metadata?.name, `${r.type}`).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    for (const r of envStack()) expect(r.props.metadata.labels?.["releng.mozilla.org/stack-kind"], `${r.type} ${r.props.metadata.name}`).toBe("environment");
  });

  it("are what the API server accepts beyond the schema: no empty NetworkPolicy peer, container defaults for CPU and memory", () => {
    for (const r of envStack().filter((x) => kindOf(x) === "NetworkPolicy")) {
      for (const rule of [...(r.props.spec.ingress ?? []).map((i: any) => i.from ?? []), ...(r.props.spec.egress ?? []).map((e: any) => e.to ?? [])]) {
        for (const peer of rule) expect(Object.keys(peer).length, `${r.props.metadata.name}: ${JSON.stringify(peer)}`).toBeGreaterThan(0);
      }
    }
    const limits = envStack().find((x) => kindOf(x) === "LimitRange")!.props.spec.limits[0];
    for (const field of ["default", "defaultRequest", "max"]) expect(Object.keys(limits[field] ?? {}).sort(), field).toEqual(["cpu", "memory"]);
  });
});
