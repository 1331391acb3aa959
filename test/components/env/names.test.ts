import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DNS_LABEL } from "../../../stacks/schema/common";
import { parseStackConfig, type EnvironmentStack } from "../../../stacks/load";
import { environmentObjects } from "../../../components/env/builders";
import { labelValue, namespaceName } from "../../../components/env/names";
import { validateKubeObject } from "../../../components/k8s/validate";
import type { KubeObject } from "../../../components/k8s/declare";
import { archiveSecrets, frontObjects, storeObjects } from "../../../components/services/archive/builders";
import { balrogObjects } from "../../../components/services/balrog/builders";
import { balrogBuildArgs } from "../../../components/services/balrog/common";
import { seedScriptText } from "../../../components/services/balrog/seedScript";
import { bouncerObjects } from "../../../components/services/bouncer/builders";
import { shipitObjects } from "../../../components/services/shipit/builders";
import { stagingRelease, stagingReleaseConfigMapObject } from "../../../components/services/handoff/stagingRelease";
import { environmentArgsOf, handoffInputOf, placementOf } from "../../../program/placement";
import { planArchive } from "../../../program/services/archive";
import { bouncer } from "../../../program/services/bouncer";
import { envRaw, TODAY } from "../../helpers";
import { planOf } from "../../planHelpers";

const envName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/);
const ALL_SERVICES = {
  balrog: {},
  bouncer: { images: { redirector: "registry.example.com/releng/go-bouncer:v3.0", admin: "registry.example.com/releng/bouncer-admin:v1.0" } },
  shipit: { imageTag: "production" },
  archive: {},
};

function envConfig(name: string) {
  return envRaw({ name, services: ALL_SERVICES }, { stack: `env-${name}`, file: `stacks/Pulumi.env-${name}.yaml` });
}

/** Every Kubernetes object (anything with apiVersion and kind) in a builder's nested result. */
function kubeObjectsIn(v: unknown): KubeObject[] {
  if (!v || typeof v !== "object") return [];
  if (Array.isArray(v)) return v.flatMap(kubeObjectsIn);
  const o = v as Record<string, unknown>;
  if (typeof o.apiVersion === "string" && typeof o.kind === "string") return [o as unknown as KubeObject];
  return Object.values(o).flatMap(kubeObjectsIn);
}

/**
 * The objects an environment's builders produce, without running the program (≈ 1 ms instead of a
 * full plan): the test below proves it is exactly the set the program declares.
 */
function builderObjects(config: EnvironmentStack): KubeObject[] {
  const s = config.services;
  const placement = placementOf(config);
  const handoff = handoffInputOf(config, placement);
  const archive = s.archive ? planArchive(config, placement).plan : undefined;
  return kubeObjectsIn([
    environmentObjects(environmentArgsOf(config, {}, placement)),
    [stagingReleaseConfigMapObject(stagingRelease(handoff), {})],
    s.balrog ? balrogObjects(balrogBuildArgs(placement, s.balrog, seedScriptText())) : [],
    s.bouncer ? bouncerObjects(placement, bouncer.plan(config, placement).settings, handoff) : [],
    s.shipit ? shipitObjects(placement, s.shipit) : [],
    archive ? [archiveSecrets(archive), storeObjects(archive), frontObjects(archive)] : [],
  ]);
}

const identity = (o: KubeObject) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;

describe("environment names", () => {
  it("the builders yield exactly the Kubernetes objects the program declares (so the property below covers the program)", async () => {
    const raw = envConfig("jane-fx150");
    const plan = await planOf(raw);
    const fromProgram = plan.kubeObjects.map((k) => identity(k.object as unknown as KubeObject)).sort();
    const fromBuilders = builderObjects(parseStackConfig(raw, { today: TODAY }) as EnvironmentStack).map(identity).sort();
    expect(fromBuilders).toEqual(fromProgram);
  });

  it("200 generated environments with all four services get unique namespaces and object names within Kubernetes limits", () => {
    const names = fc.sample(fc.uniqueArray(envName, { minLength: 200, maxLength: 200 }), { numRuns: 1, seed: 42 })[0];
    expect(new Set(names).size).toBe(200);
    const namespaces = new Set<string>();
    for (const name of names) {
      const config = parseStackConfig(envConfig(name), { today: TODAY }) as EnvironmentStack;
      const ns = namespaceName(name);
      expect(namespaces.has(ns)).toBe(false);
      namespaces.add(ns);
      const objects = builderObjects(config);
      expect(objects.length).toBeGreaterThan(40);
      for (const object of objects) {
        const meta = object.metadata as { name: string; namespace?: string; labels: Record<string, string> };
        expect(meta.name.length).toBeLessThanOrEqual(63);
        expect(meta.name).toMatch(DNS_LABEL);
        if (meta.namespace) expect(meta.namespace).toBe(ns);
        for (const v of Object.values(meta.labels ?? {})) expect(v.length).toBeLessThanOrEqual(63);
        expect(validateKubeObject(object)).toEqual([]);
      }
    }
    expect(namespaces.size).toBe(200);
  });

  it("turns any email into a valid label value", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const v = labelValue(email);
        expect(v.length).toBeLessThanOrEqual(63);
        expect(v).toMatch(/^([a-z0-9]([-_.a-z0-9]*[a-z0-9])?)?$/);
      }),
      { numRuns: 500 },
    );
  });
});
