// Names of GCP things derived from an environment or pool: one place, so every resource agrees and
// tests can prove the limits (service account ids 6–30, bucket names 3–63, GCP labels ≤ 63).
// Pure: no Pulumi.
import { createHash } from "node:crypto";

/** Length of the hash suffix: 6 base-36 characters ≈ 31 bits. */
export const HASH_LENGTH = 6;
export const SERVICE_ACCOUNT_ID = { min: 6, max: 30, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])$/ } as const;
export const BUCKET_NAME = { min: 3, max: 63, pattern: /^[a-z0-9][-a-z0-9]*[a-z0-9]$/ } as const;

/** A short, stable, lower-case alphanumeric digest of `input`. */
export function shortHash(input: string, length = HASH_LENGTH): string {
  const digest = createHash("sha256").update(input).digest();
  return (digest.readBigUInt64BE(0) % 36n ** BigInt(length)).toString(36).padStart(length, "0");
}

/** `s` cut to at most `max` characters, without a trailing '-'. */
function cut(s: string, max: number): string {
  return s.slice(0, Math.max(0, max)).replace(/-+$/, "");
}

/**
 * `<prefix>-<name>-<hash>`: readable, and unique because the hash covers the whole name.
 * When the name fits it appears verbatim, so the id determines the name (strip prefix and the fixed-
 * length suffix): two different names can never share an id. A name too long to fit is cut and the
 * hash of the full name tells it apart from every other name with the same beginning; GCP refuses a
 * second account with an existing id, so even a hash collision (≈ 1 in 2^31 per pair) fails loudly
 * instead of sharing an identity.
 */
export function readableId(prefix: string, name: string, max: number, suffix = ""): string {
  const hash = shortHash(`${prefix}:${name}`);
  const tail = `-${hash}${suffix ? `-${suffix}` : ""}`;
  const room = max - prefix.length - 1 - tail.length;
  const part = cut(name, room);
  return part ? `${prefix}-${part}${tail}` : `${prefix}${tail}`;
}

/** GCP service account id (6–30 chars) of an environment: `env-<name>-<hash>`. */
export function environmentServiceAccountId(envName: string): string {
  return readableId("env", envName, SERVICE_ACCOUNT_ID.max);
}

/** GCP service account id (6–30 chars) of a scriptworker pool, by its Kubernetes name. */
export function poolServiceAccountId(poolName: string): string {
  return readableId("pool", poolName, SERVICE_ACCOUNT_ID.max);
}

/**
 * Bucket name (3–63 chars, globally unique) of one of an environment's buckets:
 * `<prefix>-<env>-<hash>-<suffix>`. The prefix is the platform project id by default (globally
 * unique), the hash keeps environments apart, the suffix keeps an environment's buckets apart.
 * GCS refuses names containing "google"; such a run in the readable part is respelt (the hash still
 * covers the real name).
 */
export function environmentBucketName(prefix: string, envName: string, suffix: string): string {
  const readable = envName.replace(/google/g, "gogle");
  const hash = shortHash(`bucket:${envName}`);
  const tail = `-${hash}-${suffix}`;
  const part = cut(readable, BUCKET_NAME.max - prefix.length - 1 - tail.length);
  return part ? `${prefix}-${part}${tail}` : `${prefix}${tail}`;
}

/** A GCP label value (≤ 63; lower-case letters, digits, '_' and '-'): `Jane.Doe@x.com` → `jane_doe_at_x_com`. */
export function gcpLabelValue(s: string): string {
  return s
    .toLowerCase()
    .replace(/@/g, "_at_")
    .replace(/\./g, "_")
    .replace(/[^-_a-z0-9]+/g, "-")
    .slice(0, 63);
}

/** Reserved global address (RFC 1035, ≤ 63) of an environment's load balancer: `env-<name>-<hash>-gateway`. */
export function environmentAddressName(envName: string): string {
  return readableId("env", envName, 63, "gateway");
}
