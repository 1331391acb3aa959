// The environment's gateway (issue #15): HTTPS host names per service, the Ingress shapes (GKE with
// Google-managed certificates; an ingress class with cert-manager), NetworkPolicies that admit the
// gateway to serving ports only, and the handoff's HTTPS URLs.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GOOGLE_FRONT_END_RANGES, IN_CLUSTER_SERVICES, PUBLISHED_SERVICES, STAGE_ENDPOINTS, STAGING_RELEASE_ENDPOINTS, type InClusterService } from "../../../catalog/endpoints";
import { gatewayObjects, hostsTooLongForManagedCertificate, publishedServices, type GatewayArgs } from "../../../components/env/gatewayObjects";
import { validateKubeObject } from "../../../components/k8s/validate";
import type { StagingRelease } from "../../../components/services/handoff/stagingRelease";
import { PLATFORM_SECRET_OUTPUTS } from "../../../program/platformReference";
import { rawConfigFromFile } from "../../../stacks/stackFile";
import { evaluateStack, type StackPlan } from "../../../tools/plan/evaluate";
import { envRaw, problemsOf, TODAY } from "../../helpers";
import { kubeObject, kubeObjectsOfKind, planOf } from "../../planHelpers";

const ALL = ["balrog", "bouncer", "shipit", "archive"] as const;
const INGRESS = { domain: "envs.example.org", className: "nginx", clusterIssuer: "letsencrypt", controllerNamespace: "ingress-nginx" };
const generic = (services: GatewayArgs["services"] = ALL): GatewayArgs => ({
  environment: "jane-fx150",
  namespace: "env-jane-fx150",
  labels: { a: "b" },
  services,
  domain: "envs.example.org",
  shape: { kind: "ingress-class", className: "nginx", clusterIssuer: "letsencrypt", controllerNamespace: "ingress-nginx" },
});

describe("gateway objects (pure)", () => {
  it("names every Service of the checked-out services <service>.<env>.<domain>, and nothing else", () => {
    const { hosts, ingress } = gatewayObjects(generic(["balrog", "archive"]));
    expect(hosts).toEqual({
      balrogAdmin: "balrog-admin.jane-fx150.envs.example.org",
      balrogPublic: "balrog-public.jane-fx150.envs.example.org",
      archiveFront: "archive.jane-fx150.envs.example.org",
      archiveStore: "archive-store.jane-fx150.envs.example.org",
    });
    const backends = ingress.spec!.rules!.map((r) => [r.host, r.http!.paths[0].backend.service!.name, r.http!.paths[0].backend.service!.port!.number]);
    expect(backends).toEqual([
      ["balrog-admin.jane-fx150.envs.example.org", "balrog-admin", 80],
      ["balrog-public.jane-fx150.envs.example.org", "balrog-public", 80],
      ["archive.jane-fx150.envs.example.org", "archive", 80],
      ["archive-store.jane-fx150.envs.example.org", "archive-store", 80],
    ]);
  });

  it("on an ingress class: TLS for every host from the cert-manager issuer, HTTP redirected, uploads unlimited", () => {
    const { ingress, certificate } = gatewayObjects(generic());
    expect(certificate).toBeUndefined();
    expect(ingress.spec!.ingressClassName).toBe("nginx");
    expect(ingress.spec!.tls).toEqual([{ hosts: ingress.spec!.rules!.map((r) => r.host), secretName: "gateway-tls" }]);
    expect(ingress.metadata!.annotations).toMatchObject({ "cert-manager.io/cluster-issuer": "letsencrypt", "nginx.ingress.kubernetes.io/ssl-redirect": "true" });
    const noIssuer = gatewayObjects({ ...generic(), shape: { kind: "ingress-class", className: "traefik", controllerNamespace: "traefik" } });
    expect(noIssuer.ingress.metadata!.annotations!["cert-manager.io/cluster-issuer"]).toBeUndefined();
  });

  it("on GKE: a GCE Ingress on the reserved address, HTTPS only, with a Google-managed certificate for exactly the hosts", () => {
    const { ingress, certificate, hosts } = gatewayObjects({ ...generic(), shape: { kind: "gke", addressName: "env-jane-fx150-abc123-gateway" } });
    expect(ingress.metadata!.annotations).toEqual({
      "kubernetes.io/ingress.class": "gce",
      "kubernetes.io/ingress.global-static-ip-name": "env-jane-fx150-abc123-gateway",
      "networking.gke.io/managed-certificates": "gateway-certificate",
      "kubernetes.io/ingress.allow-http": "false",
    });
    expect(ingress.spec!.tls).toBeUndefined();
    expect(certificate!.spec.domains).toEqual(Object.values(hosts));
    expect(validateKubeObject(certificate!)).toEqual([]);
    expect(validateKubeObject(ingress)).toEqual([]);
  });

  it("admits the gateway only to each published workload's serving port, one policy per Service", () => {
    for (const shape of [generic().shape, { kind: "gke", addressName: "x" } as const]) {
      const { networkPolicies } = gatewayObjects({ ...generic(), shape });
      expect(networkPolicies.map((p) => p.metadata!.name)).toEqual(Object.values(IN_CLUSTER_SERVICES).map((s) => `allow-gateway-to-${s}`));
      for (const p of networkPolicies) {
        expect(validateKubeObject(p)).toEqual([]);
        expect(p.spec!.policyTypes).toEqual(["Ingress"]);
        expect(p.spec!.ingress).toHaveLength(1);
        const [rule] = p.spec!.ingress!;
        expect(rule.ports).toHaveLength(1);
        expect(rule.from).toEqual(
          shape.kind === "gke"
            ? GOOGLE_FRONT_END_RANGES.map((cidr) => ({ ipBlock: { cidr } }))
            : [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }],
        );
      }
    }
  });

  it("publishes the Services of exactly the checked-out services, for every subset", () => {
    fc.assert(
      fc.property(fc.subarray([...ALL]), (services) => {
        const published = publishedServices(services);
        expect(published.every((s) => services.includes(PUBLISHED_SERVICES[s].service))).toBe(true);
        expect(new Set(published.map((s) => PUBLISHED_SERVICES[s].service))).toEqual(new Set(services));
      }),
    );
  });

  it("finds hosts a Google-managed certificate cannot carry (over 63 characters)", () => {
    expect(hostsTooLongForManagedCertificate(["a".repeat(63)])).toEqual([]);
    expect(hostsTooLongForManagedCertificate(["a".repeat(64), "b"])).toEqual(["a".repeat(64)]);
  });
});

