// Where upstream's stock start-up reads, at a trust level, a name that level may not hold here: each
// such conflict is decided in catalog/trust.ts LEVEL_NAME_CONFLICTS (a plain placeholder, or the pool
// refused at that level). The conflicts are derived from upstream's own start-up data
// (catalog/upstream/), so a new one upstream adds fails here until it is decided.
import { describe, expect, it } from "vitest";
import { SCRIPT_CATALOG, type ScriptName } from "../../catalog/scripts";
import { LEVEL_NAME_CONFLICTS, TRUST_LEVELS, UNUSED_CREDENTIAL_PLACEHOLDER } from "../../catalog/trust";
import { WORKER_ENV } from "../../catalog/pools";
import { upstreamData } from "../../catalog/upstreamContract";
import { poolEnv } from "../../components/pools/builders";
import { resolvePool } from "../../components/pools/resolve";
import { acceptedSecrets, credentialsAllowed, placeholderNames, refusedAtLevel, requiredSecrets, secretForbiddenReason, upstreamPodVariables } from "../../domain/pools/rules";
import { isConfigError } from "../../stacks/errors";
import { parseStackConfig } from "../../stacks/load";
import { TODAY } from "../helpers";
import { poolsRaw } from "../poolsHelpers";

/** Every (level, script, product) where upstream's start-up reads a name the level may not hold (Autograph names of signing pools apart: the generated passwords.yml decides those). */
function conflictsFromUpstream() {
  const out: { level: string; script: ScriptName; product: string; names: string[] }[] = [];
  for (const level of TRUST_LEVELS) {
    for (const script of Object.keys(SCRIPT_CATALOG) as ScriptName[]) {
      for (const product of SCRIPT_CATALOG[script].products) {
        const names = upstreamPodVariables(script, level, product)
          .filter((n) => secretForbiddenReason(level, n))
          .filter((n) => !(SCRIPT_CATALOG[script].signing && n.startsWith("AUTOGRAPH_")));
        if (names.length > 0) out.push({ level, script, product, names: names.sort() });
      }
    }
  }
  return out;
}

describe("names upstream reads where a level may not hold them", () => {
  it("are each decided in the catalogue, and every decision answers a conflict upstream has", () => {
    const conflicts = conflictsFromUpstream();
    expect(conflicts.length).toBeGreaterThan(0);
    for (const c of conflicts) {
      const decided = LEVEL_NAME_CONFLICTS.filter((d) => d.script === c.script && d.levels.includes(c.level as never) && (d.product === undefined || d.product === c.product));
      expect(decided.flatMap((d) => d.names), `${c.level} ${c.script} ${c.product}`).toEqual(expect.arrayContaining(c.names));
    }
    for (const d of LEVEL_NAME_CONFLICTS) {
      for (const level of d.levels) {
        const hit = conflicts.filter((c) => c.script === d.script && c.level === level && (d.product === undefined || c.product === d.product));
        expect(hit.flatMap((c) => c.names), `${d.decision} ${level} ${d.script}`).toEqual(expect.arrayContaining([...d.names]));
      }
    }
  });

  it("get a placeholder only where upstream renders them into a template and no start-up script checks them", () => {
    const scripts = upstreamData()["scriptworker-scripts"].scripts;
    for (const d of LEVEL_NAME_CONFLICTS.filter((x) => x.decision === "placeholder")) {
      for (const level of d.levels) {
        for (const product of SCRIPT_CATALOG[d.script as ScriptName].products) {
          const startup = scripts[d.script]?.startup[WORKER_ENV[level]]?.[product];
          if (!startup?.starts) continue;
          for (const [file, names] of Object.entries(startup.requires)) {
            const checked = names.filter((n) => d.names.includes(n));
            if (checked.length > 0) expect(file.startsWith("/app/docker.d/") && file.endsWith(".yml"), `${level} ${d.script} ${product}: ${file} reads ${checked.join(", ")}`).toBe(true);
          }
        }
      }
    }
  });

  it("a dep or dev pushmsix pool starts with plain placeholders and holds no Microsoft Store credential; a prod one reads them from its Secret", () => {
    for (const level of ["dep", "dev"] as const) {
      const pool = resolvePool(level, { script: "pushmsix", product: "firefox", replicas: { min: 0, initial: 0 } });
      expect(pool.placeholders).toEqual(["CLIENT_ID", "CLIENT_SECRET", "TENANT_ID"]);
      expect(pool.requiredSecrets.filter((n) => secretForbiddenReason(level, n))).toEqual([]);
      expect(acceptedSecrets({ script: "pushmsix", product: "firefox", level })).not.toContain("TENANT_ID");
      expect(credentialsAllowed("pushmsix", level)).not.toContain("CLIENT_SECRET");
      const env = poolEnv(pool);
      for (const name of ["TENANT_ID", "CLIENT_ID", "CLIENT_SECRET"]) expect(env.filter((e) => e.name === name)).toEqual([{ name, value: UNUSED_CREDENTIAL_PLACEHOLDER }]);
      // Every variable upstream's start-up reads is set, so the stock image starts.
      const set = new Set(env.map((e) => e.name));
      for (const name of upstreamPodVariables("pushmsix", level, "firefox")) expect(set.has(name), name).toBe(true);
    }
    const prod = resolvePool("prod", { script: "pushmsix", product: "firefox", replicas: { min: 0, initial: 0 } });
    expect(prod.placeholders).toEqual([]);
    expect(prod.requiredSecrets).toEqual(expect.arrayContaining(["TENANT_ID", "CLIENT_ID", "CLIENT_SECRET"]));
    expect(poolEnv(prod).find((e) => e.name === "TENANT_ID")?.valueFrom?.secretKeyRef?.key).toBe("TENANT_ID");
    expect(placeholderNames("beetmover", "dep", "firefox")).toEqual([]);
  });

  it("a dep translations beetmover (upstream's production pool) is refused at config time; dev translations and dep firefox beetmover are not", () => {
    expect(refusedAtLevel("beetmover", "dep", "translations")).toMatch(/production pool/);
    expect(refusedAtLevel("beetmover", "dev", "translations")).toBeUndefined();
    expect(refusedAtLevel("beetmover", "dep", "firefox")).toBeUndefined();
    let error: unknown;
    try {
      parseStackConfig(poolsRaw("dep", [{ script: "beetmover", product: "firefox" }, { script: "beetmover", product: "translations" }]), { today: TODAY });
    } catch (e) {
      error = e;
    }
    expect(isConfigError(error)).toBe(true);
    const problems = (error as { problems: { key: string; problem: string; fix: string }[] }).problems;
    expect(problems.map((p) => p.key)).toEqual(["releng-envs:pools[1].product"]);
    expect(problems[0].fix).toMatch(/prod pools stack/);
    expect(() => parseStackConfig(poolsRaw("dev", [{ script: "beetmover", product: "translations" }]), { today: TODAY })).not.toThrow();
    expect(requiredSecrets({ script: "beetmover", product: "translations", level: "dev" })).not.toContain("GCS_RELEASE_CREDS");
  });
});
