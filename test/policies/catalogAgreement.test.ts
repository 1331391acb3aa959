// The pack never imports the program: its trust facts come from policies/generated/, written from
// the catalogue by tools/trust/packCatalog.ts. These tests fail when the generated files differ from
// what the catalogue says now (run `npm run generate:pack`), and check that the lists the pack
// enforces are the ones the config checks enforce.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ANNOTATIONS, LABELS } from "../../catalog/environment";
import * as trust from "../../catalog/trust";
import { SCRIPTS } from "../../catalog/scripts";
import { ANNOTATION_KEYS, DEFAULTS, LABEL_KEYS } from "../../policies/defaults";
import { CATALOG } from "../../policies/generated/catalog";
import { POLICIES } from "../../policies/pack";
import { credentialsAllowed } from "../../domain/pools/rules";
import { projectConfigDefaults, PROJECT_ROOT } from "../../stacks/stackFile";
import { environmentSchema } from "../../stacks/schema";
import { packFiles } from "../../tools/trust/packCatalog";

describe("the pack's generated catalogue", () => {
  it.each(Object.entries(packFiles()))("%s is what the catalogue generates (npm run generate:pack)", (file, text) => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8")).toBe(text);
  });

  it("label and annotation keys are the ones the program writes", () => {
    expect(LABEL_KEYS).toEqual(LABELS);
    expect(ANNOTATION_KEYS).toEqual(ANNOTATIONS);
  });

  it("the lists the pack enforces are the catalogue's", () => {
    expect(DEFAULTS.autographStageHosts).toEqual(trust.AUTOGRAPH_SERVER_HOSTS.stage);
    expect(DEFAULTS.stageFormats).toEqual(trust.AUTOGRAPH_FORMATS.stage);
    expect(DEFAULTS.stagingHosts).toEqual(trust.STAGING_HOSTS);
    expect(DEFAULTS.productionWriteHosts).toEqual(trust.PRODUCTION_WRITE_HOSTS);
    expect(DEFAULTS.productionReleaseBuckets).toEqual(trust.BUCKETS_ALLOWED.prod.filter((b) => !trust.BUCKETS_ALLOWED.dep.includes(b)));
    expect(DEFAULTS.productionReleaseBuckets).toContain("moz-fx-productdelivery-pr-38b5-productdelivery");
    expect(DEFAULTS.readOnlyProductionHosts).toEqual(trust.READ_ONLY_PRODUCTION_HOSTS);
    expect(DEFAULTS.prodOnlySecrets).toEqual(trust.PROD_ONLY_SECRETS);
    expect(DEFAULTS.stageCredentials).toEqual(trust.STAGE_CREDENTIALS);
    expect(DEFAULTS.prodCertScopes).toEqual(trust.CERT_SCOPES_ALLOWED.prod);
    expect(DEFAULTS.nonProdCertScopes).toEqual(trust.CERT_SCOPES_ALLOWED.dep);
    expect(DEFAULTS.storePushScripts).toEqual(trust.STORE_PUSH_SCRIPTS);
    expect(DEFAULTS.forbiddenShipitChannels).toEqual(trust.FORBIDDEN_SHIPIT_CHANNELS);
    expect(CATALOG.autograph.formats).toEqual(trust.AUTOGRAPH_FORMATS);
    expect(CATALOG.autograph.serversAllowed).toEqual(trust.AUTOGRAPH_SERVERS_ALLOWED);
    expect(CATALOG.autograph.credentialsAllowed).toEqual(trust.AUTOGRAPH_CREDENTIALS_ALLOWED);
    expect(CATALOG.bucketsAllowed).toEqual(trust.BUCKETS_ALLOWED);
    for (const level of trust.TRUST_LEVELS) for (const script of SCRIPTS) expect(CATALOG.poolCredentials[level][script], `${level} ${script}`).toEqual(credentialsAllowed(script, level));
  });

  it("no level's credential allow-list holds what the level may not hold", () => {
    for (const script of SCRIPTS) {
      for (const name of credentialsAllowed(script, "dep")) expect(trust.PROD_ONLY_SECRETS.some((p) => new RegExp(`^${p.replace("*", ".*")}$`).test(name)), `${script} dep ${name}`).toBe(false);
      expect(credentialsAllowed(script, "dep").some((n) => n.startsWith("AUTOGRAPH_STAGE_")), script).toBe(false);
      expect(credentialsAllowed(script, "prod").some((n) => n.startsWith("AUTOGRAPH_STAGE_")), script).toBe(false);
    }
    expect(credentialsAllowed("signing", "dev")).toContain("AUTOGRAPH_STAGE_GPG_PASSWORD");
    expect(credentialsAllowed("signing", "prod")).toContain("AUTOGRAPH_MAR_RELEASE_PASSWORD");
    expect(credentialsAllowed("signing", "dep")).not.toContain("AUTOGRAPH_MAR_RELEASE_PASSWORD");
  });

  it("no host is both read-only for environments and a write or staging endpoint", () => {
    for (const h of trust.READ_ONLY_PRODUCTION_HOSTS) {
      expect(trust.PRODUCTION_WRITE_HOSTS).not.toContain(h);
      expect(trust.STAGING_HOSTS).not.toContain(h);
    }
  });

  it("maxDueDays matches Pulumi.yaml's project default and the stack schema's default", () => {
    expect(projectConfigDefaults().maxDueDays).toBe(DEFAULTS.maxDueDays);
    expect(environmentSchema.shape.maxDueDays.parse(undefined)).toBe(DEFAULTS.maxDueDays);
  });

  it("every configSchema default of every policy is the pack's default list", () => {
    const lists = new Map(Object.entries(DEFAULTS));
    for (const p of POLICIES) {
      for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
        if (lists.has(key)) expect((schema as { default?: unknown }).default, `${p.name}.${key}`).toEqual(lists.get(key));
      }
    }
  });
});
