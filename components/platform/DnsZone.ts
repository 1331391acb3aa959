// releng:platform:DnsZone — the public Cloud DNS zone for environment host names (DNSSEC on).
// Its name servers are an output: delegate the domain to them from the parent zone.
import * as pulumi from "@pulumi/pulumi";
import { ManagedZone } from "@pulumi/gcp/dns/managedZone";

export interface DnsZoneArgs {
  project: string;
  name: string;
  /** Fully qualified, with the trailing dot. */
  dnsName: string;
}

export class DnsZone extends pulumi.ComponentResource {
  readonly zoneName: pulumi.Output<string>;
  readonly nameServers: pulumi.Output<string[]>;

  constructor(name: string, args: DnsZoneArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:platform:DnsZone", name, {}, opts);
    const zone = new ManagedZone(
      args.name,
      {
        name: args.name,
        project: args.project,
        dnsName: args.dnsName,
        description: "Host names of releng-envs environments",
        visibility: "public",
        dnssecConfig: { state: "on" },
        labels: { "managed-by": "pulumi", "releng-envs-kind": "platform" },
      },
      { parent: this },
    );
    this.zoneName = zone.name;
    this.nameServers = zone.nameServers;
    this.registerOutputs({ zoneName: this.zoneName, nameServers: this.nameServers });
  }
}
