// releng:platform:Network — the VPC a private GKE cluster lives in: one subnet with secondary ranges
// for pods and services (VPC-native), private Google access (nodes reach Artifact Registry, GCS and
// the APIs without public IPs) and Cloud NAT (the environments' egress proxies reach the internet).
import * as pulumi from "@pulumi/pulumi";
import { Network as ComputeNetwork } from "@pulumi/gcp/compute/network";
import { Router } from "@pulumi/gcp/compute/router";
import { RouterNat } from "@pulumi/gcp/compute/routerNat";
import { Subnetwork } from "@pulumi/gcp/compute/subnetwork";
import type { PlatformPlan } from "./plan";

export interface NetworkArgs {
  plan: PlatformPlan;
  nodesCidr: string;
  podsCidr: string;
  servicesCidr: string;
}

export class Network extends pulumi.ComponentResource {
  readonly networkId: pulumi.Output<string>;
  readonly subnetworkId: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:platform:Network", name, {}, opts);
    const { plan } = args;
    const network = new ComputeNetwork(plan.networkName, { name: plan.networkName, project: plan.project, autoCreateSubnetworks: false }, { parent: this });
    const subnet = new Subnetwork(
      plan.subnetName,
      {
        name: plan.subnetName,
        project: plan.project,
        region: plan.region,
        network: network.id,
        ipCidrRange: args.nodesCidr,
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: plan.podsRangeName, ipCidrRange: args.podsCidr },
          { rangeName: plan.servicesRangeName, ipCidrRange: args.servicesCidr },
        ],
      },
      { parent: this },
    );
    const router = new Router(`${plan.networkName}-router`, { name: `${plan.networkName}-router`, project: plan.project, region: plan.region, network: network.id }, { parent: this });
    new RouterNat(
      `${plan.networkName}-nat`,
      {
        name: `${plan.networkName}-nat`,
        project: plan.project,
        region: plan.region,
        router: router.name,
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      },
      { parent: this },
    );
    this.networkId = network.id;
    this.subnetworkId = subnet.id;
    this.registerOutputs({ networkId: this.networkId, subnetworkId: this.subnetworkId });
  }
}
