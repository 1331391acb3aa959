import { describe, expect, it } from "vitest";
import { squidConfig } from "../../../components/env/egressProxy";
import { envRaw } from "../../helpers";
import { kubeObject, kubeObjectsOfKind, planOf } from "../../planHelpers";

describe("releng:env:Environment under mocks", () => {
  it("declares the namespace with holder, due, stack, managed-by and restricted Pod Security labels", async () => {
    const plan = await planOf(envRaw({ holder: "Jane.Doe+rel@mozilla.com" }));
    const ns = kubeObject(plan, "Namespace", "env-jane-fx150");
    expect(ns.metadata.labels).toMatchObject({
      "releng.mozilla.org/holder": "jane.doe-rel_at_mozilla.com",
      "releng.mozilla.org/due": "2026-12-01",
      "releng.mozilla.org/stack": "env-jane-fx150",
      "app.kubernetes.io/managed-by": "pulumi",
      "pod-security.kubernetes.io/enforce": "restricted",
    });
    expect(ns.metadata.annotations["releng.mozilla.org/purpose"]).toBe("Staging release of Firefox 150.0b3");
    const nsResource = plan.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
    expect(nsResource.options.deleteBeforeReplace).toBe(true);
  });

  it("sends every Kubernetes resource through the one explicit provider, under the component", async () => {
    // No services: their objects sit under their own components (tested with each service).
    const plan = await planOf(envRaw({ services: {} }));
    const providers = plan.resources.filter((r) => r.type === "pulumi:providers:kubernetes");
    expect(providers).toHaveLength(1);
    const component = plan.resources.find((r) => r.type === "releng:env:Environment")!;
    const kube = plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(kube.length).toBeGreaterThan(8);
    // Services' objects sit under their own component, which sits under the Environment.
    const parentOf = new Map(plan.resources.map((r) => [r.urn, r.parent]));
    const underEnvironment = (urn: string): boolean => urn === component.urn || (!!parentOf.get(urn) && underEnvironment(parentOf.get(urn)!));
    for (const r of kube) {
      expect(r.provider, r.name).toBe(`${providers[0].urn}::kubernetes-id`);
      expect(underEnvironment(r.parent), r.name).toBe(true);
    }
  });

  it("sizes quota and limits from config, with defaults", async () => {
    const plan = await planOf(envRaw({ quota: { requestsCpu: "4", pods: 20 } }));
    const quota = kubeObject(plan, "ResourceQuota", "environment-quota");
    expect(quota.spec.hard).toMatchObject({ "requests.cpu": "4", pods: "20", "requests.memory": "16Gi" });
    const limits = kubeObject(plan, "LimitRange", "container-defaults");
    expect(limits.spec.limits[0].default).toEqual({ cpu: "1", memory: "1Gi" });
  });

  it("denies all traffic by default and allows DNS, the namespace itself, and only the proxy out", async () => {
    const plan = await planOf(envRaw({ services: {} }));
    const names = kubeObjectsOfKind(plan, "NetworkPolicy").map((p) => p.metadata.name).sort();
    expect(names).toEqual(["allow-dns", "allow-egress-proxy-https", "allow-same-namespace", "default-deny-all"]);
    const deny = kubeObject(plan, "NetworkPolicy", "default-deny-all");
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const out = kubeObject(plan, "NetworkPolicy", "allow-egress-proxy-https");
    expect(out.spec.podSelector.matchLabels).toEqual({ "releng.mozilla.org/role": "egress-proxy" });
    expect(out.spec.egress[0].ports).toEqual([{ protocol: "TCP", port: 443 }]);
    expect(out.spec.egress[0].to[0].ipBlock.except).toContain("169.254.0.0/16");
    const dns = kubeObject(plan, "NetworkPolicy", "allow-dns");
    expect(dns.spec.egress[0].ports.map((p: { port: number }) => p.port)).toEqual([53, 53]);
  });

  it("puts exactly the configured hosts on the egress proxy's allow-list", async () => {
    // No services: a checked-out service adds its own hosts (e.g. the archive's production host).
    const plan = await planOf(envRaw({ services: {}, egress: { allowHosts: ["Product-Details.mozilla.org"] } }));
    const conf = kubeObject(plan, "ConfigMap", "egress-proxy-config").data["squid.conf"];
    expect(conf).toContain("acl allowed_hosts dstdomain product-details.mozilla.org\n");
    expect(conf).toContain("http_access allow CONNECT allowed_hosts");
    expect(conf.trim().endsWith("http_access deny all")).toBe(true);
  });

  it("allows nothing out when the allow-list is empty", () => {
    const conf = squidConfig([]);
    expect(conf).not.toContain("allow CONNECT");
    expect(conf).toContain("http_access deny all");
  });

  it("gives the holder edit in the namespace only", async () => {
    const plan = await planOf(envRaw());
    const rb = kubeObject(plan, "RoleBinding", "holder-edit");
    expect(rb.metadata.namespace).toBe("env-jane-fx150");
    expect(rb.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" });
    expect(rb.subjects).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "jane.doe@mozilla.com" }]);
    expect(kubeObjectsOfKind(plan, "ClusterRoleBinding")).toHaveLength(0);
  });

  it("scales workloads to zero when asleep", async () => {
    const awake = await planOf(envRaw());
    const asleep = await planOf(envRaw({ asleep: true }));
    expect(kubeObject(awake, "Deployment", "egress-proxy").spec.replicas).toBe(1);
    expect(kubeObject(asleep, "Deployment", "egress-proxy").spec.replicas).toBe(0);
  });

  it("declares only schema-valid objects, all in the environment's namespace", async () => {
    const plan = await planOf(envRaw());
    expect(plan.schemaErrors).toEqual([]);
    for (const { object } of plan.kubeObjects) {
      const meta = object.metadata as { namespace?: string; name?: string };
      if (object.kind !== "Namespace") expect(meta.namespace, `${object.kind}/${meta.name}`).toBe("env-jane-fx150");
    }
  });

  it("makes every object of the services, pools and gateway wait for the namespace, its quota, limits and policies through the namespace it sits in", async () => {
    // Every service, the env pools and a gateway: no component is handed a dependsOn list, so the
    // only way their objects can depend on the guardrails is the namespace Output they are placed in.
    const services = { balrog: {}, archive: {}, bouncer: { images: { redirector: "r.example/gb:1", admin: "r.example/ba:1" } }, shipit: { imageTag: "production" } };
    const plan = await planOf(envRaw({ services, pools: ["balrog", "beetmover"], ingress: { domain: "envs.example.org" } }));
    const kube = plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== "pulumi:providers:kubernetes");
    const ofType = (type: string) => kube.filter((r) => r.type === type).map((r) => r.urn);
    const namespace = ofType("kubernetes:core/v1:Namespace");
    const guardrails = [
      ...ofType("kubernetes:core/v1:ResourceQuota"),
      ...ofType("kubernetes:core/v1:LimitRange"),
      ...kube.filter((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding" && r.parent.endsWith("releng:env:Environment::jane-fx150")).map((r) => r.urn),
      ...kube.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.parent.endsWith("releng:env:Environment::jane-fx150")).map((r) => r.urn),
    ];
    expect(namespace).toHaveLength(1);
    expect(guardrails.length).toBeGreaterThanOrEqual(4);
    const components = new Set(plan.resources.filter((r) => !r.custom).map((r) => r.type));
    for (const type of ["releng:services:Balrog", "releng:services:Bouncer", "releng:services:ShipIt", "releng:services:Archive", "releng:pools:EnvPool", "releng:env:Gateway"]) expect(components).toContain(type);
    const typeOf = new Map(plan.resources.map((r) => [r.urn, r.type]));
    const inComponents = kube.filter((r) => typeOf.get(r.parent) !== "releng:env:Environment");
    expect(inComponents.length).toBeGreaterThan(40);
    for (const r of inComponents) {
      for (const needed of [...namespace, ...guardrails]) expect(r.dependsOn, `${r.name} waits for ${needed}`).toContain(needed);
    }
    // The guardrails themselves need the Namespace only (they are what the others wait for).
    for (const urn of guardrails) expect(plan.resources.find((r) => r.urn === urn)!.dependsOn).toEqual(namespace);
  });

  // The one documented exception: bouncer-admin writes nazgul.log into /app (nazgul/api.py).
  const WRITABLE_ROOT = new Set(["bouncer-admin/bouncer-admin"]);

  it("runs pods as non-root with a read-only root filesystem and no capabilities", async () => {
    // Every service checked out, so every Deployment any environment can hold is checked.
    const images = { redirector: "registry.example/go-bouncer:1", admin: "registry.example/bouncer-admin:1" };
    const plan = await planOf(envRaw({ services: { balrog: {}, bouncer: { images }, shipit: {}, archive: {} } }));
    expect(kubeObjectsOfKind(plan, "Deployment").length).toBeGreaterThanOrEqual(8);
    for (const d of kubeObjectsOfKind(plan, "Deployment")) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const where = `${d.metadata.name}/${c.name}`;
        expect(c.securityContext, where).toMatchObject({ readOnlyRootFilesystem: !WRITABLE_ROOT.has(where), allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
        expect(c.resources.requests && c.resources.limits).toBeTruthy();
      }
    }
  });
});
