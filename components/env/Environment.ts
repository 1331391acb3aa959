// releng:env:Environment — one library checkout: the namespace and its guardrails.
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentStack } from "../../stacks/load";
import { declareObject } from "../k8s/declare";
import { environmentObjects } from "./builders";
import type { EgressOrigin } from "./egressProxy";
import { namespaceName } from "./names";

export interface EnvironmentArgs {
  config: EnvironmentStack;
  /** HTTPS hosts the checked-out services need (e.g. the production archive for fallbacks). */
  serviceEgressHosts?: readonly string[];
  /** Allow-listed origins the egress proxy also reverse-proxies (read-only) for the services. */
  serviceEgressOrigins?: readonly EgressOrigin[];
}

export class Environment extends pulumi.ComponentResource {
  /** The namespace every service of the environment lives in. */
  readonly namespace: pulumi.Output<string>;
  /** Resources that must exist before any workload (namespace, quota, limits, policies). */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: EnvironmentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:env:Environment", name, {}, opts);
    const objects = environmentObjects(args.config, args.serviceEgressHosts, args.serviceEgressOrigins);
    const namespace = declareObject(objects.namespace, { parent: this, deleteBeforeReplace: true });
    const inNamespace = { parent: this, dependsOn: [namespace] };
    const guardrails = [
      declareObject(objects.resourceQuota, inNamespace),
      declareObject(objects.limitRange, inNamespace),
      declareObject(objects.holderRoleBinding, inNamespace),
      ...objects.networkPolicies.map((p) => declareObject(p, inNamespace)),
    ];
    const proxyConfig = declareObject(objects.egressProxy.configMap, inNamespace);
    declareObject(objects.egressProxy.service, inNamespace);
    declareObject(objects.egressProxy.deployment, { parent: this, dependsOn: [namespace, proxyConfig, ...guardrails] });

    this.namespace = pulumi.output(namespaceName(args.config.name));
    this.ready = [namespace, ...guardrails];
    this.registerOutputs({ namespace: this.namespace });
  }
}
