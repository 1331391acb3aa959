// releng:services:Balrog under the SDK's mocks (the same path as `npm run plan`), and its pure builders.
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PROD_DUMP_URL } from "../../../../catalog/balrog";
import { historyBucketEnv } from "../../../../components/services/balrog/app";
import { balrogEgressHosts } from "../../../../components/services/balrog/common";
import { seedJobName } from "../../../../components/services/balrog/seed";
import { SEED_SCRIPT_PATH, seedScriptText } from "../../../../components/services/balrog/seedScript";
import { balrogSchema } from "../../../../stacks/schema/services/balrog";
import { rawConfigFromFile } from "../../../../stacks/stackFile";
import { isSecretValue, redactSecrets } from "../../../../tools/plan/mocks";
import { evaluateStack } from "../../../../tools/plan/evaluate";
import { envRaw, TODAY } from "../../../helpers";
import { kubeObject, kubeObjectsOfKind, planOf } from "../../../planHelpers";

const NS = "env-jane-fx150";
const ADMIN_HOST = `balrog-admin.${NS}.svc.cluster.local`;

const envOf = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
const container = (d: any, name: string) => d.spec.template.spec.containers.find((c: any) => c.name === name);
const balrogRaw = (balrog: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}, extra = {}) =>
  envRaw({ services: { balrog }, ...overrides }, extra);

