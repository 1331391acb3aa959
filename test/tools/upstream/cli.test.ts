// `npm run upstream`: finds checkouts and bare git directories, names what is missing, and the
// committed contract data names its upstream commits.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readUpstreamData, UPSTREAM_DATA_NAMES } from "../../../catalog/upstreamContract";
import { main } from "../../../tools/upstream/main";
import TEST_UPSTREAM from "../../upstream.json";
import { findGitDir, openRepo } from "../../../tools/upstream/repo";

function git(cwd: string, ...args: string[]) {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" }).trim();
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { log: (s: string) => out.push(s), error: (s: string) => err.push(s) }, out, err };
}

describe("upstream repositories", () => {
  it("reads a working checkout and a bare mirror at their committed HEAD", () => {
    const root = mkdtempSync(join(tmpdir(), "upstream-repos-"));
    const checkout = join(root, "balrog");
    mkdirSync(checkout);
    git(checkout, "init", "-q");
    writeFileSync(join(checkout, "README"), "committed\n");
    git(checkout, "add", "README");
    git(checkout, "commit", "-qm", "one");
    writeFileSync(join(checkout, "README"), "uncommitted edit\n");
    mkdirSync(join(root, "mozilla-releng+shipit"));
    git(root, "clone", "-q", "--bare", checkout, join(root, "mozilla-releng+shipit", "repo"));

    const a = openRepo(findGitDir(root, "mozilla-releng/balrog")!, "mozilla-releng/balrog");
    expect(a.read("README")).toBe("committed\n");
    expect(a.commit).toMatch(/^[0-9a-f]{40}$/);
    const b = openRepo(findGitDir(root, "mozilla-releng/shipit")!, "mozilla-releng/shipit");
    expect(b.commit).toBe(a.commit);
    expect(findGitDir(root, "mozilla-services/go-bouncer")).toBeUndefined();
    expect(() => a.read("missing.txt")).toThrow(/has no file missing\.txt/);
  });

  it("names the missing repositories and the fix, writes nothing, exits 2", async () => {
    const root = mkdtempSync(join(tmpdir(), "upstream-empty-"));
    const out = mkdtempSync(join(tmpdir(), "upstream-out-"));
    const c = capture();
    expect(await main([root, "--out", out], c.io)).toBe(2);
    expect(c.err.join("\n")).toMatch(/lacks mozilla-releng\/scriptworker-scripts, .*mozilla-releng\/k8s-autoscale/);
    expect(c.err.join("\n")).toMatch(/Fix: clone them there/);
    expect(() => readUpstreamData(out)).toThrow(/missing: run `npm run upstream/);
  });

  it("refuses a missing directory and a wrong argument count with a fix", async () => {
    const c = capture();
    expect(await main(["/nonexistent/dir"], c.io)).toBe(2);
    expect(c.err[0]).toMatch(/\/nonexistent\/dir is not a directory/);
    expect(await main([], c.io)).toBe(2);
    expect(c.err[1]).toMatch(/expected one <dir-with-checkouts>/);
  });
});

describe("committed contract data", () => {
  const data = readUpstreamData();

  it("names repository and commit for every file", () => {
    for (const name of UPSTREAM_DATA_NAMES) {
      expect(data[name].repository).toMatch(/^mozilla-(releng|services)\/[a-z0-9-]+$/);
      expect(data[name].commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it("agrees with test/upstream.json: a repository the tests fetch real files from is pinned at the contract data's commit", () => {
    const pinned = Object.entries(TEST_UPSTREAM).filter(([k]) => k !== "//") as [string, { repository: string; commit: string }][];
    const shared = pinned.filter(([, e]) => UPSTREAM_DATA_NAMES.some((n) => data[n].repository === e.repository));
    expect(shared.length).toBeGreaterThanOrEqual(2); // balrog and scriptworker-scripts today
    for (const [name, e] of shared) expect(e.commit, `test/upstream.json ${name}`).toBe(UPSTREAM_DATA_NAMES.map((n) => data[n]).find((d) => d.repository === e.repository)!.commit);
  });

  it("holds the start-up requirements the issue found (beetmover, treescript) and the worker types served", () => {
    const sw = data["scriptworker-scripts"].scripts;
    const beetDep = sw.beetmover.startup["fake-prod"].firefox;
    expect(beetDep.starts && beetDep.requires["init_worker.sh"]).toEqual(expect.arrayContaining(["GCS_DEP_CREDS", "MAVEN_NIGHTLY_ID", "MAVEN_NIGHTLY_KEY"]));
    const beetProd = sw.beetmover.startup.prod.firefox;
    expect(beetProd.starts && beetProd.requires["init_worker.sh"]).toEqual(expect.arrayContaining(["GCS_RELEASE_CREDS", "GCS_INTEGRATION_CREDS"]));
    const tree = sw.tree.startup["fake-prod"].thunderbird;
    expect(tree.starts && tree.requires["init_worker.sh"]).toContain("GITHUB_PRIVKEY");
    const served = Object.values(data["k8s-autoscale"].clusters).flat().map((w) => w.workerType);
    expect(served).toContain("comm-3-tree");
    expect(served.filter((w) => /^gecko-\d-tree/.test(w))).toEqual([]);
  });
});
