import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BOUNCER, GO_BOUNCER_SCHEMA_PATH } from "../../../catalog/bouncer";
import { upstreamData } from "../../../catalog/upstreamContract";
import { BOUNCER_PRODUCTION_CDN } from "../../../catalog/endpoints";
import { bouncerDsn, platformsSql } from "../../../components/services/bouncer/builders";
import { isSecretValue, redactSecrets, unwrapSecrets } from "../../../tools/plan/mocks";
import { kubeObject, kubeObjectsOfKind, planOf } from "../../planHelpers";
import { BOUNCER_SETTINGS, envWith } from "./fixtures";

const envOf = (c: { env?: { name: string; value?: string; valueFrom?: unknown }[] }) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

describe("releng:services:Bouncer", () => {
  it("points go-bouncer at the environment's archive front when the archive is checked out", async () => {
    const plan = await planOf(envWith(["bouncer", "archive"]));
    const env = envOf(kubeObject(plan, "Deployment", "bouncer").spec.template.spec.containers[0]);
    expect(env.BOUNCER_PINNED_BASEURL_HTTP).toBe("archive.env-jane-fx150.svc.cluster.local/pub");
    expect(env.BOUNCER_PINNED_BASEURL_HTTPS).toBe("archive.env-jane-fx150.svc.cluster.local/pub");
    expect(plan.outputs.bouncer).toMatchObject({ downloadsFrom: "archive" });
  });

  it("redirects to the archive's public host when the environment is published, so a task outside the cluster can follow it", async () => {
    const plan = await planOf(envWith(["bouncer", "archive"], { ingress: { domain: "envs.example.org" } }));
    const env = envOf(kubeObject(plan, "Deployment", "bouncer").spec.template.spec.containers[0]);
    const handedOut = new URL((plan.outputs.stagingRelease as { endpoints: Record<string, { url: string }> }).endpoints.archivePrefix.url);
    expect(handedOut.protocol).toBe("https:");
    expect(env.BOUNCER_PINNED_BASEURL_HTTPS).toBe(`${handedOut.host}${handedOut.pathname}`);
    expect(env.BOUNCER_PINNED_BASEURL_HTTPS).toMatch(/^archive\.jane-fx150\.envs\.example\.org\/pub$/);
    expect(env.BOUNCER_PINNED_BASEURL_HTTP).toBe(env.BOUNCER_PINNED_BASEURL_HTTPS);
  });

  it("points go-bouncer at the configured production CDN otherwise", async () => {
    const dflt = await planOf(envWith(["bouncer"]));
    const env = envOf(kubeObject(dflt, "Deployment", "bouncer").spec.template.spec.containers[0]);
    expect(env.BOUNCER_PINNED_BASEURL_HTTP).toBe(BOUNCER_PRODUCTION_CDN.http);
    expect(env.BOUNCER_PINNED_BASEURL_HTTPS).toBe(BOUNCER_PRODUCTION_CDN.https);
    const custom = await planOf(envWith(["bouncer"], { services: { bouncer: { ...BOUNCER_SETTINGS, cdn: { http: "cdn.test/pub", https: "secure.cdn.test/pub" } } } }));
    const env2 = envOf(kubeObject(custom, "Deployment", "bouncer").spec.template.spec.containers[0]);
    expect([env2.BOUNCER_PINNED_BASEURL_HTTP, env2.BOUNCER_PINNED_BASEURL_HTTPS]).toEqual(["cdn.test/pub", "secure.cdn.test/pub"]);
  });

  it("configures go-bouncer from env vars it reads, the DSN from a Secret", async () => {
    const plan = await planOf(envWith(["bouncer"]));
    const c = kubeObject(plan, "Deployment", "bouncer").spec.template.spec.containers[0];
    expect(c.image).toBe("registry.test/go-bouncer:1");
    // The image's CMD would bind 127.0.0.1 with a flag; the binary alone honours BOUNCER_ADDR.
    expect(c.command).toEqual(["go-bouncer"]);
    expect(c.args).toBeUndefined();
    expect(envOf(c).BOUNCER_ADDR).toBe(":8000");
    expect(envOf(c).BOUNCER_DB_DSN).toEqual({ secretKeyRef: { name: "bouncer-db", key: "BOUNCER_DB_DSN" } });
    expect(c.readinessProbe.httpGet).toEqual({ path: "/__heartbeat__", port: 8000 });
    expect(c.livenessProbe.httpGet).toEqual({ path: "/__lbheartbeat__", port: 8000 });
  });

  it("configures bouncer-admin with a MySQL host name, its user and Basic-auth users from Secrets", async () => {
    const plan = await planOf(envWith(["bouncer"]));
    const c = kubeObject(plan, "Deployment", "bouncer-admin").spec.template.spec.containers[0];
    const env = envOf(c);
    expect(env.DATABASE_URL).toBe("bouncer-mysql.env-jane-fx150.svc.cluster.local");
    expect(env.DB_USER).toBe("bouncer");
    expect(env.DB_NAME).toBe("bouncer");
    expect(env.DB_PASS).toEqual({ secretKeyRef: { name: "bouncer-mysql", key: "MYSQL_PASSWORD" } });
    expect(env.AUTH_USERS).toEqual({ secretKeyRef: { name: "bouncer-admin-auth", key: "AUTH_USERS" } });
    expect(c.readinessProbe.httpGet.path).toBe("/__heartbeat__");
    expect(c.livenessProbe.httpGet.path).toBe("/__lbheartbeat__");
  });

  it("generates a password per admin user and keeps every credential a Pulumi secret", async () => {
    const plan = await planOf(envWith(["bouncer"], { services: { bouncer: { ...BOUNCER_SETTINGS, adminUsers: ["releng", "ciduty"] } } }));
    const secrets = plan.resources.filter((r) => r.type === "kubernetes:core/v1:Secret");
    expect(secrets.map((s) => s.inputs.metadata && (s.inputs.metadata as { name: string }).name).sort()).toEqual(["bouncer-admin-auth", "bouncer-db", "bouncer-mysql"]);
    for (const s of secrets) expect(isSecretValue(s.inputs.stringData), s.name).toBe(true);
    const auth = JSON.parse((unwrapSecrets(secrets.find((s) => s.name.endsWith("bouncer-admin-auth"))!.inputs.stringData) as { AUTH_USERS: string }).AUTH_USERS);
    expect(Object.keys(auth).sort()).toEqual(["ciduty", "releng"]);
    expect(auth.ciduty).not.toBe(auth.releng);
    const dsn = (unwrapSecrets(secrets.find((s) => s.name.endsWith("bouncer-db"))!.inputs.stringData) as { BOUNCER_DB_DSN: string }).BOUNCER_DB_DSN;
    expect(dsn).toMatch(/^bouncer:[A-Za-z0-9-]+@tcp\(bouncer-mysql\.env-jane-fx150\.svc\.cluster\.local:3306\)\/bouncer$/);
    // No generated value appears anywhere once secrets are redacted (what files and reports show).
    const passwords = plan.resources.filter((r) => r.type.startsWith("random:")).length;
    expect(passwords).toBe(4);
    expect(JSON.stringify(plan.resources.map((r) => redactSecrets(r.inputs)))).not.toMatch(/generated-/);
    expect(JSON.stringify(redactSecrets(plan.outputs))).not.toMatch(/generated-/);
  });

  it("runs MySQL 8 as a StatefulSet with a volume and initialises go-bouncer's schema on first start", async () => {
    const plan = await planOf(envWith(["bouncer"]));
    const sts = kubeObject(plan, "StatefulSet", "bouncer-mysql");
    const pod = sts.spec.template.spec;
    expect(pod.containers[0].image).toBe("mysql:8.0");
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("5Gi");
    expect(envOf(pod.containers[0])).toMatchObject({ MYSQL_DATABASE: "bouncer", MYSQL_USER: "bouncer" });
    expect(envOf(pod.containers[0]).MYSQL_ROOT_PASSWORD).toEqual({ secretKeyRef: { name: "bouncer-mysql", key: "MYSQL_ROOT_PASSWORD" } });
    const fetch = pod.initContainers[0];
    expect(envOf(fetch).SCHEMA_URL).toBe(BOUNCER.schemaUrl);
    expect(envOf(fetch).HTTPS_PROXY).toBe("http://egress-proxy.env-jane-fx150.svc.cluster.local:3128");
    const mounts = (c: { volumeMounts: { name: string; mountPath: string }[] }) => Object.fromEntries(c.volumeMounts.map((m) => [m.mountPath, m.name]));
    expect(mounts(fetch)["/initdb"]).toBe(mounts(pod.containers[0])["/docker-entrypoint-initdb.d"]);
    const init = kubeObject(plan, "ConfigMap", "bouncer-mysql-init").data;
    expect(init["fetch-schema.sh"]).toContain('-o /initdb/01-schema.sql "$SCHEMA_URL"');
    expect(init["fetch-schema.sh"]).toMatch(/if \[ -d \/var\/lib\/mysql\/mysql \]; then .*exit 0; fi/);
    expect(init["02-platforms.sql"]).toContain("INSERT INTO mirror_os (name, priority) VALUES");
    for (const p of ["win64", "osx", "linux64-aarch64"]) expect(init["02-platforms.sql"]).toContain(`('${p}', 0)`);
    // The schema host, and only it, is on the egress allow-list for Bouncer.
    const hosts = kubeObject(plan, "ConfigMap", "egress-proxy-config").data["allow-hosts.txt"].split("\n");
    expect(hosts).toEqual(["raw.githubusercontent.com"]);
  });

  it("serves the redirector and the admin API as Services bouncer and bouncer-admin on port 80", async () => {
    const plan = await planOf(envWith(["bouncer"]));
    for (const [name, component] of [["bouncer", "redirector"], ["bouncer-admin", "admin"]]) {
      const svc = kubeObject(plan, "Service", name);
      expect(svc.spec.ports).toEqual([{ name: "main", port: 80, targetPort: 8000, protocol: "TCP" }]);
      expect(svc.spec.selector).toEqual({ "app.kubernetes.io/name": "bouncer", "app.kubernetes.io/component": component });
      expect(kubeObject(plan, "Deployment", name).spec.template.metadata.labels).toMatchObject(svc.spec.selector);
    }
    expect(plan.outputs.bouncer).toMatchObject({ redirectorUrl: "http://bouncer.env-jane-fx150.svc.cluster.local", adminApiUrl: "http://bouncer-admin.env-jane-fx150.svc.cluster.local/api" });
  });

  it("scales every workload to zero when asleep, keeping the volume claim", async () => {
    const plan = await planOf(envWith(["bouncer"], { asleep: true }));
    expect(kubeObject(plan, "StatefulSet", "bouncer-mysql").spec.replicas).toBe(0);
    expect(kubeObject(plan, "StatefulSet", "bouncer-mysql").spec.volumeClaimTemplates).toHaveLength(1);
    expect(kubeObject(plan, "Deployment", "bouncer").spec.replicas).toBe(0);
    expect(kubeObject(plan, "Deployment", "bouncer-admin").spec.replicas).toBe(0);
  });

  it("declares schema-valid, labelled, restricted workloads under the component", async () => {
    const plan = await planOf(envWith(["bouncer"]));
    expect(plan.schemaErrors).toEqual([]);
    const component = plan.resources.find((r) => r.type === "releng:services:Bouncer")!;
    const own = plan.kubeObjects.filter((k) => k.resource.parent === component.urn);
    expect(own).toHaveLength(10);
    for (const { object } of own) expect((object.metadata as { labels: Record<string, string> }).labels).toMatchObject({ "releng.mozilla.org/service": "bouncer", "releng.mozilla.org/stack-kind": "environment" });
    for (const w of [...kubeObjectsOfKind(plan, "Deployment"), ...kubeObjectsOfKind(plan, "StatefulSet")]) {
      const pod = w.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        expect(c.securityContext, c.name).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
        expect(c.resources.requests && c.resources.limits, c.name).toBeTruthy();
      }
    }
  });

  it("refuses a stack that names no go-bouncer or bouncer-admin image, saying how to get one", async () => {
    const { evaluateStack } = await import("../../../tools/plan/evaluate");
    const plan = await evaluateStack(envWith(["bouncer"], { services: { bouncer: {} } }), { today: "2026-11-21" });
    expect(plan.configError?.problems.map((p) => p.key)).toEqual(["releng-envs:services.bouncer.images.redirector", "releng-envs:services.bouncer.images.admin"]);
    expect(plan.configError?.problems[0].fix).toMatch(/Dockerfile/);
    expect(plan.resources).toHaveLength(0);
  });
});

