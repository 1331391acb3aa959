// Small pure helpers the library services' builders share: labels, Services, Secrets, probes.
import { LABELS } from "../../catalog/environment";
import { SERVICE_PORT } from "../../catalog/endpoints";
import { envIdentity } from "../env/builders";
import { envLabels, workloadLabels } from "../env/labels";
import { namespaceName } from "../env/names";
import type { Probe, Secret, Service } from "../k8s/types";
import type { EnvironmentStack } from "../../stacks/load";

export interface WorkloadIdentity {
  namespace: string;
  /** Every label of the workload's objects. */
  labels: Record<string, string>;
  /** The stable subset selectors use. */
  selector: Record<string, string>;
}

/** Labels of one workload (`component`) of a library service, per the environment contract. */
export function workloadIdentity(config: EnvironmentStack, service: string, component: string): WorkloadIdentity {
  const selector = workloadLabels(service, component);
  return {
    namespace: namespaceName(config.name),
    labels: { ...envLabels(envIdentity(config), { [LABELS.service]: service }), ...selector },
    selector,
  };
}

/** A ClusterIP Service; library endpoints listen on port 80 (catalog/endpoints.ts), databases on their own. */
export function serviceObject(id: WorkloadIdentity, name: string, targetPort: number, port = SERVICE_PORT): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: id.namespace, labels: id.labels },
    spec: { type: "ClusterIP", selector: id.selector, ports: [{ name: "main", port, targetPort, protocol: "TCP" }] },
  };
}

/**
 * A Secret without data: the component fills `stringData` with Pulumi secret Outputs, so values
 * never pass through a builder. `keys` documents (and tests check) which keys it will hold.
 */
export function secretShell(id: WorkloadIdentity, name: string, keys: readonly string[]): Secret & { metadata: { annotations: Record<string, string> } } {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    metadata: { name, namespace: id.namespace, labels: id.labels, annotations: { "releng.mozilla.org/secret-keys": [...keys].sort().join(",") } },
  };
}

export function httpProbe(path: string, port: number, periodSeconds: number, failureThreshold: number, initialDelaySeconds = 5): Probe {
  return { httpGet: { path, port }, periodSeconds, failureThreshold, initialDelaySeconds, timeoutSeconds: 5 };
}

/** An env var read from a key of a Secret. */
export function secretEnv(name: string, secret: string, key = name) {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}
