import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, envFile, snapshot, tempStacks, REPO_ENVIRONMENTS } from "./helpers";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function catalogueStacks() {
  return tempStacks({
    "Pulumi.env-late.yaml": envFile("late", { checkedOut: "2026-11-01", due: "2026-11-10" }),
    "Pulumi.env-fine.yaml": envFile("fine", { due: "2026-11-30", services: "[shipit]" }),
    // Broken beyond being overdue: still listed, with its problem.
    "Pulumi.env-broken.yaml": envFile("broken", { holder: "not-an-email", due: "2026-11-20" }),
    // Overdue and with a due date before its checkout: the due problem is real, and shown.
    "Pulumi.env-backwards.yaml": envFile("backwards", { checkedOut: "2026-11-10", due: "2026-11-05" }),
    // Not an environment: not in the catalogue.
    "Pulumi.pools-dev.yaml": "config:\n  releng-envs:kind: pools\n",
  });
}

describe("releng-envs list", () => {
  it("lists every environment as JSON: holder, services, due, days left, overdue — overdue and broken ones too", async () => {
    const stacksDir = catalogueStacks();
    const before = snapshot(stacksDir);
    const r = await cli(["list", "--json"], { stacksDir });
    expect(r.code).toBe(0);
    const { today, environments } = JSON.parse(r.out);
    expect(today).toBe("2026-11-21");
    const byName = Object.fromEntries(environments.map((e: { name: string }) => [e.name, e]));
    expect(Object.keys(byName).sort()).toEqual([...REPO_ENVIRONMENTS, "backwards", "broken", "fine", "late"].sort());
    expect(byName.backwards).toMatchObject({ overdue: true, problems: [expect.stringMatching(/^releng-envs:due: 2026-11-05 is in the past: before the checkout date 2026-11-10/)] });
    expect(byName.late).toMatchObject({ holder: "jane.doe@mozilla.com", services: ["balrog", "archive"], due: "2026-11-10", daysLeft: -11, overdue: true, problems: [] });
    expect(byName.fine).toMatchObject({ services: ["shipit"], daysLeft: 9, overdue: false, problems: [] });
    expect(byName.broken).toMatchObject({ due: "2026-11-20", daysLeft: -1, overdue: true });
    expect(byName.broken.holder).toBeUndefined();
    expect(byName.broken.problems).toEqual([expect.stringMatching(/^releng-envs:holder: must be an email address/)]);
    // The sample is judged as of its checkout date: never overdue.
    expect(byName.example).toMatchObject({ sample: true, overdue: false, daysLeft: 14 });
    expect(snapshot(stacksDir)).toEqual(before);
  });

  it("prints a table with an overdue flag, and filters with --overdue", async () => {
    const stacksDir = catalogueStacks();
    const table = await cli(["list"], { stacksDir });
    expect(table.code).toBe(0);
    const lines = table.out.split("\n");
    expect(lines[0]).toMatch(/^NAME +HOLDER +SERVICES +DUE +LEFT +STATUS$/);
    expect(lines.find((l) => l.startsWith("late "))).toMatch(/jane\.doe@mozilla\.com +balrog,archive +2026-11-10 +-11 +OVERDUE 11d$/);
    expect(lines.find((l) => l.startsWith("fine "))).toMatch(/shipit +2026-11-30 +9 +ok$/);
    expect(lines.find((l) => l.startsWith("example "))).toMatch(/sample$/);
    expect(table.out).toMatch(/overdue: backwards, broken, late/);

    const overdue = JSON.parse((await cli(["list", "--json", "--overdue"], { stacksDir })).out);
    expect(overdue.environments.map((e: { name: string }) => e.name)).toEqual(["backwards", "broken", "late"]);
  });

  it("judges dates as of --today", async () => {
    const stacksDir = catalogueStacks();
    const r = JSON.parse((await cli(["--today", "2026-11-05", "list", "--json"], { stacksDir })).out);
    expect(r.today).toBe("2026-11-05");
    expect(r.environments.find((e: { name: string }) => e.name === "late")).toMatchObject({ daysLeft: 5, overdue: false });
  });

  it("adds URLs and seed provenance from state (stack export or outputs files), never secret values", async () => {
    const stacksDir = catalogueStacks();
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "state-"));
    const outputs = {
      namespace: "env-late",
      balrog: { publicUrl: "http://balrog-public.env-late.svc.cluster.local", seed: { dump: "https://storage.googleapis.com/balrog-prod-dbdump-v2/dump.sql.txt.xz", lastModified: "Fri, 20 Nov 2026 03:12:00 GMT" } },
      shipit: { adminUrl: { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" } },
    };
    fs.writeFileSync(path.join(stateDir, "env-late.json"), JSON.stringify({ version: 3, deployment: { resources: [{ urn: "urn:pulumi:env-late::releng-envs::pulumi:pulumi:Stack::releng-envs-env-late", type: "pulumi:pulumi:Stack", outputs }] } }));
    fs.mkdirSync(path.join(stateDir, "env-fine"));
    fs.writeFileSync(path.join(stateDir, "env-fine", "outputs.json"), JSON.stringify({ archive: { url: "http://archive.env-fine.svc.cluster.local" } }));

    const json = JSON.parse((await cli(["list", "--json", "--state", stateDir], { stacksDir })).out);
    const late = json.environments.find((e: { name: string }) => e.name === "late");
    expect(late.state.urls).toEqual([{ path: "balrog.publicUrl", url: "http://balrog-public.env-late.svc.cluster.local" }]);
    expect(late.state.seed).toEqual([
      { path: "balrog.seed.dump", value: "https://storage.googleapis.com/balrog-prod-dbdump-v2/dump.sql.txt.xz" },
      { path: "balrog.seed.lastModified", value: "Fri, 20 Nov 2026 03:12:00 GMT" },
    ]);
    expect(JSON.stringify(late)).not.toContain("ciphertext");
    expect(json.environments.find((e: { name: string }) => e.name === "fine").state.urls[0].url).toBe("http://archive.env-fine.svc.cluster.local");
    expect(json.environments.find((e: { name: string }) => e.name === "example").state).toBeUndefined();
    const table = await cli(["list", "--state", stateDir], { stacksDir });
    expect(table.out).toMatch(/ {4}url {3}balrog\.publicUrl: http:\/\/balrog-public/);
    expect(table.out).toMatch(/ {4}seed {2}balrog\.seed\.lastModified: Fri, 20 Nov 2026/);
  });

  it("shows an environment's staging-release endpoints (own or fallback) and its seed provenance from the plan's outputs", async () => {
    const stacksDir = tempStacks();
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-"));
    const plan = await cli(["plan", "--no-policies", "--out", outDir, "env-example"], { stacksDir });
    expect(plan.err).toBe("");
    expect(plan.code).toBe(0);
    const json = JSON.parse((await cli(["list", "--json", "--state", outDir], { stacksDir })).out);
    const example = json.environments.find((e: { name: string }) => e.name === "example").state;
    expect(example.urls).toContainEqual({ path: "balrogAdminApi (own)", url: "https://balrog-admin.example.envs.releng.example.com" });
    expect(example.urls).toContainEqual({ path: "archivePrefix (own)", url: "https://archive.example.envs.releng.example.com/pub" });
    expect(example.urls).toHaveLength(6);
    expect(example.seed.map((s: { path: string }) => s.path)).toContain("balrog.seed.provenance.source");

  });

  it("refuses a --state directory that does not exist", async () => {
    const stacksDir = catalogueStacks();
    const r = await cli(["list", "--state", "/nonexistent/state"], { stacksDir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--state \/nonexistent\/state: no such directory/);
  });
});

describe("holders.yaml: holders' GitHub logins for the reaper's mentions", () => {
  function projectWith(holders: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "releng-envs-root-"));
    fs.copyFileSync(path.join(__dirname, "../../Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    fs.writeFileSync(path.join(root, "holders.yaml"), holders);
    return root;
  }

  it("adds holderGitHub to the listed environments whose holder is mapped (email case aside)", async () => {
    const r = await cli(["list", "--json", "--overdue"], { stacksDir: catalogueStacks(), projectRoot: projectWith("Jane.Doe@mozilla.com: janedoe\n") });
    expect(r.code, r.err).toBe(0);
    const late = JSON.parse(r.out).environments.find((e: { name: string }) => e.name === "late");
    expect(late).toMatchObject({ holder: "jane.doe@mozilla.com", holderGitHub: "janedoe" });
  });

  it("refuses a holders.yaml that is not a map of emails to GitHub logins, naming the entry", async () => {
    for (const [text, message] of [
      ["jane.doe@mozilla.com: '@janedoe'\n", /jane\.doe@mozilla\.com[\s\S]*not a GitHub login/],
      ["janedoe: janedoe\n", /janedoe[\s\S]*not an email address/],
      ["- janedoe\n", /not a map/],
    ] as const) {
      const r = await cli(["list", "--json"], { stacksDir: catalogueStacks(), projectRoot: projectWith(text) });
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/holders\.yaml is not valid/);
      expect(r.err).toMatch(message);
    }
  });
});