describe("Bouncer builders", () => {
  it("seeds each platform once and refuses anything that is not a plain identifier", () => {
    expect(platformsSql(["win", "win", "osx"]).match(/\('win', 0\)/g)).toHaveLength(1);
    expect(() => platformsSql(["win'); DROP TABLE x; --"])).toThrow(/plain identifier/);
  });

  it("builds go-sql-driver DSNs for the environment's MySQL", () => {
    expect(bouncerDsn("env-a", "pw")).toBe("bouncer:pw@tcp(bouncer-mysql.env-a.svc.cluster.local:3306)/bouncer");
  });
});

describe("go-bouncer schema pin", () => {
  it("is the file at the commit of the contract data (read from go-bouncer's main branch), and that file exists there", () => {
    const { repository, commit, apps } = upstreamData()["go-bouncer"];
    expect(BOUNCER.schemaUrl).toBe(`https://raw.githubusercontent.com/${repository}/${commit}/${GO_BOUNCER_SCHEMA_PATH}`);
    // go-bouncer's Dockerfile copies the whole repository to /app.
    expect(apps.redirector.image.files).toContain(`/app/${GO_BOUNCER_SCHEMA_PATH}`);
  });

  const mirror = "/work/.mirror/mozilla-services+go-bouncer/repo";
  it.skipIf(!existsSync(mirror))("is on go-bouncer's main branch (needs a local mirror: skipped without one)", () => {
    const { commit } = upstreamData()["go-bouncer"];
    const main = execFileSync("git", ["--git-dir", mirror, "rev-parse", "--verify", "HEAD"], { encoding: "utf8" }).trim();
    expect(() => execFileSync("git", ["--git-dir", mirror, "merge-base", "--is-ancestor", commit, main])).not.toThrow();
  });
});
