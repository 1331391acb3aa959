// How an environment's Balrog pods run the project's WSGI entry (the allow-list itself is proven in
// allowlist.python.test.ts against Balrog's real code).
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { WSGI_ENTRY_PATH, WSGI_MOUNT } from "../../../../components/services/balrog/wsgiEntry";
import { envRaw } from "../../../helpers";
import { kubeObject, planOf } from "../../../planHelpers";

const services = { balrog: {}, archive: {}, bouncer: { images: { redirector: "r.example/gb:1", admin: "r.example/ba:1" } } };

describe("Balrog's WSGI entry in the pods", () => {
  it("mounts the entry over the image's uwsgi file, after an init container copied the image's own file aside", async () => {
    const plan = await planOf(envRaw({ services, ingress: { domain: "envs.example.org" } }));
    for (const app of ["admin", "public"] as const) {
      const pod = kubeObject(plan, "Deployment", `balrog-${app}`).spec.template.spec;
      const copy = pod.initContainers.find((c: { name: string }) => c.name === "copy-stock-wsgi");
      expect(copy.command).toEqual(["cp", `/app/uwsgi/${app}.wsgi`, `${WSGI_MOUNT.stockDir}/`]);
      expect(copy.image).toBe(pod.containers[0].image); // the same image's own file
      const mounts = pod.containers[0].volumeMounts;
      expect(mounts).toContainEqual({ name: "wsgi", mountPath: `/app/uwsgi/${app}.wsgi`, subPath: WSGI_MOUNT.entryKey, readOnly: true });
      const env = Object.fromEntries(pod.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]));
      expect(env.RELENG_ENVS_STOCK_WSGI).toBe(`${WSGI_MOUNT.stockDir}/${app}.wsgi`);
      expect(env.RELENG_ENVS_DOWNLOAD_DOMAINS_FILE).toBe(`${WSGI_MOUNT.configDir}/${WSGI_MOUNT.domainsKey}`);
      expect(env.STAGING).toBe("1"); // the stock entries the hosts take their products from exist only then
      // The image's entrypoint and uwsgi ini are untouched.
      expect(pod.containers[0].command).toBeUndefined();
      expect(pod.containers[0].args).toEqual([app]);
    }
    const config = kubeObject(plan, "ConfigMap", "balrog-wsgi");
    expect(config.data[WSGI_MOUNT.entryKey]).toBe(fs.readFileSync(WSGI_ENTRY_PATH, "utf8"));
    expect(JSON.parse(config.data[WSGI_MOUNT.domainsKey])).toEqual({
      "archive.jane-fx150.envs.example.org": "ftp.stage.mozaws.net",
      "bouncer.jane-fx150.envs.example.org": "dev.bouncer.nonprod.webservices.mozgcp.net",
    });
  });

  it("keeps admin's session cookie Secure when the environment is published over HTTPS, and lets it be plain only in-cluster", async () => {
    const adminEnv = async (raw: ReturnType<typeof envRaw>) => {
      const plan = await planOf(raw);
      return Object.fromEntries(kubeObject(plan, "Deployment", "balrog-admin").spec.template.spec.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    };
    expect((await adminEnv(envRaw({ services: { balrog: {} }, ingress: { domain: "envs.example.org" } }))).INSECURE_SESSION_COOKIE).toBeUndefined();
    expect((await adminEnv(envRaw({ services: { balrog: {} } }))).INSECURE_SESSION_COOKIE).toBe("1");
  });

  it("adds no host for a service the environment does not check out", async () => {
    const plan = await planOf(envRaw({ services: { balrog: {} }, ingress: { domain: "envs.example.org" } }));
    expect(JSON.parse(kubeObject(plan, "ConfigMap", "balrog-wsgi").data[WSGI_MOUNT.domainsKey])).toEqual({});
  });
});
