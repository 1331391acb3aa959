// releng:pools:ScriptworkerPool — one scriptworker pool: its Secret, its Autograph record (signing),
// its Deployment (replicas owned by the autoscaler) and a PodDisruptionBudget.
import * as pulumi from "@pulumi/pulumi";
import type { SecretSource } from "../../program/secrets";
import { declareObject } from "../k8s/declare";
import { poolDeploymentObject, poolObjects, type ResolvedPool } from "./builders";
import { pinnedImage } from "./image";

export interface ScriptworkerPoolArgs {
  pool: ResolvedPool;
  /** Values of `releng-envs:secrets.pools.<worker-type>.<ENV_VAR>`, as Pulumi secret Outputs. */
  secrets: SecretSource;
  /** The pool's namespace: must exist first. */
  namespace: pulumi.Resource;
}

export class ScriptworkerPool extends pulumi.ComponentResource {
  readonly workerType: string;
  readonly namespace: string;
  readonly deployment: string;
  /** The image that runs: digest-pinned for prod pools. */
  readonly image: pulumi.Output<string>;

  constructor(name: string, args: ScriptworkerPoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:pools:ScriptworkerPool", name, {}, opts);
    const { pool } = args;
    const objects = poolObjects(pool);
    const inNamespace = { parent: this, dependsOn: [args.namespace] };

    const stringData: Record<string, pulumi.Output<string>> = {};
    for (const envVar of pool.suppliedSecrets) stringData[envVar] = args.secrets.get(`pools.${pool.names.workerType}.${envVar}`);
    const secret = declareObject(objects.secret, inNamespace, { stringData });
    const configMap = objects.autographConfigMap ? declareObject(objects.autographConfigMap, inNamespace) : undefined;

    this.image = pool.identity.level === "prod" ? pinnedImage(pool.image, { parent: this }) : pulumi.output(pool.image);
    const deployment = this.image.apply((image) => poolDeploymentObject(pool, image));
    declareObject(
      objects.deployment,
      {
        parent: this,
        dependsOn: [args.namespace, secret, ...(configMap ? [configMap] : [])],
        // The autoscaler (k8s-autoscale) owns the replica count after creation: never fight it.
        ignoreChanges: ["spec.replicas"],
      },
      { metadata: deployment.apply((d) => d.metadata), spec: deployment.apply((d) => d.spec) },
    );
    declareObject(objects.disruptionBudget, inNamespace);

    this.workerType = pool.names.workerType;
    this.namespace = pool.names.namespace;
    this.deployment = pool.names.deployment;
    this.registerOutputs({ workerType: this.workerType, namespace: this.namespace, deployment: this.deployment, image: this.image });
  }
}