describe("releng:services:Balrog under mocks", () => {
  it("runs admin as stage: STAGING, stage Auth0, local-mode history buckets, secrets by reference", async () => {
    const plan = await planOf(balrogRaw());
    const admin = container(kubeObject(plan, "Deployment", "balrog-admin"), "admin");
    expect(admin.image).toBe("mozilla/balrog:v3.119");
    expect(admin.args).toEqual(["admin"]);
    const env = envOf(admin);
    expect(env).toMatchObject({
      PORT: "7070",
      STAGING: "1",
      LOCALDEV: "1",
      RELEASES_HISTORY_BUCKET: "balrog-prod-release-history-v1",
      NIGHTLY_HISTORY_BUCKET: "balrog-prod-nightly-history-v1",
      AUTH0_DOMAIN: "auth.mozilla.auth0.com",
      AUTH0_AUDIENCE: "balrog-cloudops-stage",
      HTTPS_PROXY: `http://egress-proxy.${NS}.svc.cluster.local:3128`,
      DBURI: { secretKeyRef: { name: "balrog-db", key: "DBURI" } },
      SECRET_KEY: { secretKeyRef: { name: "balrog-app", key: "SECRET_KEY" } },
    });
    // Removed from uwsgi/admin.wsgi in Feb 2026 (catalog/upstream/balrog.json: admin reads none of them).
    for (const gone of ["AUTH0_CLIENT_ID", "AUTH0_REDIRECT_URI", "AUTH0_RESPONSE_TYPE", "AUTH0_SCOPE"]) expect(env).not.toHaveProperty(gone);
    // Local mode means no credentials file at all (uwsgi/admin.wsgi then skips bucket writes).
    expect(env).not.toHaveProperty("GOOGLE_APPLICATION_CREDENTIALS");
  });

  it("gives public the DB and port, and Redis only when the cache flag is on", async () => {
    const plain = await planOf(balrogRaw());
    const pub = envOf(container(kubeObject(plain, "Deployment", "balrog-public"), "public"));
    expect(pub).toMatchObject({ PORT: "9010", STAGING: "1", DBURI: { secretKeyRef: { name: "balrog-db", key: "DBURI" } } });
    expect(pub).not.toHaveProperty("REDIS_CACHE");
    expect(kubeObjectsOfKind(plain, "Deployment").map((d) => d.metadata.name)).not.toContain("balrog-redis");

    const cached = await planOf(balrogRaw({ redisCache: true }));
    const env = envOf(container(kubeObject(cached, "Deployment", "balrog-public"), "public"));
    expect(env).toMatchObject({ REDIS_CACHE: "1", REDIS_URL: `redis://balrog-redis.${NS}.svc.cluster.local:6379/0` });
    const redisService = kubeObject(cached, "Service", "balrog-redis");
    expect(redisService.spec.selector).toEqual(kubeObject(cached, "Deployment", "balrog-redis").spec.selector.matchLabels);
    expect(cached.schemaErrors).toEqual([]);
  });

  it("points the agent at the admin API root (served at /, no /api) and stage Auth0, credentials by reference", async () => {
    const plan = await planOf(balrogRaw());
    const agent = kubeObject(plan, "Deployment", "balrog-agent");
    expect(container(agent, "agent").image).toBe("mozilla/balrogagent:v3.119");
    expect(envOf(container(agent, "agent"))).toMatchObject({
      BALROG_API_ROOT: `http://${ADMIN_HOST}`,
      AUTH0_DOMAIN: "auth.mozilla.auth0.com",
      AUTH0_AUDIENCE: "balrog-cloudops-stage",
      AUTH0_M2M_CLIENT_ID: { secretKeyRef: { name: "balrog-agent", key: "AUTH0_M2M_CLIENT_ID" } },
      AUTH0_M2M_CLIENT_SECRET: { secretKeyRef: { name: "balrog-agent", key: "AUTH0_M2M_CLIENT_SECRET" } },
    });
    expect(envOf(container(agent, "agent"))).toHaveProperty("TELEMETRY_API_ROOT");
    // It waits for admin's DB heartbeat instead of crash-looping.
    expect(agent.spec.template.spec.initContainers[0].command.join(" ")).toContain(`http://${ADMIN_HOST}/__heartbeat__`);
  });

  it("gives the agent (aiohttp, ignores HTTPS_PROXY) a TLS forwarder to exactly its Auth0 host, through the egress proxy", async () => {
    const plan = await planOf(balrogRaw());
    const pod = kubeObject(plan, "Deployment", "balrog-agent").spec.template.spec;
    expect(envOf(container({ spec: { template: { spec: pod } } }, "agent"))).not.toHaveProperty("HTTPS_PROXY");
    // auth.mozilla.auth0.com resolves to the forwarder's loopback address inside the pod...
    expect(pod.hostAliases).toEqual([{ ip: "127.0.0.2", hostnames: ["auth.mozilla.auth0.com"] }]);
    const forwarder = pod.containers.find((c: any) => c.name === "tls-forwarder-1");
    // ...which tunnels to that host only, over CONNECT through the egress proxy (whose allow-list lists it).
    expect(forwarder.command).toEqual(["socat", "TCP4-LISTEN:443,bind=127.0.0.2,fork,reuseaddr", `PROXY:egress-proxy.${NS}.svc.cluster.local:auth.mozilla.auth0.com:443,proxyport=3128`]);
    expect(balrogEgressHosts(balrogSchema.parse({}))).toContain("auth.mozilla.auth0.com");
    // Non-root on 443 through a namespaced sysctl the restricted profile allows; no capability added.
    expect(pod.securityContext.sysctls).toEqual([{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }]);
    expect(forwarder.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsUser: 10001 });
    expect(plan.schemaErrors).toEqual([]);
  });

  it("rolls admin out before public: public depends on the admin Deployment (schema changes reach admin first)", async () => {
    const plan = await planOf(balrogRaw());
    const admin = plan.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name.endsWith("balrog-admin"));
    const pub = plan.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name.endsWith("balrog-public"));
    expect(admin && pub).toBeTruthy();
    expect(pub!.dependsOn).toContain(admin!.urn);
  });

  it("grants the stage submitters pinnable_release (balrogscript marks releases pinnable) and turns TLS off for MySQL 8", async () => {
    const plan = await planOf(balrogRaw());
    const seed = kubeObjectsOfKind(plan, "Job")[0].spec.template.spec.containers[0];
    expect(envOf(seed).SUBMITTER_PERMISSIONS.split("\n")).toContain("pinnable_release:");
    // Every MariaDB client call of the seed (and of the wait container, the same script) passes --ssl=off,
    // as balrog's scripts/initdb_and_run.sh does against MySQL 8's self-signed certificate.
    const calls = seedScriptText().split("\n").filter((l) => /^[^#\[]*"\$MYSQL_BIN" /.test(l));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call).toContain("--ssl=off");
  });

  it("probes liveness on /__lbheartbeat__ and readiness on /__heartbeat__ at the container's port", async () => {
    const plan = await planOf(balrogRaw());
    for (const [name, port] of [
      ["balrog-admin", 7070],
      ["balrog-public", 9010],
    ] as const) {
      const c = kubeObject(plan, "Deployment", name).spec.template.spec.containers[0];
      expect(c.ports[0].containerPort).toBe(port);
      expect(c.livenessProbe.httpGet).toEqual({ path: "/__lbheartbeat__", port });
      expect(c.readinessProbe.httpGet).toEqual({ path: "/__heartbeat__", port });
    }
  });

  it("exposes balrog-admin and balrog-public on port 80, selecting their own pods", async () => {
    const plan = await planOf(balrogRaw());
    for (const [name, port] of [
      ["balrog-admin", 7070],
      ["balrog-public", 9010],
    ] as const) {
      const svc = kubeObject(plan, "Service", name);
      expect(svc.spec.ports).toEqual([{ name: "http", port: 80, targetPort: port }]);
      const pods = kubeObject(plan, "Deployment", name).spec.template.metadata.labels;
      for (const [k, v] of Object.entries(svc.spec.selector)) expect(pods[k]).toBe(v);
      expect(pods["releng.mozilla.org/service"]).toBe("balrog");
      expect(pods["releng.mozilla.org/stack-kind"]).toBe("environment");
    }
    const db = kubeObject(plan, "Service", "balrog-db");
    expect(db.spec.selector).toEqual(kubeObject(plan, "StatefulSet", "balrog-db").spec.selector.matchLabels);
  });

  it("wires MySQL: StatefulSet on its own PVC, credentials from one Secret, DBURI to the db Service", async () => {
    const plan = await planOf(balrogRaw({ sizes: { databaseStorage: "20Gi" } }));
    const sts = kubeObject(plan, "StatefulSet", "balrog-db");
    const mysql = sts.spec.template.spec.containers[0];
    expect(mysql.image).toBe("mysql:8.0");
    expect(envOf(mysql)).toMatchObject({
      MYSQL_DATABASE: "balrog",
      MYSQL_USER: "balrog",
      MYSQL_PASSWORD: { secretKeyRef: { name: "balrog-db", key: "MYSQL_PASSWORD" } },
      MYSQL_ROOT_PASSWORD: { secretKeyRef: { name: "balrog-db", key: "MYSQL_ROOT_PASSWORD" } },
    });
    expect(sts.spec.template.spec.volumes[0]).toEqual({ name: "data", persistentVolumeClaim: { claimName: "balrog-db-data" } });
    expect(kubeObject(plan, "PersistentVolumeClaim", "balrog-db-data").spec.resources.requests.storage).toBe("20Gi");
    const secret = kubeObject(plan, "Secret", "balrog-db").stringData;
    expect(secret.DBURI).toBe(`mysql://balrog:${secret.MYSQL_PASSWORD}@balrog-db.${NS}.svc.cluster.local:3306/balrog`);
    expect(secret.MYSQL_PASSWORD).not.toBe(secret.MYSQL_ROOT_PASSWORD);
  });

  it("keeps every secret value wrapped as a Pulumi secret, from config or generated, and out of outputs", async () => {
    const values = { balrog: { secretKey: "configured-secret-key-value", auth0M2mClientId: "configured-m2m-id", auth0M2mClientSecret: "configured-m2m-secret" } };
    const plan = await planOf(balrogRaw({}, { secrets: values }, { secretKeys: ["secrets"] }));
    const secrets = plan.resources.filter((r) => r.type === "kubernetes:core/v1:Secret");
    expect(secrets.map((r) => (r.inputs.metadata as any).name).sort()).toEqual(["balrog-agent", "balrog-app", "balrog-db"]);
    for (const r of secrets) expect(isSecretValue(r.inputs.stringData), r.name).toBe(true);
    // Wiring: the configured values reach the right keys...
    expect(kubeObject(plan, "Secret", "balrog-app").stringData).toEqual({ SECRET_KEY: "configured-secret-key-value" });
    expect(kubeObject(plan, "Secret", "balrog-agent").stringData).toEqual({ AUTH0_M2M_CLIENT_ID: "configured-m2m-id", AUTH0_M2M_CLIENT_SECRET: "configured-m2m-secret" });
    // ...and appear nowhere outside a secret wrapper: not in any resource's inputs, not in outputs.
    const generated = kubeObject(plan, "Secret", "balrog-db").stringData.MYSQL_ROOT_PASSWORD as string;
    const visible = JSON.stringify(plan.resources.map((r) => redactSecrets(r.inputs))) + JSON.stringify(redactSecrets(plan.outputs));
    for (const v of ["configured-secret-key-value", "configured-m2m-id", "configured-m2m-secret", generated]) expect(visible).not.toContain(v);
    // Random passwords are declared per environment.
    expect(plan.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword").length).toBeGreaterThanOrEqual(2);
  });

  it("generates SECRET_KEY and M2M placeholders when no secret config is given", async () => {
    const plan = await planOf(balrogRaw());
    expect(kubeObject(plan, "Secret", "balrog-app").stringData.SECRET_KEY).toMatch(/^generated-balrog-secret-key/);
    expect(plan.resources.some((r) => r.type === "random:index/randomString:RandomString" && r.name === "balrog-m2m-client-id")).toBe(true);
  });

  it("runs the shipped seed script from a ConfigMap in a Job that writes only its provenance ConfigMap", async () => {
    const plan = await planOf(balrogRaw());
    expect(kubeObject(plan, "ConfigMap", "balrog-seed-script").data["balrog-seed.sh"]).toBe(fs.readFileSync(SEED_SCRIPT_PATH, "utf8"));
    const job = kubeObjectsOfKind(plan, "Job")[0];
    expect(job.metadata.name).toMatch(/^balrog-seed-g1-[0-9a-f]{8}$/);
    const pod = job.spec.template.spec;
    expect(pod.volumes.find((v: any) => v.name === "seed-script").configMap.name).toBe("balrog-seed-script");
    const seed = pod.containers[0];
    expect(seed.command).toEqual(["bash", "/seed/balrog-seed.sh", "seed"]);
    expect(envOf(seed)).toMatchObject({
      SEED_SOURCE: "prod-dump",
      DUMP_URL: PROD_DUMP_URL,
      DB_HOST: `balrog-db.${NS}.svc.cluster.local`,
      DB_PASSWORD: { secretKeyRef: { name: "balrog-db", key: "MYSQL_ROOT_PASSWORD" } },
      HOLDER: "jane.doe@mozilla.com",
      AGENT_ACCOUNT: "balrogagent",
      SIGNOFF_PRODUCT: "Firefox",
      SIGNOFF_CHANNEL: "release",
      SCHEMA_UPGRADE_CMD: "cd /app && /app/scripts/run.sh upgrade-db",
      PROVENANCE_CONFIGMAP: "balrog-seed-provenance",
      NAMESPACE: NS,
      HTTPS_PROXY: `http://egress-proxy.${NS}.svc.cluster.local:3128`,
    });
    expect(envOf(seed).SUBMITTERS).toContain("balrog-stage-ffxbld:Firefox");
    // RBAC: the Job's service account may get/patch the one provenance ConfigMap, nothing more.
    expect(pod.serviceAccountName).toBe("balrog-seed");
    const role = kubeObject(plan, "Role", "balrog-seed-provenance-writer");
    expect(role.rules).toEqual([{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["balrog-seed-provenance"], verbs: ["get", "patch"] }]);
    const binding = kubeObject(plan, "RoleBinding", "balrog-seed-provenance-writer");
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "balrog-seed-provenance-writer" });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "balrog-seed", namespace: NS }]);
    // Later plans leave what the job wrote alone.
    const cm = plan.resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && (r.inputs.metadata as any).name === "balrog-seed-provenance")!;
    expect(cm.options.ignoreChanges).toEqual(["data"]);
  });

  it("makes admin and public wait for the seed (init container) and declares them after the Job", async () => {
    const plan = await planOf(balrogRaw({ seed: { source: "prod-dump", generation: 3 } }));
    const jobUrn = plan.resources.find((r) => r.type === "kubernetes:batch/v1:Job")!.urn;
    for (const name of ["balrog-admin", "balrog-public"]) {
      const init = kubeObject(plan, "Deployment", name).spec.template.spec.initContainers[0];
      expect(init.command).toEqual(["bash", "/seed/balrog-seed.sh", "wait"]);
      expect(envOf(init)).toMatchObject({ SEED_GENERATION: "3", DB_USER: "balrog", DB_PASSWORD: { secretKeyRef: { name: "balrog-db", key: "MYSQL_PASSWORD" } } });
      const resource = plan.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && (r.inputs.metadata as any).name === name)!;
      expect(resource.dependsOn).toContain(jobUrn);
    }
  });

  it("exports the admin API root (the app serves its API at /), the public URL and the seed provenance", async () => {
    const plan = await planOf(balrogRaw());
    expect(plan.outputs.balrog).toMatchObject({
      adminApiRoot: `http://${ADMIN_HOST}`,
      publicUrl: `http://balrog-public.${NS}.svc.cluster.local`,
      seed: { source: "prod-dump", url: PROD_DUMP_URL, generation: 1, provenanceConfigMap: "balrog-seed-provenance", provenance: { source: "prod-dump", url: PROD_DUMP_URL } },
    });
    expect((plan.outputs.balrog as any).seed.readWith).toBe(`kubectl -n ${NS} get configmap balrog-seed-provenance -o jsonpath='{.data}'`);
  });

  it("asleep: every Balrog workload at zero replicas, the seed Job suspended, the data volume kept", async () => {
    const plan = await planOf(balrogRaw({ redisCache: true }, { asleep: true }));
    const workloads = [...kubeObjectsOfKind(plan, "Deployment"), ...kubeObjectsOfKind(plan, "StatefulSet")].filter((w) => w.metadata.labels["releng.mozilla.org/service"] === "balrog");
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(["balrog-admin", "balrog-agent", "balrog-db", "balrog-public", "balrog-redis"]);
    for (const w of workloads) expect(w.spec.replicas, w.metadata.name).toBe(0);
    expect(kubeObjectsOfKind(plan, "Job")[0].spec.suspend).toBe(true);
    expect(kubeObject(plan, "PersistentVolumeClaim", "balrog-db-data")).toBeTruthy();
    const awake = await planOf(balrogRaw());
    expect(kubeObject(awake, "StatefulSet", "balrog-db").spec.replicas).toBe(1);
    expect(kubeObjectsOfKind(awake, "Job")[0].spec.suspend).toBe(false);
  });

  it("puts only the stage Auth0 domain and the dump's host on the egress allow-list, derived from the configured URL", async () => {
    const hosts = async (balrog: Record<string, unknown>) => kubeObject(await planOf(balrogRaw(balrog)), "ConfigMap", "egress-proxy-config").data["allow-hosts.txt"].split("\n");
    expect(await hosts({})).toEqual(["auth.mozilla.auth0.com", "storage.googleapis.com"]);
    expect(await hosts({ seed: { source: "url", url: "https://Snapshots.Example.org/balrog/dump.sql.xz" } })).toEqual(["auth.mozilla.auth0.com", "snapshots.example.org"]);
    expect(await hosts({ seed: { source: "empty" } })).toEqual(["auth.mozilla.auth0.com"]);
  });

  it("declares only schema-valid objects with requests, limits and restricted security in every mode", async () => {
    for (const balrog of [{}, { redisCache: true }, { seed: { source: "empty" } }, { seed: { source: "url", url: "https://x.example.org/d.xz" } }]) {
      const plan = await planOf(balrogRaw(balrog));
      expect(plan.schemaErrors).toEqual([]);
      const pods = [...kubeObjectsOfKind(plan, "Deployment"), ...kubeObjectsOfKind(plan, "StatefulSet"), ...kubeObjectsOfKind(plan, "Job")].map((w) => w.spec.template.spec);
      for (const pod of pods) {
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
          expect(c.securityContext, c.name).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } });
          expect(c.resources.requests.cpu && c.resources.limits.memory, c.name).toBeTruthy();
        }
      }
    }
  });

  it("rejects a url seed without a URL, or with a non-https one, naming the key", async () => {
    const noUrl = await evaluateStack(balrogRaw({ seed: { source: "url" } }), { today: TODAY });
    expect(noUrl.configError?.problems.map((p) => p.key)).toContain("releng-envs:services.balrog.seed.url");
    expect(noUrl.resources).toEqual([]);
    const http = await evaluateStack(balrogRaw({ seed: { source: "url", url: "http://example.org/d.xz" } }), { today: TODAY });
    expect(http.configError?.message).toContain("releng-envs:services.balrog.seed.url");
    expect(http.configError?.message).toContain("has scheme http: must be an https URL");
    const source = await evaluateStack(balrogRaw({ seed: { source: "s3" } }), { today: TODAY });
    expect(source.configError?.message).toContain("seed.source must be one of: prod-dump (default), url (with seed.url), empty");
  });
});

