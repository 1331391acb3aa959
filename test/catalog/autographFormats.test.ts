// The Autograph formats the catalogue allows per server are the ones upstream's signingscript
// configures for that server (signingscript/docker.d/passwords.yml at the pinned commit): no format
// invented here, none of upstream's left out unless listed below with the reason.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AUTOGRAPH_FORMATS, AUTOGRAPH_SERVER_HOSTS, type AutographServer } from "../../catalog/trust";
import { hostOf } from "../../catalog/canonical";
import { upstreamSource } from "../upstream";

/** Upstream formats the catalogue deliberately leaves out. */
const UPSTREAM_ONLY: Record<string, string> = {
  // One passwords.yml entry misspells gcp_prod_autograph_hash_only_mar384 (signingscript's sign.py
  // knows only the spelled-out name), so no task can ask for it.
  gcp_prodautograph_hash_only_mar384: "a typo in upstream's passwords.yml, unknown to signingscript",
};

/** Every `[url, user, password, [formats], …]` row of the template, by Autograph server. */
function upstreamFormats(template: unknown): Record<AutographServer, Set<string>> {
  const out: Record<AutographServer, Set<string>> = { prod: new Set(), stage: new Set() };
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      if (typeof x[0] === "string" && Array.isArray(x[3])) {
        const host = hostOf(x[0]);
        const server = (Object.keys(AUTOGRAPH_SERVER_HOSTS) as AutographServer[]).find((s) => host !== undefined && AUTOGRAPH_SERVER_HOSTS[s].includes(host));
        if (!server) throw new Error(`passwords.yml names an Autograph host the catalogue does not know: ${x[0]}`);
        for (const f of x[3]) out[server].add(String(f));
      }
      x.forEach(walk);
    } else if (x && typeof x === "object") Object.values(x).forEach(walk);
  };
  walk(template);
  return out;
}

const source = upstreamSource("scriptworker");

describe("Autograph formats per server", () => {
  it.skipIf("skip" in source)(`are upstream's, server by server${"skip" in source ? ` (skipped: ${source.skip})` : ""}`, () => {
    if ("skip" in source) return;
    const upstream = upstreamFormats(parse(fs.readFileSync(path.join(source.dir, "signingscript/docker.d/passwords.yml"), "utf8")));
    expect(upstream.prod.size).toBeGreaterThan(10);
    expect(upstream.stage.size).toBeGreaterThan(10);
    for (const server of ["prod", "stage"] as const) {
      const expected = [...upstream[server]].filter((f) => !(f in UPSTREAM_ONLY)).sort();
      expect([...AUTOGRAPH_FORMATS[server]].sort(), `AUTOGRAPH_FORMATS.${server}`).toEqual(expected);
    }
    // Every exclusion is still upstream's; drop it from the list once upstream fixes it.
    for (const f of Object.keys(UPSTREAM_ONLY)) expect(upstream.prod.has(f) || upstream.stage.has(f), f).toBe(true);
  });
});
