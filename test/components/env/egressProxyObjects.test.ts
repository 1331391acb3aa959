// The egress proxy's Kubernetes objects as a cluster would take them: valid against the API schemas,
// and a pod that can actually run (every mount backed by a volume and every volume used, every
// directory squid writes on a writable mount under a read-only root file system, probes on the port
// the Service sends traffic to, resources bounded). Fast, so `npm run mutate` runs it for every
// mutant of components/env/egressProxy.ts. Imports only the proxy builder and components/k8s.
import { describe, expect, it } from "vitest";
import { egressProxyObjects, squidConfig, type EgressProxyArgs } from "../../../components/env/egressProxy";
import { validateKubeObject } from "../../../components/k8s/validate";

const args = (over: Partial<EgressProxyArgs> = {}): EgressProxyArgs => ({
  namespace: "env-jane-fx150",
  labels: { "releng.mozilla.org/stack-kind": "environment" },
  allowHosts: ["archive.mozilla.org", "hg.mozilla.org"],
  image: "ubuntu/squid:5.2-22.04_beta",
  replicas: 1,
  origins: [{ name: "archive", port: 8081, host: "archive.mozilla.org" }],
  ...over,
});

/** A Kubernetes quantity in base units (cores or bytes); undefined when it is not one. */
function quantity(q: unknown): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m|k|Ki|M|Mi|G|Gi)?$/.exec(String(q ?? ""));
  if (!m) return undefined;
  const scale: Record<string, number> = { "": 1, m: 1e-3, k: 1e3, Ki: 1024, M: 1e6, Mi: 1024 ** 2, G: 1e9, Gi: 1024 ** 3 };
  return Number(m[1]) * scale[m[2] ?? ""];
}

