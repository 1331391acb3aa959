// The Autograph credential prefixes each level may hold are exactly the ones upstream's stock
// signingscript uses at that level's ENV (catalog/upstream/scriptworker-scripts.json, recorded from
// mozilla-releng/scriptworker-scripts by `npm run upstream`): the usernames of the rendered
// passwords.yml entries for production Autograph, plus the Autograph names init_worker.sh checks; the
// stage list is what the dev rendering sends to Autograph stage. None invented here, none left out.
import { describe, expect, it } from "vitest";
import { hostOf } from "../../catalog/canonical";
import { WORKER_ENV } from "../../catalog/pools";
import { AUTOGRAPH_CREDENTIALS_ALLOWED, AUTOGRAPH_SERVER_HOSTS, AUTOGRAPH_STAGE_CREDENTIALS, TRUST_LEVELS, type AutographServer, type TrustLevel } from "../../catalog/trust";
import { upstreamData } from "../../catalog/upstreamContract";

const prefix = (variable: string) => variable.replace(/_(USERNAME|PASSWORD)$/, "");

/** Credential prefixes upstream's signing start-up uses at `level`, by Autograph server. */
function upstreamCredentials(level: TrustLevel): Record<AutographServer, Set<string>> {
  const out: Record<AutographServer, Set<string>> = { prod: new Set(), stage: new Set() };
  const byProduct = upstreamData()["scriptworker-scripts"].scripts.signing.startup[WORKER_ENV[level]] ?? {};
  for (const startup of Object.values(byProduct)) {
    if (!startup.starts) continue;
    for (const entry of startup.autograph ?? []) {
      const host = hostOf(entry.url);
      const server = (Object.keys(AUTOGRAPH_SERVER_HOSTS) as AutographServer[]).find((s) => host !== undefined && AUTOGRAPH_SERVER_HOSTS[s].includes(host));
      if (!server) throw new Error(`passwords.yml at ${WORKER_ENV[level]} names an Autograph host the catalogue does not know: ${entry.url}`);
      out[server].add(prefix(entry.username)).add(prefix(entry.password));
    }
    // Names init_worker.sh checks (test_var_set) without a rendered entry using them.
    for (const name of startup.requires["init_worker.sh"] ?? []) {
      if (name.startsWith("AUTOGRAPH_")) out[name.startsWith("AUTOGRAPH_STAGE_") ? "stage" : "prod"].add(prefix(name));
    }
  }
  return out;
}

describe("Autograph credentials per level", () => {
  it("for production Autograph are the ones upstream's signingscript uses at the level's ENV", () => {
    for (const level of TRUST_LEVELS) {
      const upstream = upstreamCredentials(level);
      expect(upstream.prod.size, level).toBeGreaterThan(5);
      expect([...AUTOGRAPH_CREDENTIALS_ALLOWED[level]].sort(), `AUTOGRAPH_CREDENTIALS_ALLOWED.${level}`).toEqual([...upstream.prod].sort());
    }
  });

  it("for Autograph stage are the ones upstream's dev rendering sends to stage, and prod's rendering sends none there", () => {
    expect([...AUTOGRAPH_STAGE_CREDENTIALS].sort()).toEqual([...upstreamCredentials("dev").stage].sort());
    expect([...upstreamCredentials("prod").stage].filter((c) => !c.startsWith("AUTOGRAPH_STAGE_"))).toEqual([]);
  });
});
