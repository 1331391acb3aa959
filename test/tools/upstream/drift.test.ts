// `npm run upstream -- --check`: reports upstream changes and fails only on one that breaks a
// declared workload. Fresh data here is the committed data with one upstream change applied.
import { beforeAll, describe, expect, it } from "vitest";
import { LABELS } from "../../../catalog/environment";
import { readUpstreamData, type UpstreamData } from "../../../catalog/upstreamContract";
import { declaredStacks, type DeclaredStack } from "../../../tools/contract/stacks";
import { checkDrift, formatDrift } from "../../../tools/upstream/drift";
import { TODAY } from "../../helpers";

const committed = readUpstreamData();
const fresh = (change: (d: UpstreamData) => void): UpstreamData => {
  const copy = structuredClone(committed);
  change(copy);
  return copy;
};

describe("drift check", () => {
  let declared: DeclaredStack[];
  beforeAll(async () => {
    declared = await declaredStacks(TODAY, { only: ["pools-dep", "env-example"] });
  }, 300_000);
  const options = () => ({ declared, allowed: [{ script: "bitrise", env: "prod", product: "mobile" }], workerTypeLabel: LABELS.workerType });

  it("no change: nothing reported, nothing broken", async () => {
    const drift = await checkDrift(committed, committed, options());
    expect(drift).toEqual({ changes: [], breaking: [] });
    expect(formatDrift(drift)).toMatch(/No upstream change/);
  });

  it("a new required variable of a declared pool breaks it", async () => {
    const d = await checkDrift(
      committed,
      fresh((x) => {
        const s = x["scriptworker-scripts"].scripts.beetmover.startup["fake-prod"].firefox;
        if (s.starts) s.requires["init_worker.sh"].push("NEW_BUCKET_CREDS");
        x["scriptworker-scripts"].commit = "f".repeat(40);
      }),
      options(),
    );
    expect(d.changes).toContain("scriptworker beetmover ENV=fake-prod COT_PRODUCT=firefox init_worker.sh requires: + NEW_BUCKET_CREDS");
    expect(d.breaking.join("\n")).toMatch(/pools-dep: Deployment\/dep-beetmover\/.* init_worker\.sh requires NEW_BUCKET_CREDS/);
  });

  it("a moved entrypoint and a renamed worker type break; a new route and a new worker type elsewhere only report", async () => {
    const moved = await checkDrift(
      committed,
      fresh((x) => {
        const admin = x.shipit.apps.admin;
        admin.image.files = admin.image.files.filter((f) => f !== "/app/docker.d/init.sh");
      }),
      options(),
    );
    expect(moved.breaking.join("\n")).toMatch(/env-example: Deployment\/env-example\/shipit-admin .*\/app\/docker\.d\/init\.sh/);

    const renamed = await checkDrift(
      committed,
      fresh((x) => {
        for (const workers of Object.values(x["k8s-autoscale"].clusters)) for (const w of workers) if (w.workerType === "gecko-1-balrog") w.workerType = "gecko-1-balrog-v2";
      }),
      options(),
    );
    expect(renamed.changes.join("\n")).toMatch(/worker types: \+ gecko-1-balrog-v2/);
    expect(renamed.breaking).toContain("pools-dep: worker type gecko-1-balrog is no longer served by k8s-autoscale");

    const harmless = await checkDrift(
      committed,
      fresh((x) => {
        x.balrog.apps.admin.routes.push({ path: "/v2/new-thing", file: "api_v2.yml" });
        x["k8s-autoscale"].clusters["relengworker-prod"].push({ workerType: "gecko-3-newscript", provisioner: "scriptworker-k8s", namespace: "prod-newscript", deployment: "x" });
      }),
      options(),
    );
    expect(harmless.changes.length).toBe(2);
    expect(harmless.breaking).toEqual([]);
    expect(formatDrift(harmless)).toMatch(/None of these breaks a declared workload/);
  });

  it("the catalogue allowing a combination upstream no longer starts breaks", async () => {
    const d = await checkDrift(
      committed,
      fresh((x) => {
        x["scriptworker-scripts"].scripts.bitrise.startup.prod.mobile = { starts: false, exitCode: 1, output: "" };
      }),
      options(),
    );
    expect(d.breaking).toContain("catalogue: bitrise ENV=prod COT_PRODUCT=mobile is allowed (catalog/scripts.ts) but upstream start-up no longer completes");
  });
});
