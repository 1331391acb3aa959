import { describe, expect, it } from "vitest";
import { isSecretValue, redactSecrets, unwrapSecrets } from "../../../tools/plan/mocks";
import { evaluateStack } from "../../../tools/plan/evaluate";
import { readonlyUserScript, shipitDatabaseUrl } from "../../../components/services/shipit/builders";
import { kubeObject, kubeObjectsOfKind, planOf } from "../../planHelpers";
import { TODAY } from "../../helpers";
import { envWith, SHIPIT_CREDENTIALS, SHIPIT_SETTINGS } from "./fixtures";
import { planEnvironment } from "../../../program/environmentStack";
import { isConfigError, type ConfigError } from "../../../stacks/errors";
import { parseStackConfig } from "../../../stacks/load";

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } };
const envOf = (c: { env?: EnvVar[] }) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
const ref = (name: string, key: string) => ({ secretKeyRef: { name, key } });

describe("releng:services:ShipIt", () => {
  it("runs the admin API with APP_CHANNEL=dev and every variable settings.py requires", async () => {
    const plan = await planOf(envWith(["shipit"]));
    const c = kubeObject(plan, "Deployment", "shipit-admin").spec.template.spec.containers[0];
    const env = envOf(c);
    expect(c.image).toBe("mozilla/releng-shipit-admin:dev");
    // No command: the image's ENTRYPOINT runs /app/docker.d/init.sh ${APP_TYPE} (there is no /app/api/docker.d).
    expect(c.command).toBeUndefined();
    expect(env.APP_TYPE).toBe("admin");
    expect(env.APP_CHANNEL).toBe("dev");
    expect(env.AUTH_DOMAIN).toBe("auth.mozilla.auth0.com");
    expect(env.TASKCLUSTER_ROOT_URL).toBe("https://firefox-ci-tc.services.mozilla.com");
    for (const k of ["DATABASE_URL", "SECRET_KEY_BASE64", "AUTH_CLIENT_ID", "AUTH_CLIENT_SECRET", "TASKCLUSTER_CLIENT_ID", "TASKCLUSTER_ACCESS_TOKEN"]) {
      expect(env[k], k).toEqual(ref("shipit-admin", k));
    }
    expect(env.UVICORN_PORT).toBe("8015");
    expect(env.HTTPS_PROXY).toBe("http://egress-proxy.env-jane-fx150.svc.cluster.local:3128");
    expect(c.readinessProbe.httpGet).toEqual({ path: "/__heartbeat__", port: 8015 });
    expect(c.livenessProbe.httpGet).toEqual({ path: "/__lbheartbeat__", port: 8015 });
  });

  it("runs the public API as the read-only user, with no Taskcluster or Auth0 credentials", async () => {
    const plan = await planOf(envWith(["shipit"]));
    const c = kubeObject(plan, "Deployment", "shipit-public").spec.template.spec.containers[0];
    const env = envOf(c);
    expect(c.image).toBe("mozilla/releng-shipit-public:dev");
    expect(c.command).toBeUndefined();
    expect(env.APP_TYPE).toBe("public");
    expect(Object.keys(env).sort()).toEqual(["APP_CHANNEL", "APP_TYPE", "DATABASE_URL", "PORT", "UVICORN_HOST", "UVICORN_PORT"]);
    expect(env.DATABASE_URL).toEqual(ref("shipit-public", "DATABASE_URL"));
    const publicSecret = plan.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name.endsWith("shipit-public"))!;
    const url = (unwrapSecrets(publicSecret.inputs.stringData) as { DATABASE_URL: string }).DATABASE_URL;
    expect(url).toMatch(/^postgresql:\/\/shipit_readonly:[^@]+@shipit-postgres\.env-jane-fx150\.svc\.cluster\.local:5432\/shipit$/);
    expect(c.readinessProbe.httpGet).toEqual({ path: "/__heartbeat__", port: 8016 });
  });

  it("passes the Taskcluster and Auth0 credentials from secret config, only ever as Pulumi secrets", async () => {
    const plan = await planOf(envWith(["shipit"]));
    const admin = plan.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name.endsWith("shipit-admin"))!;
    expect(isSecretValue(admin.inputs.stringData)).toBe(true);
    const data = unwrapSecrets(admin.inputs.stringData) as Record<string, string>;
    expect(data.TASKCLUSTER_ACCESS_TOKEN).toBe(SHIPIT_CREDENTIALS.taskclusterAccessToken);
    expect(data.TASKCLUSTER_CLIENT_ID).toBe(SHIPIT_CREDENTIALS.taskclusterClientId);
    expect(data.AUTH_CLIENT_ID).toBe(SHIPIT_CREDENTIALS.authClientId);
    expect(data.AUTH_CLIENT_SECRET).toBe(SHIPIT_CREDENTIALS.authClientSecret);
    expect(Buffer.from(data.SECRET_KEY_BASE64, "base64").length).toBe(48);
    for (const r of plan.resources.filter((r) => r.type === "kubernetes:core/v1:Secret")) expect(isSecretValue(r.inputs.stringData), r.name).toBe(true);
    // Nowhere in plain sight: not in any resource's redacted inputs, not in the outputs.
    const shown = JSON.stringify([plan.resources.map((r) => redactSecrets(r.inputs)), redactSecrets(plan.outputs)]);
    for (const v of Object.values(SHIPIT_CREDENTIALS)) expect(shown).not.toContain(v);
    expect(shown).not.toMatch(/generated-/);
  });

  it("creates the read-only user at Postgres 15's first init from a mounted script", async () => {
    const plan = await planOf(envWith(["shipit"]));
    const sts = kubeObject(plan, "StatefulSet", "shipit-postgres");
    const c = sts.spec.template.spec.containers[0];
    expect(c.image).toBe("postgres:15");
    expect(envOf(c)).toMatchObject({ POSTGRES_USER: "shipit", POSTGRES_DB: "shipit", SHIPIT_READONLY_USER: "shipit_readonly" });
    expect(envOf(c).SHIPIT_READONLY_PASSWORD).toEqual(ref("shipit-postgres", "SHIPIT_READONLY_PASSWORD"));
    const initMount = c.volumeMounts.find((m: { mountPath: string }) => m.mountPath === "/docker-entrypoint-initdb.d");
    const initVolume = sts.spec.template.spec.volumes.find((v: { name: string }) => v.name === initMount.name);
    expect(initVolume.configMap).toEqual({ name: "shipit-postgres-init", defaultMode: 0o555 });
    const script = kubeObject(plan, "ConfigMap", "shipit-postgres-init").data["10-create-readonly-user.sh"];
    expect(script).toBe(readonlyUserScript());
    expect(script).toContain(`CREATE ROLE :"ro_user" LOGIN PASSWORD :'ro_password';`);
    expect(script).toContain(`ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT ON TABLES TO :"ro_user";`);
    expect(script).not.toMatch(/GRANT (INSERT|UPDATE|DELETE|ALL)/);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("5Gi");
  });

  it("serves Services shipit-admin and shipit-public on port 80 and lets only Taskcluster and Auth0 out", async () => {
    const plan = await planOf(envWith(["shipit"]));
    expect(kubeObject(plan, "Service", "shipit-admin").spec.ports[0]).toMatchObject({ port: 80, targetPort: 8015 });
    expect(kubeObject(plan, "Service", "shipit-public").spec.ports[0]).toMatchObject({ port: 80, targetPort: 8016 });
    expect(kubeObject(plan, "ConfigMap", "egress-proxy-config").data["allow-hosts.txt"].split("\n")).toEqual(["auth.mozilla.auth0.com", "firefox-ci-tc.services.mozilla.com"]);
    expect(plan.outputs.shipit).toEqual({ apiUrl: "http://shipit-admin.env-jane-fx150.svc.cluster.local", publicApiUrl: "http://shipit-public.env-jane-fx150.svc.cluster.local" });
  });

  it("declares schema-valid restricted workloads that sleep to zero", async () => {
    const plan = await planOf(envWith(["shipit"], { asleep: true }));
    expect(plan.schemaErrors).toEqual([]);
    const workloads = [...kubeObjectsOfKind(plan, "StatefulSet"), ...kubeObjectsOfKind(plan, "Deployment")];
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(["egress-proxy", "shipit-admin", "shipit-postgres", "shipit-public"]);
    for (const w of workloads) {
      expect(w.spec.replicas, w.metadata.name).toBe(0);
      for (const c of w.spec.template.spec.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        expect(c.resources.requests && c.resources.limits).toBeTruthy();
      }
    }
    expect(plan.resources.find((r) => r.type === "releng:services:ShipIt")).toBeDefined();
  });

  it("rejects APP_CHANNEL production with a clear error before declaring anything", async () => {
    const plan = await evaluateStack(envWith(["shipit"], { services: { shipit: { ...SHIPIT_SETTINGS, appChannel: "production" } } }), { today: TODAY });
    expect(plan.configError?.problems).toHaveLength(1);
    expect(plan.configError?.problems[0]).toMatchObject({ key: "releng-envs:services.shipit.appChannel" });
    expect(plan.configError?.problems[0].problem).toMatch(/always runs with APP_CHANNEL=dev/);
    expect(plan.configError?.message).toMatch(/stacks\/Pulumi\.env-jane-fx150\.yaml/);
    expect(plan.resources).toHaveLength(0);
  });

  it("plans without credentials as pending secrets, and refuses them on a real up, naming each missing one", async () => {
    // Rendering inside this work tree allowed: secrets are the subject here (program/renderTarget.ts has its own tests).
    const raw = envWith(["shipit"], { secrets: { shipit: { authClientId: "x", authClientSecret: "y" } }, kubernetes: { target: "render", allowRenderInWorkTree: true } });
    const plan = await evaluateStack(raw, { today: TODAY });
    expect(plan.configError).toBeUndefined();
    expect(plan.outputs.pendingSecrets).toEqual({ shipit: ["shipit.taskclusterClientId", "shipit.taskclusterAccessToken"] });
    const config = parseStackConfig(raw, { today: TODAY });
    if (config.kind !== "environment") throw new Error("expected an environment");
    let refused: unknown;
    try {
      planEnvironment(config, { deploying: true });
    } catch (e) {
      refused = e;
    }
    expect(isConfigError(refused)).toBe(true);
    const problems = (refused as ConfigError).problems;
    expect(problems.map((p) => p.key)).toEqual(["releng-envs:secrets.shipit.taskclusterClientId", "releng-envs:secrets.shipit.taskclusterAccessToken"]);
    expect(problems[0].fix).toContain("pulumi config set --secret --path 'releng-envs:secrets.shipit.taskclusterClientId'");
  });

  it("lets a sample stack (never deployed) plan without credentials, still as secrets", async () => {
    const plan = await planOf(envWith(["shipit"], { sample: true, checkedOut: TODAY, secrets: undefined }));
    const admin = plan.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name.endsWith("shipit-admin"))!;
    expect(isSecretValue(admin.inputs.stringData)).toBe(true);
    expect((unwrapSecrets(admin.inputs.stringData) as Record<string, string>).TASKCLUSTER_ACCESS_TOKEN).toMatch(/^sample-stack-placeholder-/);
  });

  it("accepts the list shorthand and runs the images Ship-it pushes for production by default", async () => {
    const plan = await planOf(envWith([], { services: ["shipit"], secrets: { shipit: SHIPIT_CREDENTIALS } }));
    const admin = kubeObject(plan, "Deployment", "shipit-admin");
    expect(admin.spec.template.spec.containers[0].image).toBe("mozilla/releng-shipit-admin:production");
    expect(kubeObject(plan, "Deployment", "shipit-public").spec.template.spec.containers[0].image).toBe("mozilla/releng-shipit-public:production");
  });

  it("encodes database passwords safely in URLs", () => {
    expect(shipitDatabaseUrl("env-a", "u", "p@ss/word")).toBe("postgresql://u:p%40ss%2Fword@shipit-postgres.env-a.svc.cluster.local:5432/shipit");
  });
});
