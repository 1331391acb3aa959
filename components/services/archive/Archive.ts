// releng:services:Archive — an environment's archive: an S3 store (SeaweedFS) holding what the
// staging release writes, and an nginx front serving /pub/ from it with production as fallback.
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { RandomString } from "@pulumi/random/randomString";
import { declareObject } from "../../k8s/declare";
import { archiveEndpoints, archiveSecrets, credentialsData, frontObjects, seaweedS3Config, storeObjects, type ArchivePlan } from "./builders";

export interface ArchiveArgs {
  plan: ArchivePlan;
  /** Namespace, quota, policies: must exist before any object of the archive. */
  dependsOn: pulumi.Resource[];
}

export class Archive extends pulumi.ComponentResource {
  readonly archiveUrl: pulumi.Output<string>;
  readonly s3Endpoint: pulumi.Output<string>;
  readonly bucket: pulumi.Output<string>;
  readonly credentialsSecret: pulumi.Output<string>;

  constructor(name: string, args: ArchiveArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:services:Archive", name, {}, opts);
    const { plan } = args;
    const inNamespace = { parent: this, dependsOn: args.dependsOn };

    // Generated once and kept in the stack state; only ever handled as secrets.
    const accessKey = new RandomString("archive-s3-access-key", { length: 20, upper: true, lower: false, numeric: true, special: false }, { parent: this });
    const secretKey = new RandomPassword("archive-s3-secret-key", { length: 40, special: false }, { parent: this });
    const keys = pulumi.secret(pulumi.all([accessKey.result, secretKey.result]));

    const secrets = archiveSecrets(plan);
    const storeConfig = declareObject(secrets.storeConfig, inNamespace, {
      stringData: pulumi.secret(keys.apply(([a, s]) => ({ "s3.json": seaweedS3Config(a, s) }))),
    });
    declareObject(secrets.credentials, inNamespace, {
      stringData: pulumi.secret(keys.apply(([a, s]) => credentialsData(plan.namespace, a, s))),
    });

    const store = storeObjects(plan);
    const startScript = declareObject(store.startScript, inNamespace);
    declareObject(store.service, inNamespace);
    // The claim outlives the set (retention policy) and survives sleep; never replace it casually.
    declareObject(store.statefulSet, { parent: this, dependsOn: [...args.dependsOn, storeConfig, startScript] });

    const front = frontObjects(plan);
    const frontConfig = declareObject(front.config, inNamespace);
    declareObject(front.service, inNamespace);
    declareObject(front.deployment, { parent: this, dependsOn: [...args.dependsOn, frontConfig] });

    const e = archiveEndpoints(plan.namespace);
    this.archiveUrl = pulumi.output(e.archiveUrl);
    this.s3Endpoint = pulumi.output(e.s3Endpoint);
    this.bucket = pulumi.output(e.bucket);
    this.credentialsSecret = pulumi.output(e.credentialsSecret);
    this.registerOutputs({ archiveUrl: this.archiveUrl, s3Endpoint: this.s3Endpoint, bucket: this.bucket, credentialsSecret: this.credentialsSecret });
  }
}
