// releng:platform:WorkloadIdentity — a GCP service account that exactly one Kubernetes service
// account may act as (GKE Workload Identity: roles/iam.workloadIdentityUser on the account, for
// `serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]`). It holds no other role: callers grant
// what it needs on the resources themselves (a bucket, a repository), never on the project.
// Environments use it through EnvironmentCloud; pools stacks declare one per pool that needs GCP.
import * as pulumi from "@pulumi/pulumi";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { IAMMember } from "@pulumi/gcp/serviceaccount/iammember";
import { workloadIdentityMember } from "./plan";

export interface WorkloadIdentityArgs {
  project: pulumi.Input<string>;
  /** 6–30 chars; derive with names.ts (environmentServiceAccountId / poolServiceAccountId). */
  accountId: string;
  displayName: string;
  /** `<project>.svc.id.goog` (the platform's workloadPool output). */
  workloadPool: pulumi.Input<string>;
  namespace: string;
  kubernetesServiceAccount: string;
}

export class WorkloadIdentity extends pulumi.ComponentResource {
  readonly email: pulumi.Output<string>;
  /** `serviceAccount:<email>`, for IAM members on the resources the account may use. */
  readonly member: pulumi.Output<string>;

  constructor(name: string, args: WorkloadIdentityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:platform:WorkloadIdentity", name, {}, opts);
    const account = new Account(args.accountId, { accountId: args.accountId, displayName: args.displayName, project: args.project }, { parent: this });
    new IAMMember(
      `${args.accountId}-workload-identity`,
      {
        serviceAccountId: account.name,
        role: "roles/iam.workloadIdentityUser",
        member: pulumi.output(args.workloadPool).apply((pool) => workloadIdentityMember(pool, args.namespace, args.kubernetesServiceAccount)),
      },
      { parent: this },
    );
    this.email = account.email;
    this.member = pulumi.interpolate`serviceAccount:${account.email}`;
    this.registerOutputs({ email: this.email });
  }
}
