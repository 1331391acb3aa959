// releng:env:Gateway — an environment's services published over HTTPS (`<service>.<env>.<domain>`):
// the Ingress and, per published Service, the NetworkPolicy admitting the gateway to its serving port.
// On the gke target also the Google-managed certificate, a reserved global address for the load
// balancer and one A record per host in the platform stack's DNS zone.
import * as pulumi from "@pulumi/pulumi";
// Subpath imports: the compute and dns indexes would make tsc read every GCP compute type (93k lines).
import { GlobalAddress } from "@pulumi/gcp/compute/globalAddress";
import { RecordSet } from "@pulumi/gcp/dns/recordSet";
import { IN_CLUSTER_SERVICES, type InClusterService } from "../../catalog/endpoints";
import type { ServiceName } from "../../catalog/services";
import { declarerIn } from "../k8s/declare";
import { gatewayObjects, type GatewayArgs, type GatewayShape } from "./gatewayObjects";
import { namespaceName } from "./names";

/** The platform's DNS zone and project, where the gke shape declares its address and records. */
export interface GatewayCloud {
  project: pulumi.Input<string>;
  /** Cloud DNS managed zone name (the platform stack's `dnsZone.name`). */
  zoneName: pulumi.Input<string>;
}

export interface GatewayComponentArgs {
  environment: string;
  /** The environment's namespace (Environment.namespace): every object waits for it and its guardrails. */
  namespace: pulumi.Output<string>;
  labels: Record<string, string>;
  services: readonly ServiceName[];
  /** The base domain; an Output on the gke target (the platform stack's zone). */
  domain: pulumi.Input<string>;
  shape: GatewayShape;
  /** gke shape only. */
  cloud?: GatewayCloud;
}

export class Gateway extends pulumi.ComponentResource {
  /** Public host of each published Service. */
  readonly hosts: pulumi.Output<Partial<Record<InClusterService, string>>>;
  /** gke shape: the load balancer's address, which every host's A record names. */
  readonly address?: pulumi.Output<string>;

  constructor(name: string, args: GatewayComponentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:env:Gateway", name, {}, opts);
    const build = (domain: string) => gatewayObjects({ ...args, namespace: namespaceName(args.environment), domain } satisfies GatewayArgs);
    // Names and kinds do not depend on the domain; the host-bearing specs are filled in once it is known.
    const shapeOnly = build("domain.invalid");
    const built = pulumi.output(args.domain).apply(build);
    const declare = declarerIn(args.namespace, this);

    for (const policy of shapeOnly.networkPolicies) declare(policy);
    const certificate = shapeOnly.certificate ? declare(shapeOnly.certificate, {}, { spec: built.apply((b) => b.certificate!.spec) }) : undefined;

    let address: GlobalAddress | undefined;
    if (args.shape.kind === "gke") {
      if (!args.cloud) throw new Error("releng:env:Gateway: the gke shape needs the platform's project and DNS zone");
      const cloud = args.cloud;
      address = new GlobalAddress(args.shape.addressName, { name: args.shape.addressName, project: cloud.project, addressType: "EXTERNAL", ipVersion: "IPV4" }, { parent: this });
      for (const service of Object.keys(shapeOnly.hosts) as InClusterService[]) {
        new RecordSet(
          `${IN_CLUSTER_SERVICES[service]}-a`,
          { project: cloud.project, managedZone: cloud.zoneName, name: built.apply((b) => `${b.hosts[service]}.`), type: "A", ttl: 300, rrdatas: [address.address] },
          { parent: this },
        );
      }
    }

    declare(shapeOnly.ingress, { dependsOn: [...(certificate ? [certificate] : []), ...(address ? [address] : [])] }, {
      spec: built.apply((b) => b.ingress.spec!),
    });

    this.hosts = built.apply((b) => b.hosts);
    this.address = address?.address;
    this.registerOutputs({ hosts: this.hosts, ...(this.address ? { address: this.address } : {}) });
  }
}
