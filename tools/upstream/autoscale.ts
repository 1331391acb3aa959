// Facts from mozilla-releng/k8s-autoscale: the worker types each cluster's autoscaler serves.
import YAML from "yaml";
import type { AutoscaledWorker, AutoscaleFacts } from "../../catalog/upstreamContract";
import type { UpstreamRepo } from "./repo";

interface RawWorker {
  worker_type: string;
  provisioner: string;
  deployment_namespace: string;
  deployment_name: string;
  autoscale?: { args?: { max_replicas?: number } };
}

export function autoscaleFacts(repo: UpstreamRepo): AutoscaleFacts {
  const clusters: Record<string, AutoscaledWorker[]> = {};
  for (const file of repo.files.filter((f) => /^configs\/[^/]+\/config\.ya?ml$/.test(f)).sort()) {
    const cluster = file.split("/")[1];
    const raw = YAML.parse(repo.read(file)) as { worker_types?: RawWorker[] };
    clusters[cluster] = (raw.worker_types ?? []).map((w) => ({
      workerType: w.worker_type,
      provisioner: w.provisioner,
      namespace: w.deployment_namespace,
      deployment: w.deployment_name,
      ...(w.autoscale?.args?.max_replicas !== undefined ? { maxReplicas: w.autoscale.args.max_replicas } : {}),
    }));
  }
  return { repository: repo.repository, commit: repo.commit, clusters };
}
