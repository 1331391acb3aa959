// Every URL- or host-valued setting of a stack is one of the canonical fields (stacks/schema/common.ts
// on catalog/canonical.ts): a malformed value is a clean problem (key, problem, fix; the value never
// repeated), user info is refused, and neither reaches the program as a PROGRAM ERROR (issue #18).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../stacks/load";
import { STACKS_DIR } from "../../stacks/stackFile";
import { runPlan } from "../../tools/plan/main";
import { envRaw, problemsOf, TODAY } from "../helpers";
import { cli, tempStacks, snapshot } from "../cli/helpers";

const SECRET = "hunter2-Zq8vX1";
/** A token every malformed value carries, to prove it is never echoed. */
const TOKEN = "zzq7";

const BOUNCER = { images: { redirector: "registry.example.com/go-bouncer:v3", admin: "registry.example.com/bouncer-admin:v1" } };

type Shape = "url" | "origin" | "host" | "schemeless";
interface Field {
  /** Key under releng-envs:. */
  key: string;
  shape: Shape;
  /** Stack values holding `v` at the key. */
  values(v: string): Record<string, unknown>;
  /** The `--services` a checkout needs for this key. */
  services: string;
}

const FALLBACKS = ["balrogAdminApi", "balrogPublic", "bouncerAdminApi", "bouncerRedirect", "shipitApi", "archivePrefix"];
const FIELDS: Field[] = [
  ...FALLBACKS.map((f): Field => ({ key: `fallbacks.${f}`, shape: "url", values: (v) => ({ fallbacks: { [f]: v } }), services: "balrog" })),
  { key: "services.shipit.taskclusterRootUrl", shape: "origin", values: (v) => ({ services: { shipit: { taskclusterRootUrl: v } } }), services: "shipit" },
  { key: "services.shipit.authDomain", shape: "host", values: (v) => ({ services: { shipit: { authDomain: v } } }), services: "shipit" },
  { key: "services.bouncer.schemaUrl", shape: "url", values: (v) => ({ services: { bouncer: { ...BOUNCER, schemaUrl: v } } }), services: "bouncer" },
  { key: "services.bouncer.cdn.http", shape: "schemeless", values: (v) => ({ services: { bouncer: { ...BOUNCER, cdn: { http: v, https: "download-installer.cdn.mozilla.net/pub" } } } }), services: "bouncer" },
  { key: "services.bouncer.cdn.https", shape: "schemeless", values: (v) => ({ services: { bouncer: { ...BOUNCER, cdn: { http: "download.cdn.mozilla.net/pub", https: v } } } }), services: "bouncer" },
  { key: "services.balrog.seed.url", shape: "url", values: (v) => ({ services: { balrog: { seed: { source: "url", url: v } } } }), services: "balrog" },
  { key: "services.archive.productionBaseUrl", shape: "origin", values: (v) => ({ services: { archive: { productionBaseUrl: v } } }), services: "archive" },
  { key: "egress.allowHosts[0]", shape: "host", values: (v) => ({ egress: { allowHosts: [v] } }), services: "balrog" },
  { key: "ingress.domain", shape: "host", values: (v) => ({ ingress: { domain: v } }), services: "balrog" },
];

/** Values each shape must refuse as malformed (none of them parses as what the field holds). */
const MALFORMED: Record<Shape, string[]> = {
  url: ["https://", `https://${TOKEN}%zz.example/x`, `ht!tp://${TOKEN}.example/`, `https://${TOKEN}..example/`],
  origin: ["https://", `https://${TOKEN}%zz.example`, `https://${TOKEN}..example`],
  host: [`${TOKEN}..example`, `https://${TOKEN}.example`, `${TOKEN}%zz.example`],
  schemeless: [`${TOKEN}..example/pub`, `https://${TOKEN}.example/pub`, `${TOKEN}%zz.example/pub`],
};
const WITH_USER_INFO: Record<Shape, string> = {
  url: `https://releng:${SECRET}@stage.example.org/api`,
  origin: `https://releng:${SECRET}@stage.example.org`,
  host: `releng:${SECRET}@stage.example.org`,
  schemeless: `releng:${SECRET}@stage.example.org/pub`,
};

/** A problem at `key` whose fix matches `fix`; no trace, none of `echoed` in the message. */
function expectProblemAt(values: Record<string, unknown>, key: string, echoed: string[], fix = / like /) {
  const e = problemsOf(envRaw(values));
  const atKey = e.problems.filter((p) => p.key === `releng-envs:${key}`);
  expect(atKey.length, `a problem at releng-envs:${key}; got ${e.problems.map((p) => p.key).join(", ")}`).toBeGreaterThan(0);
  expect(atKey.map((p) => p.fix).join("\n")).toMatch(fix);
  expect(e.message).not.toMatch(/PROGRAM ERROR|\n\s+at .+:\d+:\d+/);
  for (const v of echoed) expect(e.message).not.toContain(v);
}