/** The directory of the first matching `directive <path>` line of squid.conf, if any. */
const directive = (conf: string, name: string) => conf.split("\n").find((l) => l.startsWith(`${name} `))?.slice(name.length + 1).trim();
const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir.replace(/\/$/, "")}/`);

describe("the egress proxy's objects", () => {
  it("are valid Kubernetes objects, with and without reverse-proxy origins", () => {
    for (const a of [args(), args({ origins: [] }), args({ origins: undefined, replicas: 0 })]) {
      const o = egressProxyObjects(a);
      expect([o.configMap.kind, o.deployment.kind, o.service.kind]).toEqual(["ConfigMap", "Deployment", "Service"]);
      expect([o.configMap.apiVersion, o.deployment.apiVersion, o.service.apiVersion]).toEqual(["v1", "apps/v1", "v1"]);
      for (const obj of [o.configMap, o.deployment, o.service]) expect(validateKubeObject(obj), obj.kind).toEqual([]);
    }
  });

  it("mount every volume and back every mount with a volume; the config read-only from the ConfigMap squid is started with", () => {
    const o = egressProxyObjects(args());
    const pod = o.deployment.spec!.template.spec!;
    const [squid] = pod.containers;
    expect(pod.containers).toHaveLength(1);
    expect(squid.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
    const mounts = squid.volumeMounts ?? [];
    expect(volumes.size).toBe(pod.volumes!.length);
    expect(mounts.length).toBeGreaterThan(0);
    for (const m of mounts) {
      expect(volumes.has(m.name), `mount ${m.name} has a volume`).toBe(true);
      expect(m.mountPath).toMatch(/^\/[^\s]*$/);
    }
    for (const name of volumes.keys()) expect(mounts.map((m) => m.name), `volume ${name} is mounted`).toContain(name);
    expect(new Set(mounts.map((m) => m.mountPath)).size).toBe(mounts.length);

    // squid is started with -f <file>; that file's directory is a read-only mount of the proxy's ConfigMap holding it.
    const command = squid.command ?? [];
    const configFile = command[command.indexOf("-f") + 1];
    const configDir = configFile.slice(0, configFile.lastIndexOf("/"));
    const configMount = mounts.find((m) => m.mountPath === configDir)!;
    expect(configMount, "the config directory is mounted").toBeDefined();
    expect(configMount.readOnly).toBe(true);
    expect(volumes.get(configMount.name)!.configMap?.name).toBe(o.configMap.metadata!.name);
    expect(Object.keys(o.configMap.data!)).toContain(configFile.slice(configDir.length + 1));
    // Everything else is scratch space that lives and dies with the pod.
    for (const m of mounts.filter((x) => x !== configMount)) {
      expect(m.readOnly, m.mountPath).toBeFalsy();
      expect(volumes.get(m.name)!.emptyDir, m.mountPath).toEqual({});
    }
  });

  it("give squid only directives it knows (squid refuses to start on an unknown one)", () => {
    const known = ["http_port", "pid_filename", "logfile_rotate", "access_log", "cache_log", "cache", "coredump_dir", "acl", "http_access", "cache_peer", "cache_peer_access", "never_direct"];
    for (const a of [args(), args({ origins: [] })]) {
      const o = egressProxyObjects(a);
      for (const line of o.configMap.data!["squid.conf"].split("\n").filter((l) => l.trim() && !l.startsWith("#"))) expect(known, line).toContain(line.split(/\s+/)[0]);
      for (const obj of [o.configMap, o.deployment, o.service]) expect(obj.metadata!.name, obj.kind).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it("give squid a writable place for everything it writes, under a read-only root file system", () => {
    const o = egressProxyObjects(args());
    const [squid] = o.deployment.spec!.template.spec!.containers;
    expect(squid.securityContext?.readOnlyRootFilesystem).toBe(true);
    const writable = (squid.volumeMounts ?? []).filter((m) => !m.readOnly).map((m) => m.mountPath);
    const conf = o.configMap.data!["squid.conf"];
    // Ubuntu's squid writes its swap/spool and log directories even with caching off, and dumps core in coredump_dir.
    for (const dir of ["/var/spool/squid", "/var/log/squid", directive(conf, "coredump_dir")!]) {
      expect(writable.some((w) => under(dir, w)), `${dir} is writable`).toBe(true);
    }
    // No pid file and logs to the pod's own streams: nothing else needs to be writable, and the logs reach kubectl logs.
    expect(directive(conf, "pid_filename")).toBe("none");
    expect(directive(conf, "access_log")).toBe("stdio:/dev/stdout");
    expect(directive(conf, "cache_log")).toBe("stdio:/dev/stderr");
    expect(directive(conf, "logfile_rotate")).toBe("0");
    // A proxy that caches would serve one environment's downloads to whoever asks next; it only tunnels.
    expect(conf.split("\n")).toContain("cache deny all");
    expect(conf).toBe(squidConfig(args().allowHosts, args().origins));
  });

  it("probe the port the Service forwards proxy traffic to", () => {
    const o = egressProxyObjects(args());
    const [squid] = o.deployment.spec!.template.spec!.containers;
    const servicePort = o.service.spec!.ports!.find((p) => p.name === "proxy")!;
    const containerPort = squid.ports!.find((p) => p.name === "proxy")!;
    expect(servicePort.targetPort).toBe(containerPort.containerPort);
    expect(directive(o.configMap.data!["squid.conf"], "http_port")).toBe(String(containerPort.containerPort));
    for (const probe of [squid.readinessProbe, squid.livenessProbe]) {
      expect(probe?.tcpSocket?.port).toBe(containerPort.containerPort);
      expect(probe?.periodSeconds).toBeGreaterThan(0);
    }
    // Readiness takes a pod out of the Service sooner than liveness restarts it.
    expect(squid.readinessProbe!.periodSeconds!).toBeLessThan(squid.livenessProbe!.periodSeconds! * (squid.livenessProbe!.failureThreshold ?? 3));
  });

  it("bound the proxy's CPU and memory, requests within limits", () => {
    const [squid] = egressProxyObjects(args()).deployment.spec!.template.spec!.containers;
    for (const resource of ["cpu", "memory"] as const) {
      const request = quantity(squid.resources?.requests?.[resource]);
      const limit = quantity(squid.resources?.limits?.[resource]);
      expect(request, `${resource} request`).toBeGreaterThan(0);
      expect(limit, `${resource} limit`).toBeGreaterThan(0);
      expect(request!, resource).toBeLessThanOrEqual(limit!);
    }
  });

  it("label every object for the environment and select only the proxy's pods", () => {
    const o = egressProxyObjects(args());
    const selector = o.deployment.spec!.selector.matchLabels!;
    expect(Object.keys(selector).length).toBeGreaterThan(0);
    expect(o.service.spec!.selector).toEqual(selector);
    for (const obj of [o.configMap, o.deployment, o.service]) {
      expect(obj.metadata!.namespace).toBe("env-jane-fx150");
      expect(obj.metadata!.labels).toMatchObject({ "releng.mozilla.org/stack-kind": "environment", ...selector });
    }
    expect(o.deployment.spec!.template.metadata!.labels).toMatchObject(selector);
  });
});
