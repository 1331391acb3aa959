// What Taskcluster and the tree need, handed over (issue #15, point 3): the handoff's pools and Try
// overrides, and out/<stack>/fxci-config.yaml in the shape of mozilla-releng/fxci-config clients.yml
// (checked against the real file at the commit in test/upstream.json when it is available).
import { handoffInputOf } from "../../../program/placement";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { fxciConfig } from "../../../components/services/handoff/fxciConfig";
import { stagingRelease } from "../../../components/services/handoff/stagingRelease";
import { envWorkerType } from "../../../domain/pools/envNames";
import { parseStackConfig, type EnvironmentStack } from "../../../stacks/load";
import { envRaw, TODAY } from "../../helpers";
import { upstreamSource } from "../../upstream";

const ALL = { balrog: {}, archive: {}, bouncer: { images: { redirector: "r.example/gb:1", admin: "r.example/ba:1" } }, shipit: { imageTag: "production" } };
const config = (pools: string[]) => parseStackConfig(envRaw({ services: ALL, pools, ingress: { domain: "envs.example.org" } }), { today: TODAY }) as EnvironmentStack;
const FXCI = upstreamSource("fxci");

describe("Try and fxci-config handoff", () => {
  it("names the worker type per script and the tree keys a Try push overrides", () => {
    const h = stagingRelease(handoffInputOf(config(["balrog", "beetmover"])), "envs.example.org");
    expect(h.pools.balrog).toEqual({ provisioner: "scriptworker-k8s", workerType: envWorkerType("balrog", "jane-fx150"), taskclusterClientId: `project/releng/scriptworker/v2/balrog/env/${envWorkerType("balrog", "jane-fx150")}` });
    expect(h.pools.bouncer).toBeUndefined();
    expect(h.tryPush).toContainEqual({ file: "taskcluster/config.yml", key: "workers.aliases.beetmover.worker-type", value: envWorkerType("beetmover", "jane-fx150") });
    expect(h.tryPush).toContainEqual({ file: "taskcluster/kinds/release-update-verify-config/kind.yml", key: "aus-server", value: "https://balrog-public.jane-fx150.envs.example.org" });
    expect(fxciConfig(stagingRelease(handoffInputOf(config([])), "envs.example.org"))).toBeUndefined();
  });

  it.skipIf("skip" in FXCI)(`writes clients.yml entries shaped like fxci-config's own scriptworker clients${"skip" in FXCI ? ` — SKIPPED: ${FXCI.skip}` : ""}`, () => {
    const upstream = YAML.parse(fs.readFileSync(path.join((FXCI as { dir: string }).dir, "clients.yml"), "utf8")) as Record<string, { description: string; scopes: string[] }>;
    const model = upstream["project/releng/scriptworker/v2/balrog/dev/firefoxci-gecko-1"];
    expect(model.scopes).toEqual(["queue:claim-work:scriptworker-k8s/gecko-1-balrog-dev", "queue:worker-id:gecko-1-balrog-dev/gecko-1-balrog-dev-*"]);
    const ours = fxciConfig(stagingRelease(handoffInputOf(config(["balrog", "beetmover", "bouncer", "shipit"])), "envs.example.org"))!["clients.yml"];
    expect(Object.keys(ours)).toHaveLength(4);
    for (const [id, entry] of Object.entries(ours)) {
      expect(Object.keys(entry).sort()).toEqual(Object.keys(model).sort());
      expect(id).toMatch(/^project\/releng\/scriptworker\/v2\/[a-z]+\/env\/gecko-1-[a-z]+-/);
      expect(upstream[id]).toBeUndefined(); // a new client, never one fxci-config already has
      const wt = id.split("/").at(-1)!;
      // The same two scopes as the model, for the pool's own worker type.
      expect(entry.scopes).toEqual(model.scopes.map((s) => s.replaceAll("gecko-1-balrog-dev", wt)));
    }
  });
});
