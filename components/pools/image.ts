// Prod pools run an image pinned by digest, resolved from the configured tag at deploy time, so a
// new image behind `production` shows up as a change in `pulumi preview` instead of slipping in
// on the next pod restart. Offline, the plan's mocks answer the registry lookup (tools/plan/calls.ts).
import * as pulumi from "@pulumi/pulumi";
import { getRegistryImageOutput } from "@pulumi/docker/getRegistryImage";

const DIGEST = /@sha256:[a-f0-9]{64}$/;

export function isDigestPinned(image: string): boolean {
  return DIGEST.test(image);
}

/** `repo:tag` → `repo:tag@sha256:…` (the tag stays for readers; the digest decides what runs). */
export function withDigest(image: string, digest: string): string {
  const d = digest.startsWith("sha256:") ? digest : `sha256:${digest}`;
  if (!/^sha256:[a-f0-9]{64}$/.test(d)) throw new Error(`registry returned an unexpected digest for ${image}: ${digest}`);
  return `${image}@${d}`;
}

export function pinnedImage(image: string, opts: pulumi.InvokeOutputOptions = {}): pulumi.Output<string> {
  if (isDigestPinned(image)) return pulumi.output(image);
  return getRegistryImageOutput({ name: image }, opts).apply((r) => withDigest(image, r.sha256Digest));
}