describe("the gateway in a planned environment", () => {
  it("its NetworkPolicies select the pods and target ports of the very Services the Ingress routes to", async () => {
    const plan = await planOf(envRaw({ services: { balrog: {}, archive: {}, bouncer: { images: { redirector: "r.example/gb:1", admin: "r.example/ba:1" } }, shipit: { imageTag: "production" } }, ingress: INGRESS }));
    expect(plan.schemaErrors).toEqual([]);
    const ingress = kubeObject(plan, "Ingress", "gateway");
    for (const rule of ingress.spec.rules) {
      const name = rule.http.paths[0].backend.service.name as string;
      const service = kubeObject(plan, "Service", name);
      const policy = kubeObject(plan, "NetworkPolicy", `allow-gateway-to-${name}`);
      expect(policy.spec.podSelector.matchLabels, name).toEqual(service.spec.selector);
      expect(policy.spec.ingress[0].ports, name).toEqual([{ protocol: "TCP", port: service.spec.ports[0].targetPort }]);
      expect(service.spec.ports[0].port).toBe(80);
    }
    expect(ingress.spec.rules).toHaveLength(Object.keys(IN_CLUSTER_SERVICES).length);
    // The databases stay closed: no gateway policy selects them.
    const selected = kubeObjectsOfKind(plan, "NetworkPolicy").filter((p) => p.metadata.name.startsWith("allow-gateway-to-")).map((p) => p.spec.podSelector.matchLabels["app.kubernetes.io/component"]);
    expect(selected).not.toContain("mysql");
    expect(selected).not.toContain("db");
  });

  it("hands over HTTPS URLs on the public hosts for own copies, and the in-cluster URL beside them", async () => {
    const plan = await planOf(envRaw({ ingress: INGRESS }));
    const handoff = plan.outputs.stagingRelease as StagingRelease;
    expect(handoff.publicDomain).toBe("envs.example.org");
    for (const e of STAGING_RELEASE_ENDPOINTS) {
      const endpoint = handoff.endpoints[e];
      if (endpoint.source === "own") {
        expect(endpoint.url, e).toMatch(/^https:\/\/[a-z-]+\.jane-fx150\.envs\.example\.org(\/api|\/pub)?$/);
        expect(endpoint.inCluster, e).toMatch(/^http:\/\/[a-z-]+\.env-jane-fx150\.svc\.cluster\.local/);
      } else expect(endpoint.url).toBe(STAGE_ENDPOINTS[e]);
    }
    expect(handoff.published.archiveStore).toBe("https://archive-store.jane-fx150.envs.example.org");
  });

  it("without a domain the environment declares no gateway and hands over in-cluster URLs", async () => {
    const plan = await planOf(envRaw());
    expect(kubeObjectsOfKind(plan, "Ingress")).toEqual([]);
    expect((plan.outputs.stagingRelease as StagingRelease).endpoints.balrogPublic.url).toBe("http://balrog-public.env-jane-fx150.svc.cluster.local");
  });

  it("the sample environment hands over HTTPS on a public host name for every endpoint", async () => {
    const plan = await planOf(rawConfigFromFile("env-example"));
    const handoff = plan.outputs.stagingRelease as StagingRelease;
    for (const e of STAGING_RELEASE_ENDPOINTS) expect(handoff.endpoints[e].url, e).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(\/.*)?$/);
    expect(Object.values(handoff.published).every((u) => u.startsWith("https://"))).toBe(true);
  });
});

