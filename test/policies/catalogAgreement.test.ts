// The pack never imports the program, so its defaults are a second copy of the program's catalogue.
// This test is what keeps the two copies equal.
import { describe, expect, it } from "vitest";
import { ANNOTATIONS, LABELS } from "../../catalog/environment";
import * as trust from "../../catalog/trust";
import { ANNOTATION_KEYS, DEFAULTS, LABEL_KEYS } from "../../policies/defaults";
import { POLICIES } from "../../policies/pack";
import { projectConfigDefaults } from "../../stacks/stackFile";
import { environmentSchema } from "../../stacks/schema";

const sorted = (xs: readonly string[]) => [...xs].sort();

describe("policy pack defaults agree with the program's catalogue", () => {
  it("label and annotation keys are the ones the program writes", () => {
    for (const [k, v] of Object.entries(LABEL_KEYS)) expect(LABELS[k as keyof typeof LABELS], `LABELS.${k}`).toBe(v);
    for (const [k, v] of Object.entries(ANNOTATION_KEYS)) expect(ANNOTATIONS[k as keyof typeof ANNOTATIONS], `ANNOTATIONS.${k}`).toBe(v);
  });

  it("host, bucket, secret, scope and script lists are equal", () => {
    expect(sorted(DEFAULTS.autographStageHosts)).toEqual(sorted([trust.AUTOGRAPH_HOSTS.stage, trust.AUTOGRAPH_HOSTS.legacyStage]));
    expect(sorted(DEFAULTS.devStageFormatPrefixes)).toEqual(sorted(trust.DEV_STAGE_FORMAT_PREFIXES));
    expect(sorted(DEFAULTS.stagingHosts)).toEqual(sorted(trust.STAGING_HOSTS));
    expect(sorted(DEFAULTS.productionWriteHosts)).toEqual(sorted(trust.PRODUCTION_WRITE_HOSTS));
    expect(sorted(DEFAULTS.productionReleaseBuckets)).toEqual(sorted(trust.PRODUCTION_RELEASE_BUCKETS));
    expect(sorted(DEFAULTS.readOnlyProductionHosts)).toEqual(sorted(trust.READ_ONLY_PRODUCTION_HOSTS));
    expect(sorted(DEFAULTS.prodOnlySecrets)).toEqual(sorted(trust.PROD_ONLY_SECRETS));
    expect(sorted(DEFAULTS.stageCredentials)).toEqual(sorted(trust.STAGE_CREDENTIALS));
    expect(sorted(DEFAULTS.prodCertScopes)).toEqual(sorted(trust.CERT_SCOPES.prod));
    expect(sorted(DEFAULTS.nonProdCertScopes)).toEqual(sorted(trust.CERT_SCOPES.nonProd));
    expect(sorted(DEFAULTS.storePushScripts)).toEqual(sorted(trust.STORE_PUSH_SCRIPTS));
    expect(sorted(DEFAULTS.forbiddenShipitChannels)).toEqual(sorted(trust.FORBIDDEN_SHIPIT_CHANNELS));
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
