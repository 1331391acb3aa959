// cli/catalogueCache.ts: `list` lists an unchanged library from the catalogue it read last time, and
// any change to what the catalogue is made of — a stack file, holders.yaml, Pulumi.yaml, the day —
// lists it afresh, problems included.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../stacks/projectRoot";
import { cli, envFile, tempStacks } from "./helpers";

function library() {
  const projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), "catalogue-root-"));
  fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(projectRoot, "Pulumi.yaml"));
  const stacksDir = tempStacks({ "Pulumi.env-fine.yaml": envFile("fine", { due: "2026-11-30" }) });
  const catalogueCache = fs.mkdtempSync(path.join(os.tmpdir(), "catalogue-cache-"));
  const list = async (...args: string[]) => {
    const r = await cli(["list", "--json", ...args], { stacksDir, projectRoot, catalogueCache });
    expect(r.err).toBe("");
    return JSON.parse(r.out) as { today: string; environments: { name: string; problems: string[]; holderGitHub?: string; daysLeft?: number; overdue: boolean }[] };
  };
  const cached = () => fs.readdirSync(catalogueCache).filter((f) => f.endsWith(".json"));
  return { projectRoot, stacksDir, catalogueCache, list, cached };
}

describe("the catalogue cache of list", () => {
  it("lists an unchanged library from the cache, exactly as read", async () => {
    const lib = library();
    const first = await lib.list();
    expect(lib.cached()).toHaveLength(1);
    // Tamper with the cached entry: a second listing of the unchanged library shows what the cache says.
    const [entry] = lib.cached();
    const file = path.join(lib.catalogueCache, entry);
    const held = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, JSON.stringify(held.map((e: { name: string }) => ({ ...e, name: `${e.name}-from-cache` }))));
    expect((await lib.list()).environments.map((e) => e.name)).toContain("fine-from-cache");
    fs.writeFileSync(file, JSON.stringify(held));
    expect(await lib.list()).toEqual(first);
  });

  it("reads afresh when a stack file, holders.yaml, Pulumi.yaml or the day changes, and shows a new problem at once", async () => {
    const lib = library();
    await lib.list();
    fs.writeFileSync(path.join(lib.stacksDir, "Pulumi.env-fine.yaml"), envFile("fine", { holder: "not-an-email", due: "2026-11-30" }));
    const broken = await lib.list();
    expect(broken.environments.find((e) => e.name === "fine")!.problems.join("\n")).toMatch(/holder/);
    fs.writeFileSync(path.join(lib.stacksDir, "Pulumi.env-fine.yaml"), envFile("fine", { due: "2026-11-30" }));
    fs.writeFileSync(path.join(lib.stacksDir, "Pulumi.env-new.yaml"), envFile("new", { due: "2026-11-29" }));
    expect((await lib.list()).environments.map((e) => e.name)).toContain("new");
    fs.writeFileSync(path.join(lib.projectRoot, "holders.yaml"), "jane.doe@mozilla.com: janedoe\n");
    expect((await lib.list()).environments.find((e) => e.name === "fine")!.holderGitHub).toBe("janedoe");
    fs.appendFileSync(path.join(lib.projectRoot, "Pulumi.yaml"), "\n# a comment\n");
    await lib.list();
    const later = await lib.list("--overdue");
    expect(later.environments).toEqual([]);
    const { environments } = JSON.parse((await cli(["--today", "2026-12-15", "list", "--json", "--overdue"], { stacksDir: lib.stacksDir, projectRoot: lib.projectRoot, catalogueCache: lib.catalogueCache })).out);
    expect(environments.map((e: { name: string }) => e.name).sort()).toEqual(["fine", "new"]);
    // One entry per distinct library and day (the --overdue listing reused the one before it).
    expect(lib.cached().length).toBe(6);
  });

  it("reads afresh over a corrupt entry, and never caches a listing with --state", async () => {
    const lib = library();
    const first = await lib.list();
    fs.writeFileSync(path.join(lib.catalogueCache, lib.cached()[0]), "{ not json");
    expect(await lib.list()).toEqual(first);
    const state = fs.mkdtempSync(path.join(os.tmpdir(), "catalogue-state-"));
    const before = lib.cached().length;
    await lib.list("--state", state);
    expect(lib.cached().length).toBe(before);
  });

  it("npx releng-envs list from the cache loads neither zod, YAML nor the stack schemas", () => {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-probe-")), "probe.js");
    fs.writeFileSync(probe, `process.on("exit", () => { const m = Object.keys(require.cache).filter((k) => /\\/node_modules\\/(zod|yaml)\\/|\\/stacks\\/(schema|load|stackFile)/.test(k)); if (m.length) process.stderr.write("LOADED " + m.slice(0, 3).join(" ") + "\\n"); });`);
    const bin = path.join(PROJECT_ROOT, "bin", "releng-envs.js");
    const list = () => spawnSync(process.execPath, ["-r", probe, bin, "--today", "2026-11-21", "list", "--json"], { encoding: "utf8" });
    const first = list();
    expect(first.status).toBe(0);
    const second = list();
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).not.toMatch(/LOADED/);
  });
});