describe("the gateway on the gke target", () => {
  async function gkePlan(name = "jane-fx150", dnsZone = true): Promise<StackPlan> {
    const platform = await evaluateStack(rawConfigFromFile("platform-nonprod"), { today: TODAY });
    const outputs = { ...platform.outputs };
    if (!dnsZone) delete outputs.dnsZone;
    return evaluateStack(envRaw({ name, kubernetes: { target: "gke", platformStack: "mozilla/releng-envs/platform-nonprod" } }), {
      today: TODAY,
      stackOutputs: { "platform-nonprod": { outputs, secretOutputNames: PLATFORM_SECRET_OUTPUTS } },
    });
  }

  it("reserves an address, writes one A record per host into the platform's zone and certifies exactly those hosts", async () => {
    const plan = await gkePlan();
    expect(plan.configError ?? plan.programError).toBeUndefined();
    const records = plan.resources.filter((r) => r.type === "gcp:dns/recordSet:RecordSet").map((r) => r.inputs);
    const certificate = kubeObject(plan, "ManagedCertificate", "gateway-certificate");
    const domain = "envs.releng-nonprod.example.com";
    expect(records.map((r) => r.name).sort()).toEqual(certificate.spec.domains.map((d: string) => `${d}.`).sort());
    expect(certificate.spec.domains).toContain(`balrog-public.jane-fx150.${domain}`);
    for (const r of records) expect(r).toMatchObject({ managedZone: "releng-envs-nonprod-envs", project: "releng-envs-nonprod-example", type: "A", rrdatas: ["203.0.113.20"] });
    const [address] = plan.resources.filter((r) => r.type === "gcp:compute/globalAddress:GlobalAddress");
    expect(kubeObject(plan, "Ingress", "gateway").metadata.annotations["kubernetes.io/ingress.global-static-ip-name"]).toBe(address.inputs.name);
    expect((plan.outputs.stagingRelease as StagingRelease).endpoints.archivePrefix.url).toBe(`https://archive.jane-fx150.${domain}/pub`);
  });

  it("refuses a platform without a DNS zone, naming the key and the fix", async () => {
    const plan = await gkePlan("jane-fx150", false);
    expect(plan.programError).toBeUndefined();
    expect(plan.configError?.problems[0]).toMatchObject({ key: "releng-envs:kubernetes.platformStack" });
    expect(plan.configError?.message).toMatch(/no DNS zone[\s\S]*releng-envs:dns\.domain/);
  });

  it("refuses an environment name whose host names a Google-managed certificate cannot carry", async () => {
    const plan = await gkePlan("a-very-long-environment-name-for-tests");
    expect(plan.configError?.problems[0].key).toBe("releng-envs:name");
    expect(plan.configError?.message).toMatch(/longer than 63 characters/);
  });
});

describe("ingress config", () => {
  it("needs a domain on render and kubeconfig targets", () => {
    const e = problemsOf(envRaw({ ingress: { className: "nginx" } }));
    expect(e.problems.map((p) => p.key)).toEqual(["releng-envs:ingress.domain"]);
    expect(e.problems[0].fix).toMatch(/pulumi config set --path releng-envs:ingress.domain/);
  });

  it("is refused on the gke target, where the platform stack decides", () => {
    const e = problemsOf(envRaw({ ingress: { domain: "x.example.org" }, kubernetes: { target: "gke", platformStack: "o/releng-envs/platform-nonprod" } }));
    expect(e.problems.map((p) => p.key)).toEqual(["releng-envs:ingress.domain"]);
    expect(e.problems[0].fix).toMatch(/releng-envs:dns\.domain/);
  });

  it("refuses a domain with a scheme, a wildcard or a path", () => {
    for (const domain of ["https://x.example.org", "*.example.org", "x.example.org/pub"]) {
      expect(problemsOf(envRaw({ ingress: { domain } })).problems.map((p) => p.key)).toContain("releng-envs:ingress.domain");
    }
  });
});

// Every published Service's entry names a real table key (a typo would publish nothing).
it("publishes every in-cluster library Service", () => {
  expect(Object.keys(PUBLISHED_SERVICES).sort()).toEqual((Object.keys(IN_CLUSTER_SERVICES) as InClusterService[]).sort());
});
