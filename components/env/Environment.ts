// releng:env:Environment — one library checkout: the namespace and its guardrails.
import * as pulumi from "@pulumi/pulumi";
import { declareObject, declarerIn, nameOf } from "../k8s/declare";
import { environmentObjects, type EnvironmentArgs } from "./builders";

export class Environment extends pulumi.ComponentResource {
  /**
   * The namespace every service of the environment lives in, from the Namespace resource, resolving
   * only once its quota, limits and policies exist too: an object declared in it waits for them.
   */
  readonly namespace: pulumi.Output<string>;

  constructor(name: string, args: EnvironmentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:env:Environment", name, {}, opts);
    const objects = environmentObjects(args);
    const namespace = declareObject(objects.namespace, { parent: this, deleteBeforeReplace: true });
    const guard = declarerIn(nameOf(namespace), this);
    const guardrails = [
      guard(objects.resourceQuota),
      guard(objects.limitRange),
      guard(objects.holderRoleBinding),
      ...objects.networkPolicies.map((p) => guard(p)),
    ];
    this.namespace = nameOf(namespace, guardrails);

    const declare = declarerIn(this.namespace, this);
    const proxyConfig = declare(objects.egressProxy.configMap);
    declare(objects.egressProxy.service);
    declare(objects.egressProxy.deployment, { dependsOn: [proxyConfig] });
    this.registerOutputs({ namespace: this.namespace });
  }
}
