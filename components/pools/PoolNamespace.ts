// releng:pools:PoolNamespace — the namespace of one script's pools at one trust level (`dep-signing`),
// with Pod Security `restricted` enforced.
import * as pulumi from "@pulumi/pulumi";
import type { TrustLevel } from "../../catalog/pools";
import type { ScriptName } from "../../catalog/scripts";
import { declareObject } from "../k8s/declare";
import { poolNamespaceObject } from "./builders";

export class PoolNamespace extends pulumi.ComponentResource {
  readonly name: string;
  readonly resource: pulumi.Resource;

  constructor(level: TrustLevel, script: ScriptName, opts: pulumi.ComponentResourceOptions = {}) {
    const object = poolNamespaceObject(level, script);
    super("releng:pools:PoolNamespace", object.metadata!.name!, {}, opts);
    this.resource = declareObject(object, { parent: this, deleteBeforeReplace: true });
    this.name = object.metadata!.name!;
    this.registerOutputs({ name: this.name });
  }
}
