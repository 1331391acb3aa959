// How a stack's workloads adapt to a platform cluster: every pod template pulls Docker Hub images
// through the platform's registry mirror and is placed on its workload's node pool (nodeSelector +
// toleration). A Pulumi resource transformation, given to the top component of an environment or
// pools stack: it reaches every child, so service components need not know about GKE.
import * as pulumi from "@pulumi/pulumi";
import type { Workload } from "../../catalog/platform";
import { placeWorkload } from "./images";
import { podSchedulingFor } from "./scheduling";

/** Resource types whose pod templates are adapted. */
export const POD_TEMPLATE_TYPES = new Set([
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
]);

export function gkeWorkloadTransformation(mirror: pulumi.Input<string>, workload: Workload): pulumi.ResourceTransformation {
  const scheduling = podSchedulingFor(workload);
  return (args) => {
    if (!POD_TEMPLATE_TYPES.has(args.type) || !args.props.spec) return undefined;
    const spec = pulumi
      .all([pulumi.output(mirror), pulumi.output(args.props.spec)])
      .apply(([m, s]) => placeWorkload({ spec: s }, { mirror: m, ...scheduling }).spec);
    return { props: { ...args.props, spec }, opts: args.opts };
  };
}
