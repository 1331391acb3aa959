// releng:platform:GkeCluster — a private, VPC-native GKE Standard cluster with Workload Identity, a
// release channel, Dataplane V2 (enforces the environments' NetworkPolicies) and one node pool per
// planned pool (dedicated pools labelled and tainted; see scheduling.ts). Nodes run as a minimal
// service account, and the kubeconfig output is a Pulumi secret.
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "@pulumi/gcp/container/cluster";
import { NodePool } from "@pulumi/gcp/container/nodePool";
import { IAMMember } from "@pulumi/gcp/projects/iammember";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { GKE_NODE_ROLES } from "../../catalog/platform";
import { gkeKubeconfig } from "./kubeconfig";
import type { PlatformPlan } from "./plan";

export interface GkeClusterArgs {
  plan: PlatformPlan;
  networkId: pulumi.Input<string>;
  subnetworkId: pulumi.Input<string>;
  controlPlaneCidr: string;
  authorizedNetworks: { name: string; cidr: string }[];
  releaseChannel: string;
  deletionProtection: boolean;
}

export class GkeCluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly caCertificate: pulumi.Output<string>;
  /** kubeconfig using gke-gcloud-auth-plugin; secret (it names the cluster's address and CA). */
  readonly kubeconfig: pulumi.Output<string>;
  readonly nodeServiceAccountEmail: pulumi.Output<string>;

  constructor(name: string, args: GkeClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:platform:GkeCluster", name, {}, opts);
    const { plan } = args;
    const child = { parent: this };

    // Nodes get their own account with only log and metric writing, never the default compute account (Editor).
    const nodeAccount = new Account(
      "gke-nodes",
      { accountId: plan.nodeServiceAccountId, displayName: `GKE nodes of ${plan.clusterName}`, project: plan.project },
      child,
    );
    const nodeMember = pulumi.interpolate`serviceAccount:${nodeAccount.email}`;
    const nodeRoles = GKE_NODE_ROLES.map(
      (role) => new IAMMember(`gke-nodes-${role.replace(/^roles\//, "").replace(/\./g, "-")}`, { project: plan.project, role, member: nodeMember }, child),
    );

    const cluster = new Cluster(
      plan.clusterName,
      {
        name: plan.clusterName,
        project: plan.project,
        location: plan.region,
        network: args.networkId,
        subnetwork: args.subnetworkId,
        // Node pools are separate resources; GKE insists on creating a default pool first.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        deletionProtection: args.deletionProtection,
        releaseChannel: { channel: args.releaseChannel },
        workloadIdentityConfig: { workloadPool: plan.workloadPool },
        ipAllocationPolicy: { clusterSecondaryRangeName: plan.podsRangeName, servicesSecondaryRangeName: plan.servicesRangeName },
        privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false, masterIpv4CidrBlock: args.controlPlaneCidr },
        ...(args.authorizedNetworks.length > 0
          ? { masterAuthorizedNetworksConfig: { cidrBlocks: args.authorizedNetworks.map((n) => ({ displayName: n.name, cidrBlock: n.cidr })) } }
          : {}),
        datapathProvider: "ADVANCED_DATAPATH",
        resourceLabels: { "managed-by": "pulumi", "releng-envs-kind": "platform" },
      },
      child,
    );

    for (const pool of plan.nodePools) {
      new NodePool(
        `${plan.clusterName}-${pool.name}`,
        {
          name: pool.name,
          project: plan.project,
          location: plan.region,
          cluster: cluster.name,
          initialNodeCount: pool.minNodes,
          autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes },
          management: { autoRepair: true, autoUpgrade: true },
          nodeConfig: {
            machineType: pool.machineType,
            diskSizeGb: pool.diskSizeGb,
            spot: pool.spot,
            serviceAccount: nodeAccount.email,
            oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            labels: pool.labels,
            taints: pool.gkeTaints,
            // Pods see the GKE metadata server (Workload Identity), never the node's own credentials.
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          },
        },
        { parent: this, dependsOn: nodeRoles },
      );
    }

    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint;
    this.caCertificate = cluster.masterAuth.apply((a) => a.clusterCaCertificate ?? "");
    this.kubeconfig = pulumi.secret(
      pulumi.all([cluster.name, cluster.endpoint, this.caCertificate]).apply(([clusterName, endpoint, caCertificate]) =>
        gkeKubeconfig({ project: plan.project, location: plan.region, name: clusterName, endpoint, caCertificate }),
      ),
    );
    this.nodeServiceAccountEmail = nodeAccount.email;
    this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint, kubeconfig: this.kubeconfig });
  }
}
