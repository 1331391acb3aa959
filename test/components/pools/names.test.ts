import { describe, expect, it } from "vitest";
import { COT_PRODUCTS } from "../../../catalog/pools";
import { TRUST_LEVELS } from "../../../catalog/trust";
import { SCRIPTS } from "../../../catalog/scripts";
import { poolNames } from "../../../domain/pools/names";

// Worker types, namespaces and Deployment names as they exist today in mozilla-releng/k8s-autoscale
// configs/relengworker-{prod,nonprod}/config.yml, and client ids as mozilla-releng/fxci-config
// clients.yml expands them (project/releng/scriptworker/v2/<script>/<env>/firefoxci-<trust>-<level>).
const KNOWN = [
  { script: "signing", product: "firefox", level: "prod", workerType: "gecko-3-signing", namespace: "prod-signing", deployment: "signing-prod-relengworker-firefoxci-gecko-3-1", client: "project/releng/scriptworker/v2/signing/prod/firefoxci-gecko-3", env: "prod" },
  { script: "signing", product: "firefox", level: "dep", workerType: "gecko-t-signing", namespace: "dep-signing", deployment: "signing-dep-relengworker-firefoxci-gecko-t-1", client: "project/releng/scriptworker/v2/signing/prod/firefoxci-gecko-t", env: "fake-prod" },
  { script: "signing", product: "firefox", level: "dev", workerType: "gecko-t-signing-dev", namespace: "dev-signing", deployment: "signing-dev-relengworker-firefoxci-gecko-t-1", client: "project/releng/scriptworker/v2/signing/dev/firefoxci-gecko-t", env: "dev" },
  { script: "beetmover", product: "firefox", level: "dep", workerType: "gecko-1-beetmover", namespace: "dep-beetmover", deployment: "beetmover-dep-relengworker-firefoxci-gecko-1-1", client: "project/releng/scriptworker/v2/beetmover/prod/firefoxci-gecko-1", env: "fake-prod" },
  { script: "beetmover", product: "firefox", level: "prod", workerType: "gecko-3-beetmover", namespace: "prod-beetmover", deployment: "beetmover-prod-relengworker-firefoxci-gecko-3-1", client: "project/releng/scriptworker/v2/beetmover/prod/firefoxci-gecko-3", env: "prod" },
  { script: "tree", product: "thunderbird", level: "dev", workerType: "comm-1-tree-dev", namespace: "dev-tree", deployment: "tree-dev-relengworker-firefoxci-comm-1-1", client: "project/releng/scriptworker/v2/tree/dev/firefoxci-comm-1", env: "dev" },
  { script: "pushapk", product: "mobile", level: "prod", workerType: "mobile-3-pushapk", namespace: "prod-pushapk", deployment: "pushapk-prod-relengworker-firefoxci-mobile-3-1", client: "project/releng/scriptworker/v2/pushapk/prod/firefoxci-mobile-3", env: "prod" },
  { script: "signing", product: "app-services", level: "prod", workerType: "app-services-3-signing", namespace: "prod-signing", deployment: "signing-prod-relengworker-firefoxci-app-services-3-1", client: "project/releng/scriptworker/v2/signing/prod/firefoxci-app-services-3", env: "prod" },
  { script: "signing", product: "mozillavpn", level: "dev", workerType: "mozillavpn-t-signing-dev", namespace: "dev-signing", deployment: "signing-dev-relengworker-firefoxci-mozillavpn-t-1", client: "project/releng/scriptworker/v2/signing/dev/firefoxci-mozillavpn-t", env: "dev" },
  { script: "balrog", product: "xpi", level: "dev", workerType: "xpi-1-balrog-dev", namespace: "dev-balrog", deployment: "balrog-dev-relengworker-firefoxci-xpi-1-1", client: "project/releng/scriptworker/v2/balrog/dev/firefoxci-xpi-1", env: "dev" },
  { script: "shipit", product: "adhoc", level: "dep", workerType: "adhoc-1-shipit", namespace: "dep-shipit", deployment: "shipit-dep-relengworker-firefoxci-adhoc-1-1", client: "project/releng/scriptworker/v2/shipit/prod/firefoxci-adhoc-1", env: "fake-prod" },
] as const;

describe("poolNames", () => {
  it.each(KNOWN)("$script/$product at $level is $workerType", (k) => {
    const n = poolNames({ script: k.script, product: k.product, level: k.level });
    expect(n.workerType).toBe(k.workerType);
    expect(n.namespace).toBe(k.namespace);
    expect(n.deployment).toBe(k.deployment);
    expect(n.taskclusterClientId).toBe(k.client);
    expect(n.env).toBe(k.env);
    expect(n.provisioner).toBe("scriptworker-k8s");
  });

  it("maps trust domains: firefox→gecko, thunderbird→comm, others keep their name", () => {
    expect(poolNames({ script: "shipit", product: "firefox", level: "prod" }).trustDomain).toBe("gecko");
    expect(poolNames({ script: "shipit", product: "thunderbird", level: "prod" }).trustDomain).toBe("comm");
    expect(poolNames({ script: "shipit", product: "mozillavpn", level: "prod" }).trustDomain).toBe("mozillavpn");
  });

  it("uses the images' default tag per level", () => {
    expect(poolNames({ script: "signing", product: "firefox", level: "prod" }).image).toBe("mozilla/releng-signingscript:production");
    expect(poolNames({ script: "signing", product: "firefox", level: "dep" }).image).toBe("mozilla/releng-signingscript:production");
    expect(poolNames({ script: "tree", product: "firefox", level: "dev" }).image).toBe("mozilla/releng-treescript:dev");
  });

  // Every script × product × level: valid Kubernetes names and label values, and no two pools collide.
  it("gives every possible pool valid, unique names", () => {
    const seen = new Set<string>();
    for (const script of SCRIPTS)
      for (const product of COT_PRODUCTS)
        for (const level of TRUST_LEVELS) {
          const n = poolNames({ script, product, level });
          expect(n.workerType).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
          expect(n.workerType.length).toBeLessThanOrEqual(63);
          expect(n.deployment.length).toBeLessThanOrEqual(63);
          expect(`${n.deployment}-autograph`.length).toBeLessThanOrEqual(253);
          expect(n.namespace).toMatch(/^(prod|dep|dev)-[a-z]+$/);
          expect(n.workerLevel).toBe(level === "prod" ? "3" : script === "signing" ? "t" : "1");
          expect(n.workerType.endsWith("-dev")).toBe(level === "dev");
          const id = `${n.namespace}/${n.deployment}`;
          expect(seen.has(id), id).toBe(false);
          seen.add(id);
        }
  });
});
