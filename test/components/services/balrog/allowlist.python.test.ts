// Balrog accepts the environment's own download hosts, and only its own (issue #15, point 4).
// Runs the project's WSGI entry (components/services/balrog/wsgi/releng_envs_entry.py) in python3
// over Balrog's REAL uwsgi/admin.wsgi and public.wsgi at a pinned commit (test/upstream.json), and
// judges URLs with Balrog's REAL isForbiddenUrl (src/auslib/AUS.py). Balrog's other imports (Flask
// app, database, GCS, Sentry) are recording stand-ins: PyPI is not reachable, and only the
// allow-list matters here. Skipped, with the reason in the name, without python3 or the source.
import { handoffInputOf } from "../../../../program/placement";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BALROG_ALLOWLIST_TEMPLATES } from "../../../../catalog/balrog";
import { balrogDownloadDomains, WSGI_ENTRY_PATH } from "../../../../components/services/balrog/wsgiEntry";
import { stagingRelease } from "../../../../components/services/handoff/stagingRelease";
import { parseStackConfig, type EnvironmentStack } from "../../../../stacks/load";
import { envRaw, TODAY } from "../../../helpers";
import { findExecutable } from "../../../servers";
import { upstreamSource } from "../../../upstream";

const PYTHON = findExecutable(["python3"]);
const SOURCE = upstreamSource("balrog");
const skip = !PYTHON ? "python3 is not installed" : "skip" in SOURCE ? SOURCE.skip : undefined;
const SUITE = `Balrog's download-domain allow-list in an environment${skip ? ` — SKIPPED: ${skip}` : ""}`;
if (skip) console.warn(`[balrog] ${SUITE}`);

const HARNESS = path.join(__dirname, "balrog_wsgi_harness.py");

interface Result {
  forbidden?: Record<string, boolean>;
  sameObject?: boolean;
  error?: string;
}

function run(app: "admin" | "public", entry: string, downloadDomains: Record<string, string>, urls: [string, string][]): Result {
  const cases = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "balrog-cases-")), "cases.json");
  fs.writeFileSync(cases, JSON.stringify({ downloadDomains, urls }));
  const out = execFileSync(PYTHON!, [HARNESS, (SOURCE as { dir: string }).dir, app, entry, cases], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Result;
}

function env(name: string): EnvironmentStack {
  const raw = envRaw({ name, services: { balrog: {}, archive: {}, bouncer: { images: { redirector: "r.example/gb:1", admin: "r.example/ba:1" } } }, ingress: { domain: "envs.example.org" } });
  return parseStackConfig(raw, { today: TODAY }) as EnvironmentStack;
}

const A = balrogDownloadDomains(stagingRelease(handoffInputOf(env("jane-fx150")), "envs.example.org"));
const B = balrogDownloadDomains(stagingRelease(handoffInputOf(env("joe-fx151")), "envs.example.org"));
const mar = (host: string) => `https://${host}/pub/firefox/candidates/150.0b3-candidates/build1/update/linux-x86_64/en-US/firefox-150.0b3.complete.mar`;

describe.skipIf(!!skip)(SUITE, () => {
  it("derives the environment's own archive and bouncer hosts from its handoff", () => {
    expect(A).toEqual({
      "archive.jane-fx150.envs.example.org": BALROG_ALLOWLIST_TEMPLATES.archive,
      "bouncer.jane-fx150.envs.example.org": BALROG_ALLOWLIST_TEMPLATES.bouncer,
    });
  });

  for (const app of ["admin", "public"] as const) {
    it(`${app}: accepts blobs on the environment's own hosts, refuses other environments' and unknown hosts`, () => {
      const urls: [string, string][] = [
        ["Firefox", mar("archive.jane-fx150.envs.example.org")],
        ["Firefox", "https://bouncer.jane-fx150.envs.example.org/?product=firefox-150.0b3-complete&os=linux64&lang=en-US"],
        ["Firefox", mar("archive.joe-fx151.envs.example.org")],
        ["Firefox", "https://bouncer.joe-fx151.envs.example.org/?product=firefox-150.0b3-complete"],
        ["Firefox", mar("archive.jane-fx150.envs.example.org.evil.example")],
        ["Firefox", mar("evil.example")],
        // Products the stage archive entry does not list stay refused on the environment's host too.
        ["OpenH264", mar("archive.jane-fx150.envs.example.org")],
        // Balrog's own entries still work.
        ["Firefox", mar("archive.mozilla.org")],
        ["Firefox", mar("ftp.stage.mozaws.net")],
      ];
      const r = run(app, WSGI_ENTRY_PATH, A, urls);
      expect(r.error).toBeUndefined();
      expect(r.sameObject).toBe(true); // the db layer and the app judge by the same extended dict
      expect(Object.values(r.forbidden!)).toEqual([false, false, true, true, true, true, true, false, false]);
    });

    it(`${app}: the stock entry (any other Balrog) refuses the environment's hosts`, () => {
      const r = run(app, "stock", {}, [["Firefox", mar("archive.jane-fx150.envs.example.org")], ["Firefox", mar("ftp.stage.mozaws.net")]]);
      expect(Object.values(r.forbidden!)).toEqual([true, false]);
    });

    it(`${app}: environment B's Balrog refuses environment A's hosts`, () => {
      const r = run(app, WSGI_ENTRY_PATH, B, [["Firefox", mar("archive.jane-fx150.envs.example.org")], ["Firefox", mar("archive.joe-fx151.envs.example.org")]]);
      expect(Object.values(r.forbidden!)).toEqual([true, false]);
    });
  }

  it("refuses to start when the entry whose products a host should take is not in Balrog's allow-list", () => {
    const r = run("admin", WSGI_ENTRY_PATH, { "archive.jane-fx150.envs.example.org": "no-such-entry.example" }, []);
    expect(r.error).toMatch(/RuntimeError: releng-envs: archive\.jane-fx150\.envs\.example\.org should take the products of no-such-entry\.example/);
  });
});