describe("Balrog builders", () => {
  const settings = (v: Record<string, unknown> = {}) => balrogSchema.parse(v);

  it("names a new seed Job when source, URL, generation or app image change, and only then", () => {
    const script = seedScriptText();
    const base = seedJobName({ settings: settings(), seedScript: script });
    expect(seedJobName({ settings: settings(), seedScript: script })).toBe(base);
    const variants = [
      seedJobName({ settings: settings({ seed: { source: "prod-dump", generation: 2 } }), seedScript: script }),
      seedJobName({ settings: settings({ seed: { source: "url", url: "https://a.example.org/d.xz" } }), seedScript: script }),
      seedJobName({ settings: settings({ images: { app: "mozilla/balrog:v3.120" } }), seedScript: script }),
      seedJobName({ settings: settings(), seedScript: script + "\n# changed" }),
    ];
    expect(new Set([base, ...variants]).size).toBe(5);
    for (const n of [base, ...variants]) expect(n.length).toBeLessThanOrEqual(63);
  });

  it("derives egress hosts from the dump URL only", () => {
    expect(balrogEgressHosts(settings())).toEqual(["auth.mozilla.auth0.com", "storage.googleapis.com"]);
    expect(balrogEgressHosts(settings({ seed: { source: "empty" } }))).toEqual(["auth.mozilla.auth0.com"]);
  });

  it("uses the local history-bucket mode off GKE and the environment's own buckets on gke", () => {
    expect(historyBucketEnv("render").map((e) => e.name)).toEqual(["LOCALDEV", "RELEASES_HISTORY_BUCKET", "NIGHTLY_HISTORY_BUCKET"]);
    const gke = historyBucketEnv("gke");
    expect(gke.map((e) => e.name)).toEqual(["RELEASES_HISTORY_BUCKET", "NIGHTLY_HISTORY_BUCKET"]);
    expect(gke[1].valueFrom).toEqual({ configMapKeyRef: { name: "environment-buckets", key: "nightlyHistory" } });
  });
});

describe("Balrog admin on the gke target", () => {
  it("forwards storage.googleapis.com (gcloud-aio ignores HTTPS_PROXY) for its history writes; never off GKE", async () => {
    const gke = await evaluateStack(rawConfigFromFile("env-gke-example"), { today: TODAY });
    expect(gke.configError ?? gke.programError).toBeUndefined();
    const pod = kubeObject(gke, "Deployment", "balrog-admin").spec.template.spec;
    expect(pod.hostAliases).toEqual([{ ip: "127.0.0.2", hostnames: ["storage.googleapis.com"] }]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(["admin", "tls-forwarder-1"]);
    expect(pod.containers[1].command.at(-1)).toMatch(/^PROXY:egress-proxy\.env-gke-example\.svc\.cluster\.local:storage\.googleapis\.com:443,proxyport=3128$/);
    const local = await planOf(balrogRaw());
    expect(kubeObject(local, "Deployment", "balrog-admin").spec.template.spec.hostAliases).toBeUndefined();
  });
});
