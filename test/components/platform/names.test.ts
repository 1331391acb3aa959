import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_ENV_NAME } from "../../../catalog/environment";
import { ENVIRONMENT_BUCKETS } from "../../../catalog/platform";
import {
  BUCKET_NAME,
  environmentBucketName,
  environmentServiceAccountId,
  gcpLabelValue,
  HASH_LENGTH,
  poolServiceAccountId,
  SERVICE_ACCOUNT_ID,
} from "../../../domain/names";

const envName = fc
  .stringMatching(new RegExp(`^[a-z0-9]([-a-z0-9]{0,${MAX_ENV_NAME - 2}}[a-z0-9])?$`))
  .filter((s) => s.length <= MAX_ENV_NAME);

function isServiceAccountId(id: string): boolean {
  return id.length >= SERVICE_ACCOUNT_ID.min && id.length <= SERVICE_ACCOUNT_ID.max && SERVICE_ACCOUNT_ID.pattern.test(id);
}

function isBucketName(name: string): boolean {
  return name.length >= BUCKET_NAME.min && name.length <= BUCKET_NAME.max && BUCKET_NAME.pattern.test(name) && !name.includes("google") && !name.startsWith("goog");
}

/** 200 environments as a busy release cycle would name them, including long, near-identical names. */
const twoHundred = Array.from({ length: 200 }, (_, i) =>
  i % 2 === 0 ? `relman-firefox-150-0b${i}-staging-release-x`.slice(0, MAX_ENV_NAME) : `u${i}`,
);
// The long ones share their first 30+ characters: only the hash can tell them apart.
const samePrefix = Array.from({ length: 200 }, (_, i) => `${"a".repeat(MAX_ENV_NAME - 3)}${String(i).padStart(3, "0")}`);

describe("GCP names of environments and pools", () => {
  it("gives 200 environments valid, distinct service account ids", () => {
    for (const names of [twoHundred, samePrefix]) {
      const ids = names.map(environmentServiceAccountId);
      for (const id of ids) expect(isServiceAccountId(id), id).toBe(true);
      expect(new Set(ids).size).toBe(names.length);
    }
  });

  it("gives 200 environments valid, distinct bucket names for each bucket, across platforms", () => {
    const prefixes = ["releng-envs-nonprod-example", "a".repeat(30), "abc"];
    const all: string[] = [];
    for (const prefix of prefixes)
      for (const names of [twoHundred, samePrefix])
        for (const name of names) for (const { suffix } of Object.values(ENVIRONMENT_BUCKETS)) all.push(environmentBucketName(prefix, name, suffix));
    for (const b of all) expect(isBucketName(b), b).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  it("keeps every id within GCP's limits for any valid environment name (property)", () => {
    fc.assert(
      fc.property(envName, (name) => {
        expect(isServiceAccountId(environmentServiceAccountId(name))).toBe(true);
        for (const { suffix } of Object.values(ENVIRONMENT_BUCKETS)) expect(isBucketName(environmentBucketName("releng-envs-nonprod-example", name, suffix))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("is injective for names that fit: the id gives the name back, so two names never share an id (property)", () => {
    const room = SERVICE_ACCOUNT_ID.max - "env-".length - 1 - HASH_LENGTH;
    fc.assert(
      fc.property(envName.filter((n) => n.length <= room), (name) => {
        const id = environmentServiceAccountId(name);
        expect(id.slice("env-".length, -(HASH_LENGTH + 1))).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it("tells apart names that differ only beyond the readable part (property)", () => {
    fc.assert(
      fc.property(envName, envName, (a, b) => {
        fc.pre(a !== b);
        expect(environmentServiceAccountId(a)).not.toBe(environmentServiceAccountId(b));
        expect(environmentBucketName("p-x-y", a, "archive")).not.toBe(environmentBucketName("p-x-y", b, "archive"));
      }),
      { numRuns: 5000 },
    );
  });

  it("respells 'google' in bucket names, which GCS refuses", () => {
    const name = environmentBucketName("releng-envs-nonprod-example", "google-play-test", "archive");
    expect(name).not.toContain("google");
    expect(isBucketName(name)).toBe(true);
  });

  it("derives pool account ids within limits, distinct from environment ids", () => {
    const pools = ["gecko-3-signing", "gecko-1-beetmover-dev", "mozillavpn-3-pushapk", "translations-1-signing-dev-extra-long-name"];
    for (const p of pools) expect(isServiceAccountId(poolServiceAccountId(p)), poolServiceAccountId(p)).toBe(true);
    expect(poolServiceAccountId("x")).not.toBe(environmentServiceAccountId("x"));
  });

  it("makes GCP label values from emails", () => {
    expect(gcpLabelValue("Jane.Doe+rel@mozilla.com")).toBe("jane_doe-rel_at_mozilla_com");
    expect(gcpLabelValue("x".repeat(100))).toHaveLength(63);
  });
});
