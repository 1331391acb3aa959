// releng:services:Archive under the SDK mocks (the same path as `npm run plan`), its schema, and
// what it adds to the environment's egress proxy.
import { describe, expect, it } from "vitest";
import { squidConfig } from "../../../../components/env/egressProxy";
import { seaweedS3Config, storeStartScript } from "../../../../components/services/archive/builders";
import { evaluateStack } from "../../../../tools/plan/evaluate";
import { isSecretValue } from "../../../../tools/plan/mocks";
import { envRaw, TODAY } from "../../../helpers";
import { kubeObject, planOf } from "../../../planHelpers";

const NS = "env-jane-fx150";
const withArchive = (archive: unknown, extra: Record<string, unknown> = {}) => envRaw({ services: { archive }, ...extra });

async function configProblems(raw: ReturnType<typeof envRaw>) {
  const plan = await evaluateStack(raw, { today: TODAY });
  return plan.configError?.problems ?? [];
}

describe("releng:services:Archive under mocks", () => {
  it("declares the store, the front, their Services and both Secrets under one component, schema-valid", async () => {
    const plan = await planOf(withArchive({}));
    expect(plan.schemaErrors).toEqual([]);
    const component = plan.resources.find((r) => r.type === "releng:services:Archive")!;
    const env = plan.resources.find((r) => r.type === "releng:env:Environment")!;
    const provider = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(component.parent).toBe(env.urn);
    for (const [kind, name] of [
      ["StatefulSet", "archive-store"],
      ["Service", "archive-store"],
      ["ConfigMap", "archive-store-start"],
      ["Secret", "archive-store-config"],
      ["Secret", "archive-s3-credentials"],
      ["Deployment", "archive-front"],
      ["Service", "archive"],
      ["ConfigMap", "archive-front-config"],
    ]) {
      const obj = kubeObject(plan, kind, name);
      expect(obj.metadata.namespace).toBe(NS);
      expect(obj.metadata.labels["releng.mozilla.org/service"]).toBe("archive");
      expect(obj.metadata.labels["releng.mozilla.org/stack-kind"]).toBe("environment");
      const resource = plan.resources.find((r) => r.custom && r.name === `${kind.toLowerCase()}-${name}`)!;
      expect(resource.parent, `${kind}/${name}`).toBe(component.urn);
      // The stack's one explicit provider reaches it through the parent chain.
      expect(resource.provider, `${kind}/${name}`).toBe(`${provider.urn}::kubernetes-id`);
    }
  });

  it("puts both Services on port 80 with the catalog's names", async () => {
    const plan = await planOf(withArchive({}));
    expect(kubeObject(plan, "Service", "archive").spec.ports).toEqual([{ name: "http", port: 80, targetPort: 8080 }]);
    expect(kubeObject(plan, "Service", "archive-store").spec.ports).toEqual([{ name: "s3", port: 80, targetPort: 8333 }]);
    expect(kubeObject(plan, "Service", "archive").spec.selector).toEqual(kubeObject(plan, "Deployment", "archive-front").spec.selector.matchLabels);
    expect(kubeObject(plan, "Service", "archive-store").spec.selector).toEqual(kubeObject(plan, "StatefulSet", "archive-store").spec.selector.matchLabels);
  });

  it("keeps the store's data on a claim of the configured size that survives sleep", async () => {
    const plan = await planOf(withArchive({ storeSize: "200Gi" }, { asleep: true }));
    const sts = kubeObject(plan, "StatefulSet", "archive-store");
    expect(sts.spec.replicas).toBe(0);
    expect(kubeObject(plan, "Deployment", "archive-front").spec.replicas).toBe(0);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("200Gi");
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenScaled: "Retain", whenDeleted: "Retain" });
    const awake = await planOf(withArchive({}));
    expect(kubeObject(awake, "StatefulSet", "archive-store").spec.replicas).toBe(1);
    expect(kubeObject(awake, "StatefulSet", "archive-store").spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("50Gi");
  });

  it("runs every container non-root, without privilege escalation or capabilities, with requests and limits", async () => {
    const plan = await planOf(withArchive({}));
    for (const w of [kubeObject(plan, "StatefulSet", "archive-store"), kubeObject(plan, "Deployment", "archive-front")]) {
      const pod = w.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        expect(c.resources.requests.cpu && c.resources.limits.memory).toBeTruthy();
      }
    }
    expect(kubeObject(plan, "Deployment", "archive-front").spec.template.spec.securityContext.runAsUser).toBe(101);
  });

  it("generates the S3 keys with @pulumi/random and hands them over only as secrets", async () => {
    const plan = await planOf(withArchive({}));
    expect(plan.resources.filter((r) => r.type.startsWith("random:")).map((r) => r.type).sort()).toEqual([
      "random:index/randomPassword:RandomPassword",
      "random:index/randomString:RandomString",
    ]);
    const secretResources = plan.resources.filter((r) => r.type === "kubernetes:core/v1:Secret");
    expect(secretResources).toHaveLength(2);
    for (const r of secretResources) expect(isSecretValue(r.inputs.stringData), r.name).toBe(true);
    const creds = kubeObject(plan, "Secret", "archive-s3-credentials").stringData;
    expect(Object.keys(creds).sort()).toEqual(["ARCHIVE_URL", "AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "S3_BUCKET", "S3_ENDPOINT"]);
    expect(creds.S3_ENDPOINT).toBe(`http://archive-store.${NS}.svc.cluster.local`);
    const s3json = JSON.parse(kubeObject(plan, "Secret", "archive-store-config").stringData["s3.json"]);
    expect(s3json.identities[1].credentials[0]).toEqual({ accessKey: creds.AWS_ACCESS_KEY_ID, secretKey: creds.AWS_SECRET_ACCESS_KEY });
    // The (mock) key values appear nowhere but inside those two secret inputs.
    const elsewhere = JSON.stringify({
      outputs: plan.outputs,
      others: plan.resources.filter((r) => r.type !== "kubernetes:core/v1:Secret" && !r.type.startsWith("random:")).map((r) => r.inputs),
    });
    expect(elsewhere).not.toContain(creds.AWS_SECRET_ACCESS_KEY);
    expect(elsewhere).not.toContain(creds.AWS_ACCESS_KEY_ID);
  });

  it("exports the archive URL prefix, the S3 endpoint and bucket", async () => {
    const plan = await planOf(withArchive({ fallback: "proxy", cutoff: "2026-11-20T12:00:00Z" }));
    expect(plan.outputs.archive).toMatchObject({
      archiveUrl: `http://archive.${NS}.svc.cluster.local/pub/`,
      s3Endpoint: `http://archive-store.${NS}.svc.cluster.local`,
      bucket: "archive",
      credentialsSecret: "archive-s3-credentials",
      fallback: "proxy",
      productionBaseUrl: "https://archive.mozilla.org",
      cutoff: "2026-11-20T12:00:00.000Z",
    });
  });

  it("adds exactly the production archive host to the egress allow-list", async () => {
    const without = await planOf(envRaw({ services: {} }));
    const withIt = await planOf(withArchive({ productionBaseUrl: "https://Archive.Example.org/" }));
    const hosts = (p: typeof without) => kubeObject(p, "ConfigMap", "egress-proxy-config").data["allow-hosts.txt"].split("\n").filter(Boolean);
    expect(hosts(withIt).filter((h: string) => !hosts(without).includes(h))).toEqual(["archive.example.org"]);
    expect(hosts(without)).not.toContain("archive.example.org");
    expect(kubeObject(withIt, "ConfigMap", "egress-proxy-config").data["squid.conf"]).toContain("acl allowed_hosts dstdomain archive.example.org\n");
  });

  it("redirect mode: the front never talks to production, and the proxy opens no origin port", async () => {
    const plan = await planOf(withArchive({ fallback: "redirect" }));
    const conf = kubeObject(plan, "ConfigMap", "archive-front-config").data["nginx.conf"];
    expect(conf).toContain("return 302 https://archive.mozilla.org$archive_path;");
    expect(conf).not.toContain("upstream archive_production");
    expect(kubeObject(plan, "Service", "egress-proxy").spec.ports.map((p: { port: number }) => p.port)).toEqual([3128]);
    expect(kubeObject(plan, "ConfigMap", "egress-proxy-config").data["squid.conf"]).not.toContain("accel");
  });

  it("proxy mode: the front reaches production only through the egress proxy's read-only origin port", async () => {
    const plan = await planOf(withArchive({ fallback: "proxy" }));
    const conf = kubeObject(plan, "ConfigMap", "archive-front-config").data["nginx.conf"];
    expect(conf).toContain(`upstream archive_production { server egress-proxy.${NS}.svc.cluster.local:3129; }`);
    expect(conf).toContain("proxy_set_header Host archive.mozilla.org;");
    expect(conf).toContain(`upstream archive_store { server archive-store.${NS}.svc.cluster.local:80; keepalive 8; }`);
    expect(kubeObject(plan, "Service", "egress-proxy").spec.ports).toContainEqual({ name: "prod-archive", port: 3129, targetPort: 3129 });
    const squid = kubeObject(plan, "ConfigMap", "egress-proxy-config").data["squid.conf"];
    expect(squid).toContain("http_port 3129 accel defaultsite=archive.mozilla.org no-vhost name=origin_prod-archive");
    expect(squid).toContain("cache_peer archive.mozilla.org parent 443 0 no-query no-digest originserver tls name=peer_prod-archive");
    expect(squid).toContain("http_access deny via_prod-archive !read_methods");
    // The origin rules come before the forward-proxy rules, which deny every plain request.
    expect(squid.indexOf("http_access allow via_prod-archive")).toBeLessThan(squid.indexOf("http_access deny !https_port"));
    expect(squid.trim().endsWith("http_access deny all")).toBe(true);
  });

  it("the pod template changes with the config, so a new config rolls the front", async () => {
    const a = await planOf(withArchive({ fallback: "redirect" }));
    const b = await planOf(withArchive({ fallback: "proxy" }));
    const sha = (p: typeof a) => kubeObject(p, "Deployment", "archive-front").spec.template.metadata.annotations["releng.mozilla.org/config-sha256"];
    expect(sha(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sha(a)).not.toBe(sha(b));
  });

  it("cutoff: checkedOut means 00:00 UTC of the checkout date", async () => {
    const plan = await planOf(withArchive({ fallback: "proxy", cutoff: "checkedOut" }, { checkedOut: "2026-11-20" }));
    expect(plan.outputs.archive).toMatchObject({ cutoff: "2026-11-20T00:00:00.000Z" });
    const conf = kubeObject(plan, "ConfigMap", "archive-front-config").data["nginx.conf"];
    expect(conf).toContain("auth_request /_archive_cutoff_check;");
    expect(conf).toContain("newer than the cut-off Fri, 20 Nov 2026 00:00:00 GMT");
  });
});

describe("archive settings: bad input gets a clear error", () => {
  it.each([
    [{ fallback: "mirror" }, "releng-envs:services.archive.fallback", /redirect or proxy/],
    [{ productionBaseUrl: "http://archive.mozilla.org" }, "releng-envs:services.archive.productionBaseUrl", /must be an https URL/],
    [{ productionBaseUrl: "https://archive.mozilla.org/pub" }, "releng-envs:services.archive.productionBaseUrl", /has a path; write the origin alone/],
    [{ cutoff: "yesterday" }, "releng-envs:services.archive.cutoff", /checkedOut or a UTC instant/],
    [{ cutoff: "2026-11-20T00:00:00Z" }, "releng-envs:services.archive.cutoff", /needs fallback: proxy/],
    [{ storeSize: "lots" }, "releng-envs:services.archive.storeSize", /storage size/],
    [{ bucketName: "x" }, "releng-envs:services.archive.bucketName", /not a known key/],
  ])("%j → %s", async (archive, key, problem) => {
    const problems = await configProblems(withArchive(archive));
    const p = problems.find((x) => x.key === key);
    expect(p, JSON.stringify(problems)).toBeDefined();
    expect(p!.problem).toMatch(problem);
    expect(p!.fix.length).toBeGreaterThan(10);
  });

  it("cutoff: checkedOut without a checkout date names the key and the fix, and declares nothing", async () => {
    const plan = await evaluateStack(withArchive({ fallback: "proxy", cutoff: "checkedOut" }), { today: TODAY });
    expect(plan.configError?.problems).toEqual([expect.objectContaining({ key: "releng-envs:services.archive.cutoff", fix: expect.stringContaining("checkedOut") })]);
    expect(plan.configError?.message).toContain("stacks/Pulumi.env-jane-fx150.yaml");
    // Found while planning, before the namespace or any other service's object is registered.
    expect(plan.resources).toHaveLength(0);
  });

  it("finds the archive's cut-off problem before Balrog, declared first, registers anything", async () => {
    const plan = await evaluateStack(envRaw({ services: { balrog: {}, archive: { fallback: "proxy", cutoff: "checkedOut" } } }), { today: TODAY });
    expect(plan.configError?.problems.map((p) => p.key)).toEqual(["releng-envs:services.archive.cutoff"]);
    expect(plan.resources).toHaveLength(0);
  });

  it("reports the archive's cut-off and another service's problem together, before any resource", async () => {
    const raw = envRaw({ services: { balrog: {}, bouncer: {}, archive: { fallback: "proxy", cutoff: "checkedOut" } } });
    const plan = await evaluateStack(raw, { today: TODAY });
    expect(plan.configError?.problems.map((p) => p.key)).toEqual([
      "releng-envs:services.bouncer.images.redirector",
      "releng-envs:services.bouncer.images.admin",
      "releng-envs:services.archive.cutoff",
    ]);
    expect(plan.resources).toHaveLength(0);
  });
});

describe("archive builders", () => {
  it("gives anonymous callers read of the one bucket only", () => {
    const cfg = JSON.parse(seaweedS3Config("AK", "SK", "archive"));
    expect(cfg.identities[0]).toEqual({ name: "anonymous", actions: ["Read:archive"] });
    expect(cfg.identities[1].actions).toContain("Write");
  });

  it("creates the bucket on start and fails the pod when it still does not exist", () => {
    const s = storeStartScript("archive");
    expect(s).toContain('echo "s3.bucket.create --name archive" | /usr/bin/weed shell -master=127.0.0.1:9333 -filer=127.0.0.1:8888');
    expect(s).toMatch(/if ! wget -q -O \/dev\/null "http:\/\/127\.0\.0\.1:8888\/buckets\/archive\/"; then\n.*exit 1/);
    expect(s).toContain("-s3 -s3.port=8333 -s3.config=/etc/archive-store/s3.json &");
  });

  it("squid refuses an origin that is not on the allow-list", () => {
    expect(() => squidConfig([], [{ name: "prod-archive", port: 3129, host: "archive.mozilla.org" }])).toThrow(/not on the allow-list/);
    expect(() => squidConfig(["a.org"], [{ name: "x", port: 3128, host: "a.org" }])).toThrow(/already used/);
  });
});
