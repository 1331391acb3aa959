// releng:pools:PoolNamespace — the namespace of one script's pools at one trust level (`dep-signing`),
// with Pod Security `restricted` enforced.
import * as pulumi from "@pulumi/pulumi";
import type { TrustLevel } from "../../catalog/trust";
import type { ScriptName } from "../../catalog/scripts";
import { declareObject, nameOf } from "../k8s/declare";
import { poolNamespaceObject } from "./builders";

export class PoolNamespace extends pulumi.ComponentResource {
  /** The namespace's name, from the Namespace resource: objects declared in it wait for it. */
  readonly name: pulumi.Output<string>;

  constructor(level: TrustLevel, script: ScriptName, opts: pulumi.ComponentResourceOptions = {}) {
    const object = poolNamespaceObject(level, script);
    super("releng:pools:PoolNamespace", object.metadata!.name!, {}, opts);
    this.name = nameOf(declareObject(object, { parent: this, deleteBeforeReplace: true }));
    this.registerOutputs({ name: this.name });
  }
}
