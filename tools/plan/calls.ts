// Default answers to the invokes a program makes under the offline plan's mocks (no registry,
// no network): deterministic, so plans and tests are reproducible.
import { createHash } from "node:crypto";
import type { CallHandler } from "./mocks";

/** @pulumi/docker getRegistryImage: a fake but stable sha256 digest derived from the image name. */
export const fakeRegistryImage: CallHandler = (args) => {
  if (args.token !== "docker:index/getRegistryImage:getRegistryImage") return undefined;
  const name = String(args.inputs.name);
  return { id: name, name, sha256Digest: `sha256:${createHash("sha256").update(name).digest("hex")}` };
};

export const DEFAULT_CALLS: CallHandler[] = [fakeRegistryImage];
