// The kubeconfig of a GKE cluster, authenticating with gcloud's gke-gcloud-auth-plugin (the exec
// credential plugin kubectl and client-go use for GKE since Kubernetes 1.26). Pure: no Pulumi, no secrets
// inside (the plugin fetches a short-lived token from the caller's gcloud credentials).
import YAML from "yaml";
import { GKE_AUTH_PLUGIN } from "../../catalog/platform";

export interface GkeClusterInfo {
  project: string;
  location: string;
  name: string;
  /** Control plane address as GKE reports it (an IP, no scheme). */
  endpoint: string;
  /** Base64 PEM of the cluster CA (GKE's masterAuth.clusterCaCertificate). */
  caCertificate: string;
}

/** gcloud's context naming: `gke_<project>_<location>_<cluster>`. */
export function gkeContextName(c: Pick<GkeClusterInfo, "project" | "location" | "name">): string {
  return `gke_${c.project}_${c.location}_${c.name}`;
}

export function gkeKubeconfig(c: GkeClusterInfo): string {
  const name = gkeContextName(c);
  return YAML.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: `https://${c.endpoint}`, "certificate-authority-data": c.caCertificate } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: GKE_AUTH_PLUGIN,
            installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin (see docs/platform.md)",
            provideClusterInfo: true,
            interactiveMode: "IfAvailable",
          },
        },
      },
    ],
    preferences: {},
  });
}