describe("URL- and host-valued settings refuse malformed values and user info cleanly", () => {
  for (const field of FIELDS) {
    it(`${field.key}: malformed values are a problem at the key, never repeated`, () => {
      for (const bad of MALFORMED[field.shape]) expectProblemAt(field.values(bad), field.key, [TOKEN]);
    });
    it(`${field.key}: user info is refused, the password never shown`, () => {
      expectProblemAt(field.values(WITH_USER_INFO[field.shape]), field.key, [SECRET], /credentials/);
    });
  }

  it("stores each field in canonical form", () => {
    const c = parseStackConfig(
      envRaw({
        fallbacks: { shipitApi: "HTTPS://Shipit.Stage.Example.ORG./api" },
        services: {
          shipit: { taskclusterRootUrl: "https://TC.Example.org/", authDomain: "Auth.Example.ORG." },
          bouncer: { ...BOUNCER, cdn: { http: "CDN.Example.org/pub", https: "cdn.example.org:8443" }, schemaUrl: "https://Raw.Example.org:443/schema.sql" },
          balrog: { seed: { source: "url", url: "https://Storage.Example.org/b/dump.sql.txt.xz" } },
          archive: { productionBaseUrl: "https://Archive.Example.org/" },
        },
      }),
      { today: TODAY },
    );
    if (c.kind !== "environment") throw new Error("expected an environment");
    expect(c.fallbacks.shipitApi).toBe("https://shipit.stage.example.org/api");
    expect(c.services.shipit).toMatchObject({ taskclusterRootUrl: "https://tc.example.org", authDomain: "auth.example.org" });
    expect(c.services.bouncer).toMatchObject({ cdn: { http: "cdn.example.org/pub", https: "cdn.example.org:8443" }, schemaUrl: "https://raw.example.org/schema.sql" });
    expect(c.services.balrog?.seed).toMatchObject({ url: "https://storage.example.org/b/dump.sql.txt.xz" });
    expect(c.services.archive?.productionBaseUrl).toBe("https://archive.example.org");
  });

  it("refuses what an origin or a dump URL must not carry: a path, a port (archive), a query (a signed URL's signature)", () => {
    expectProblemAt({ services: { shipit: { taskclusterRootUrl: "https://tc.example.org/api" } } }, "services.shipit.taskclusterRootUrl", []);
    expectProblemAt({ services: { archive: { productionBaseUrl: "https://archive.example.org:8443" } } }, "services.archive.productionBaseUrl", []);
    expectProblemAt({ services: { balrog: { seed: { source: "url", url: `https://storage.example.org/d.xz?X-Goog-Signature=${SECRET}` } } } }, "services.balrog.seed.url", [SECRET]);
  });
});

describe("through the CLI and the plan: exit 1 with the problem, no PROGRAM ERROR", () => {
  it.each(FIELDS.filter((f) => !f.key.includes("[")).flatMap((f) => [[f.key, MALFORMED[f.shape][1]] as const, [f.key, WITH_USER_INFO[f.shape]] as const]))(
    "checkout --set %s=%s",
    async (key, value) => {
      const stacksDir = tempStacks();
      const before = snapshot(stacksDir);
      const field = FIELDS.find((f) => f.key === key)!;
      const extra =
        field.services === "bouncer" ? ["--set", `services.bouncer.images.redirector=${BOUNCER.images.redirector}`, "--set", `services.bouncer.images.admin=${BOUNCER.images.admin}`]
        : key === "services.balrog.seed.url" ? ["--set", "services.balrog.seed.source=url"]
        : [];
      const r = await cli(["checkout", "bob", "--holder", "bob@mozilla.com", "--services", field.services, "--days", "5", "--purpose", "Testing", ...extra, "--set", `${key}=${value}`], { stacksDir });
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(`--set ${key}`);
      expect(r.err).not.toMatch(/PROGRAM ERROR|\n\s+at .+:\d+:\d+/);
      expect(r.err + r.out).not.toContain(SECRET);
      expect(r.err + r.out).not.toContain(TOKEN);
      expect(snapshot(stacksDir)).toEqual(before);
    },
  );

  it("the offline plan reports a malformed fallback and Taskcluster root URL as the stack's config error", async () => {
    const stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "url-fields-"));
    const sample = fs.readFileSync(path.join(STACKS_DIR, "Pulumi.env-example.yaml"), "utf8");
    fs.writeFileSync(
      path.join(stacksDir, "Pulumi.env-example.yaml"),
      sample
        .replace("    shipit:\n", `    shipit:\n      taskclusterRootUrl: "https://"\n`)
        .replace("  releng-envs:kubernetes:\n", `  releng-envs:fallbacks:\n    shipitApi: "https://releng:${SECRET}@x.example.org/"\n    balrogPublic: "https://"\n  releng-envs:kubernetes:\n`),
    );
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "url-fields-out-"));
    const lines: string[] = [];
    const result = await runPlan({ stacks: [], stacksDir, outDir, today: TODAY, policies: false }, (l) => lines.push(l));
    expect(result.ok).toBe(false);
    const [plan] = result.plans;
    expect(plan.programError).toBeUndefined();
    expect(plan.configError?.problems.map((p) => p.key)).toEqual(
      expect.arrayContaining(["releng-envs:fallbacks.shipitApi", "releng-envs:fallbacks.balrogPublic", "releng-envs:services.shipit.taskclusterRootUrl"]),
    );
    const log = lines.join("\n");
    expect(log).not.toMatch(/PROGRAM ERROR/);
    expect(log + fs.readFileSync(path.join(outDir, "env-example", "ERROR"), "utf8")).not.toContain(SECRET);
  });
});
