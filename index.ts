// The Pulumi program: read and validate this stack's config, then declare it. Nothing else lives
// here, so tests and the offline plan can evaluate any number of stacks in one process.
import * as pulumi from "@pulumi/pulumi";
import { readProgramConfig } from "./program/config";
import { declareStack } from "./program/declareStack";
import { isConfigError } from "./stacks/errors";

function main() {
  try {
    // A real `pulumi up` also refuses secrets not yet set; previews only report them.
    return declareStack(readProgramConfig(), { deploying: !pulumi.runtime.isDryRun() });
  } catch (e) {
    // RunError prints the message alone: a config mistake deserves no stack trace.
    if (isConfigError(e)) throw new pulumi.RunError(e.message);
    throw e;
  }
}

export = main();
