// releng:services:Archive — an environment's archive: an S3 store (SeaweedFS) holding what the
// staging release writes, and an nginx front serving /pub/ from it with production as fallback.
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { RandomString } from "@pulumi/random/randomString";
import { declarerIn, namespaceOf, nameOf } from "../../k8s/declare";
import { archiveEndpoints, archiveSecrets, credentialsData, frontObjects, seaweedS3Config, storeObjects, type ArchivePlan } from "./builders";

export interface ArchiveArgs {
  plan: ArchivePlan;
  /** The environment's namespace (Environment.namespace): every object waits for it and its guardrails. */
  namespace: pulumi.Output<string>;
}

export class Archive extends pulumi.ComponentResource {
  readonly archiveUrl: pulumi.Output<string>;
  readonly s3Endpoint: pulumi.Output<string>;
  readonly bucket: pulumi.Output<string>;
  readonly credentialsSecret: pulumi.Output<string>;

  constructor(name: string, args: ArchiveArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:services:Archive", name, {}, opts);
    const { plan } = args;
    const declare = declarerIn(args.namespace, this);

    // Generated once and kept in the stack state; only ever handled as secrets.
    const accessKey = new RandomString("archive-s3-access-key", { length: 20, upper: true, lower: false, numeric: true, special: false }, { parent: this });
    const secretKey = new RandomPassword("archive-s3-secret-key", { length: 40, special: false }, { parent: this });
    const keys = pulumi.secret(pulumi.all([accessKey.result, secretKey.result]));

    const secrets = archiveSecrets(plan);
    const storeConfig = declare(secrets.storeConfig, {}, {
      stringData: pulumi.secret(keys.apply(([a, s]) => ({ "s3.json": seaweedS3Config(a, s) }))),
    });
    const credentials = declare(secrets.credentials, {}, {
      stringData: pulumi.secret(keys.apply(([a, s]) => credentialsData(plan.namespace, a, s))),
    });

    const store = storeObjects(plan);
    const startScript = declare(store.startScript);
    const storeService = declare(store.service);
    // The claim outlives the set (retention policy) and survives sleep; never replace it casually.
    const storeSet = declare(store.statefulSet, { dependsOn: [storeConfig, startScript] });

    const front = frontObjects(plan);
    const frontConfig = declare(front.config);
    const frontService = declare(front.service);
    declare(front.deployment, { dependsOn: [frontConfig] });

    // Each output comes from the resource that makes it real: URLs from the Services serving them,
    // the bucket from the store that creates it at start, the Secret's name from the Secret.
    this.archiveUrl = namespaceOf(frontService).apply((ns) => archiveEndpoints(ns).archiveUrl);
    this.s3Endpoint = namespaceOf(storeService).apply((ns) => archiveEndpoints(ns).s3Endpoint);
    this.bucket = namespaceOf(storeSet).apply((ns) => archiveEndpoints(ns).bucket);
    this.credentialsSecret = nameOf(credentials);
    this.registerOutputs({ archiveUrl: this.archiveUrl, s3Endpoint: this.s3Endpoint, bucket: this.bucket, credentialsSecret: this.credentialsSecret });
  }
}
