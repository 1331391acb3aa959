// A dep or dev pushmsix pool gets TENANT_ID, CLIENT_ID and CLIENT_SECRET as the catalogue's plain
// placeholder (upstream's worker.yml renders them at every ENV and uses them only at prod): the pack
// accepts exactly that, and nothing an attacker could dress up as it.
import { describe, expect, it } from "vitest";
import { UNUSED_CREDENTIAL_PLACEHOLDER } from "../../catalog/trust";
import { noProdSecretsOutsideProd } from "../../policies/rules/no-prod-secrets-outside-prod";
import { poolCredentialsAllowed } from "../../policies/rules/pool-credentials-allowed";
import { builtPoolsStack, pool, run, type Res } from "./helpers";

const MSIX = ["TENANT_ID", "CLIENT_ID", "CLIENT_SECRET"];

/** The built dep pushmsix pool with its Deployment's env edited. */
function editedPushmsix(edit: (env: Record<string, any>[]) => Record<string, any>[]): Res[] {
  return builtPoolsStack("dep", [{ script: "pushmsix", product: "firefox" }], {}).map((r) => {
    if (!r.type.endsWith(":Deployment")) return r;
    const c = r.props.spec.template.spec.containers[0];
    c.env = edit(c.env);
    return r;
  });
}

async function findings(stack: Res[]): Promise<string[]> {
  return [...(await run(poolCredentialsAllowed, stack)), ...(await run(noProdSecretsOutsideProd, stack))];
}

describe("placeholders of names a level may not hold", () => {
  it("the dep and dev pushmsix pools as built carry the placeholders and pass both rules", async () => {
    for (const level of ["dep", "dev"] as const) {
      const stack = builtPoolsStack(level, [{ script: "pushmsix", product: "firefox" }], {});
      const env = stack.find((r) => r.type.endsWith(":Deployment"))!.props.spec.template.spec.containers[0].env as { name: string; value?: string }[];
      expect(env.filter((e) => MSIX.includes(e.name)).map((e) => e.value)).toEqual([UNUSED_CREDENTIAL_PLACEHOLDER, UNUSED_CREDENTIAL_PLACEHOLDER, UNUSED_CREDENTIAL_PLACEHOLDER]);
      expect(await findings(stack)).toEqual([]);
    }
  });

  it("flags a real value, a near-miss spelling, a Secret reference or a ConfigMap reference under a placeholder name", async () => {
    const variants: [string, (env: Record<string, any>[]) => Record<string, any>[]][] = [
      ["a real tenant id", (env) => env.map((e) => (e.name === "TENANT_ID" ? { name: e.name, value: "72f988bf-86f1-41af-91ab-2d7cd011db47" } : e))],
      ["the placeholder with a trailing space", (env) => env.map((e) => (e.name === "CLIENT_SECRET" ? { name: e.name, value: `${UNUSED_CREDENTIAL_PLACEHOLDER} ` } : e))],
      ["the placeholder in upper case", (env) => env.map((e) => (e.name === "CLIENT_ID" ? { name: e.name, value: UNUSED_CREDENTIAL_PLACEHOLDER.toUpperCase() } : e))],
      ["a Secret reference", (env) => env.map((e) => (e.name === "CLIENT_SECRET" ? { name: e.name, valueFrom: { secretKeyRef: { name: "gecko-1-pushmsix-secrets", key: "CLIENT_SECRET" } } } : e))],
      ["a ConfigMap reference", (env) => env.map((e) => (e.name === "TENANT_ID" ? { name: e.name, valueFrom: { configMapKeyRef: { name: "store", key: "tenant" } } } : e))],
    ];
    for (const [what, edit] of variants) {
      const found = await findings(editedPushmsix(edit));
      expect(found.length, what).toBeGreaterThan(0);
      expect(found.join("\n"), what).toMatch(/TENANT_ID|CLIENT_ID|CLIENT_SECRET/);
    }
  });

  it("flags the placeholder on a name the pool's script does not render (a dep beetmover or signing pool)", async () => {
    for (const script of ["beetmover", "signing"]) {
      const other = pool({ level: "dep", script, env: [{ name: "TENANT_ID", value: UNUSED_CREDENTIAL_PLACEHOLDER }] });
      expect((await run(poolCredentialsAllowed, other)).join("\n"), script).toMatch(/may not hold TENANT_ID/);
    }
  });
});
