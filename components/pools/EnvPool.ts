// releng:pools:EnvPool — one env-scoped dep pool inside an environment's namespace: the generated
// files mounted over the image's own (ConfigMap), the Secret the stack supplies, the Deployment
// (replicas owned by the autoscaler) and a PodDisruptionBudget.
import * as pulumi from "@pulumi/pulumi";
import type { SecretSource } from "../../domain/secrets";
import { declarerIn } from "../k8s/declare";
import type { EnvPoolObjects } from "./envPools";

export interface EnvPoolComponentArgs {
  /** The pool's objects for a public domain (undefined: in-cluster only); names never depend on it. */
  build: (publicDomain?: string) => EnvPoolObjects;
  /** The environment's public domain, an Output on gke (beetmover's public url_prefix names it). */
  publicDomain?: pulumi.Input<string>;
  secrets: SecretSource;
  /** The environment's namespace (Environment.namespace): every object waits for it and its guardrails. */
  namespace: pulumi.Output<string>;
}

export class EnvPool extends pulumi.ComponentResource {
  readonly workerType: string;
  readonly taskclusterClientId: string;

  constructor(name: string, args: EnvPoolComponentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:pools:EnvPool", name, {}, opts);
    const objects = args.build(undefined);
    const { pool } = objects;
    const declare = declarerIn(args.namespace, this);
    const built = pulumi.output(args.publicDomain).apply((d) => args.build(d));
    const config = declare(objects.files.configMap, {}, { data: built.apply((b) => b.files.configMap.data!) });
    const stringData: Record<string, pulumi.Output<string>> = {};
    for (const envVar of pool.suppliedSecrets) stringData[envVar] = args.secrets.get(`pools.${pool.names.workerType}.${envVar}`);
    const secret = declare(objects.secret, {}, { stringData });
    // Awake, the autoscaler owns the replica count after creation; asleep, the count is 0 and enforced
    // (the autoscaler's max is 0 too). The pod template's config hash rolls the pods on a change.
    const asleep = pool.replicas.max === 0;
    declare(objects.deployment, { dependsOn: [config, secret], ignoreChanges: asleep ? [] : ["spec.replicas"] }, { spec: built.apply((b) => b.deployment.spec!) });
    declare(objects.disruptionBudget);
    this.workerType = pool.names.workerType;
    this.taskclusterClientId = pool.names.taskclusterClientId;
    this.registerOutputs({ workerType: this.workerType, taskclusterClientId: this.taskclusterClientId });
  }
}
