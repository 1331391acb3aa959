// releng:platform:EnvironmentCloud — an environment's share of GCP on the gke target: its own
// service account (bound to the `gcs-writer` Kubernetes service account of its namespace through
// Workload Identity), its buckets (Balrog's history pair) with labels, a
// lifecycle rule deleting objects after the environment's maximum life, and forceDestroy so
// returning the environment leaves nothing. The account holds roles on its own buckets only.
import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "@pulumi/gcp/storage/bucket";
import { BucketIAMMember } from "@pulumi/gcp/storage/bucketIAMMember";
import { ENVIRONMENT_BUCKET_ROLES, ENVIRONMENT_BUCKETS, ENVIRONMENT_BUCKETS_CONFIGMAP, ENVIRONMENT_KSA, GKE_GSA_ANNOTATION, type EnvironmentBucket } from "../../catalog/platform";
import type { ServiceName } from "../../catalog/services";
import { placedMeta, type EnvironmentPlacement } from "../env/placement";
import { declarerIn } from "../k8s/declare";
import type { ConfigMap, ServiceAccount } from "../k8s/types";
import { environmentServiceAccountId } from "../../domain/names";
import { environmentAccountDisplayName, environmentBucketKeys, planEnvironmentCloud, type PlatformFacts } from "./plan";
import { WorkloadIdentity } from "./WorkloadIdentity";

export interface EnvironmentCloudArgs {
  placement: EnvironmentPlacement;
  /** The checked-out services: Balrog brings its history buckets. */
  services: readonly ServiceName[];
  /** The environment's maximum life: objects older than this are deleted. */
  maxDueDays: number;
  /** Read from the platform stack (project, region, workload pool, bucket prefix). */
  platform: pulumi.Input<PlatformFacts>;
  /** The environment's namespace (Environment.namespace): its ServiceAccount and ConfigMap wait for it. */
  namespace: pulumi.Output<string>;
}

/** The Kubernetes ServiceAccount whose pods act as the environment's GCP account (annotation added by the component). */
export function environmentKsaObject(placement: EnvironmentPlacement): ServiceAccount {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: placedMeta(placement, ENVIRONMENT_KSA),
  };
}

/** The ConfigMap naming the environment's buckets; the component fills `data` from the bucket names. */
export function environmentBucketsConfigMapObject(placement: EnvironmentPlacement): ConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: placedMeta(placement, ENVIRONMENT_BUCKETS_CONFIGMAP),
  };
}

export class EnvironmentCloud extends pulumi.ComponentResource {
  /** The environment's GCP service account. */
  readonly serviceAccountEmail: pulumi.Output<string>;
  /** Name of the Kubernetes ServiceAccount to run GCS-writing pods as (`serviceAccountName`). */
  readonly kubernetesServiceAccount: string;
  /** Bucket names by purpose; only those of checked-out services exist. */
  readonly buckets: Partial<Record<EnvironmentBucket, pulumi.Output<string>>>;

  constructor(name: string, args: EnvironmentCloudArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:platform:EnvironmentCloud", name, {}, opts);
    const { placement } = args;
    const envName = placement.identity.name;
    const env = { ...placement.identity, maxDueDays: args.maxDueDays, services: args.services };
    const plan = pulumi.output(args.platform).apply((facts) => planEnvironmentCloud(env, facts));
    const accountId = environmentServiceAccountId(envName);

    const identity = new WorkloadIdentity(
      accountId,
      {
        project: pulumi.output(args.platform).apply((p) => p.project),
        accountId,
        displayName: environmentAccountDisplayName(envName),
        workloadPool: pulumi.output(args.platform).apply((p) => p.workloadPool),
        namespace: placement.namespace,
        kubernetesServiceAccount: ENVIRONMENT_KSA,
      },
      { parent: this },
    );

    this.buckets = {};
    for (const key of environmentBucketKeys(args.services)) {
      const bucketPlan = plan.apply((p) => p.buckets.find((b) => b.key === key)!);
      const suffix = ENVIRONMENT_BUCKETS[key].suffix;
      const bucket = new Bucket(
        suffix,
        {
          name: bucketPlan.name,
          project: pulumi.output(args.platform).apply((p) => p.project),
          location: bucketPlan.location,
          labels: bucketPlan.labels,
          forceDestroy: true,
          uniformBucketLevelAccess: true,
          publicAccessPrevention: "enforced",
          lifecycleRules: [{ action: { type: "Delete" }, condition: { age: bucketPlan.deleteAfterDays } }],
        },
        { parent: this },
      );
      for (const role of ENVIRONMENT_BUCKET_ROLES) {
        new BucketIAMMember(`${suffix}-${role.replace(/^roles\/storage\./, "")}`, { bucket: bucket.name, role, member: identity.member }, { parent: this });
      }
      this.buckets[key] = bucket.name;
    }

    const declare = declarerIn(args.namespace, this);
    declare(environmentKsaObject(placement), {}, {
      metadata: identity.email.apply((email) => {
        const meta = environmentKsaObject(placement).metadata!;
        return { ...meta, annotations: { [GKE_GSA_ANNOTATION]: email } };
      }),
    });

    declare(environmentBucketsConfigMapObject(placement), {}, { data: this.buckets });

    this.serviceAccountEmail = identity.email;
    this.kubernetesServiceAccount = ENVIRONMENT_KSA;
    this.registerOutputs({ serviceAccountEmail: this.serviceAccountEmail, buckets: this.buckets });
  }
}
