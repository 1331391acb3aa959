// releng:pools:ScriptworkerPool — one scriptworker pool: its Secret, the generated files mounted over
// the image's own (signing: passwords.yml and init_worker.sh),
// its Deployment (replicas owned by the autoscaler) and a PodDisruptionBudget. On the gke target a
// pool whose script uses GCP also gets its own GCP account (WorkloadIdentity), bound to the pool's
// Kubernetes ServiceAccount, with roles on its configured buckets only.
import * as pulumi from "@pulumi/pulumi";
import { BucketIAMMember } from "@pulumi/gcp/storage/bucketIAMMember";
import { GKE_GSA_ANNOTATION } from "../../catalog/platform";
import type { SecretSource } from "../../domain/secrets";
import { declarerIn } from "../k8s/declare";
import { WorkloadIdentity } from "../platform/WorkloadIdentity";
import { poolAccountDisplayName, poolBucketGrants, poolDeploymentObject, poolObjects } from "./builders";
import { type ResolvedPool } from "./resolve";
import { pinnedImage } from "./image";

export interface ScriptworkerPoolArgs {
  pool: ResolvedPool;
  /** Values of `releng-envs:secrets.pools.<worker-type>.<ENV_VAR>`, as Pulumi secret Outputs. */
  secrets: SecretSource;
  /** The pool's namespace (PoolNamespace.name): every object waits for it. */
  namespace: pulumi.Output<string>;
  /** gke target: the platform's project and workload pool, for pools with a GCP identity (`pool.gcp`). */
  cloud?: pulumi.Input<{ project: string; workloadPool: string }>;
}

export class ScriptworkerPool extends pulumi.ComponentResource {
  readonly workerType: string;
  /** The pool's namespace, as given: resolves once the Namespace exists. */
  readonly namespace: pulumi.Output<string>;
  readonly deployment: string;
  /** The image that runs: digest-pinned for prod pools. */
  readonly image: pulumi.Output<string>;
  /** The pool's GCP account (gke target, scripts that use GCP). */
  readonly gcpServiceAccount?: pulumi.Output<string>;

  constructor(name: string, args: ScriptworkerPoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:pools:ScriptworkerPool", name, {}, opts);
    const { pool } = args;
    const objects = poolObjects(pool);
    const declare = declarerIn(args.namespace, this);

    const stringData: Record<string, pulumi.Output<string>> = {};
    for (const envVar of pool.suppliedSecrets) stringData[envVar] = args.secrets.get(`pools.${pool.names.workerType}.${envVar}`);
    const secret = declare(objects.secret, {}, { stringData });
    const configMaps = objects.configMaps.map((c) => declare(c));

    // The pool's own GCP identity: an account only its Kubernetes ServiceAccount may act as.
    let serviceAccount: pulumi.Resource | undefined;
    if (pool.gcp && objects.serviceAccount) {
      if (!args.cloud) throw new Error(`pool ${pool.names.workerType} has a GCP identity but no platform was given (program/poolsStack.ts)`);
      const cloud = pulumi.output(args.cloud);
      const { accountId, kubernetesServiceAccount } = pool.gcp;
      const identity = new WorkloadIdentity(
        accountId,
        {
          project: cloud.project,
          accountId,
          displayName: poolAccountDisplayName(pool),
          workloadPool: cloud.workloadPool,
          namespace: pool.names.namespace,
          kubernetesServiceAccount,
        },
        { parent: this },
      );
      for (const grant of poolBucketGrants(pool)) {
        new BucketIAMMember(`${accountId}-${grant.bucket}-${grant.role.replace(/^roles\/storage\./, "")}`, { bucket: grant.bucket, role: grant.role, member: identity.member }, { parent: this });
      }
      const ksa = objects.serviceAccount;
      serviceAccount = declare(ksa, {}, { metadata: identity.email.apply((email) => ({ ...ksa.metadata, annotations: { [GKE_GSA_ANNOTATION]: email } })) });
      this.gcpServiceAccount = identity.email;
    }

    this.image = pool.identity.level === "prod" ? pinnedImage(pool.image, { parent: this }) : pulumi.output(pool.image);
    const deployment = this.image.apply((image) => poolDeploymentObject(pool, image));
    declare(
      objects.deployment,
      {
        dependsOn: [secret, ...configMaps, ...(serviceAccount ? [serviceAccount] : [])],
        // The autoscaler (k8s-autoscale) owns the replica count after creation: never fight it.
        ignoreChanges: ["spec.replicas"],
      },
      { metadata: deployment.apply((d) => d.metadata), spec: deployment.apply((d) => d.spec) },
    );
    declare(objects.disruptionBudget);

    this.workerType = pool.names.workerType;
    this.namespace = args.namespace;
    this.deployment = pool.names.deployment;
    this.registerOutputs({ workerType: this.workerType, namespace: this.namespace, deployment: this.deployment, image: this.image });
  }
}
