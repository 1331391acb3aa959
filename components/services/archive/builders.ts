// Pure builders for an environment's archive: the S3 store (SeaweedFS), its bucket and
// credentials Secret shapes, and the nginx front. Plan in, Kubernetes objects out; no Pulumi.
import * as crypto from "node:crypto";
import { ARCHIVE } from "../../../catalog/archive";
import { IN_CLUSTER_SERVICES, inClusterUrl, SERVICE_PORT } from "../../../catalog/endpoints";
import { LABELS } from "../../../catalog/environment";
import { EGRESS_PROXY } from "../../../catalog/environment";
import type { EgressOrigin } from "../../env/egressProxy";
import { workloadLabels } from "../../env/labels";
import type { EnvironmentPlacement } from "../../env/placement";
import { replicasFor } from "../../env/replicas";
import { restrictedContainerSecurityContext } from "../../k8s/security";
import type { ConfigMap, Deployment, Secret, Service, StatefulSet } from "../../k8s/types";
import { configMapObject, deploymentObject, emptySecret, namedPortService, podSpec, type WorkloadIdentity } from "../objects";
import { archiveNginxConfig } from "./nginxConfig";

export const ARCHIVE_SERVICE = "archive";

/** An archive copy's settings (the cut-off resolved to an instant by the program's plan). */
export interface ArchiveCopy {
  /** How a miss reaches production: a 302 to production, or fetched by the front itself. */
  fallback: "redirect" | "proxy";
  /** Production's origin; misses append `/pub/...` to it. */
  productionBaseUrl: string;
  /** Size of the store's PersistentVolumeClaim. */
  storeSize: string;
  storeImage: string;
  frontImage: string;
}

/** Everything the builders need, resolved once. */
export interface ArchivePlan {
  namespace: string;
  labels: Record<string, string>;
  replicas: number;
  settings: ArchiveCopy;
  /** Production objects newer than this are invisible (proxy mode only). */
  cutoff?: Date;
  productionHost: string;
}

/** The archive's plan inside an environment. */
export function archivePlan(placement: EnvironmentPlacement, settings: ArchiveCopy, cutoff?: Date): ArchivePlan {
  return {
    namespace: placement.namespace,
    labels: { ...placement.labels, [LABELS.service]: ARCHIVE_SERVICE },
    replicas: replicasFor(placement),
    settings,
    ...(cutoff ? { cutoff } : {}),
    productionHost: new URL(settings.productionBaseUrl).hostname,
  };
}

/** Exactly the production archive host: the egress allow-list entry the archive adds. */
export function archiveEgressHosts(settings: ArchiveCopy): string[] {
  return [new URL(settings.productionBaseUrl).hostname];
}

/** In proxy mode the egress proxy reverse-proxies the production archive for the front. */
export function archiveEgressOrigins(settings: ArchiveCopy): EgressOrigin[] {
  if (settings.fallback !== "proxy") return [];
  return [{ name: ARCHIVE.egressOriginName, port: ARCHIVE.egressOriginPort, host: new URL(settings.productionBaseUrl).hostname }];
}

const host = (namespace: string, service: keyof typeof IN_CLUSTER_SERVICES) => `${IN_CLUSTER_SERVICES[service]}.${namespace}.svc.cluster.local`;

/** What a staging release and the environment's services use. */
export function archiveEndpoints(namespace: string) {
  return {
    /** Prefix of archive URLs, like https://archive.mozilla.org/pub/ in production. */
    archiveUrl: `${inClusterUrl(namespace, "archiveFront")}/pub/`,
    s3Endpoint: inClusterUrl(namespace, "archiveStore"),
    bucket: ARCHIVE.bucket,
    credentialsSecret: ARCHIVE.credentialsSecret,
  };
}

// ---------------------------------------------------------------- store (SeaweedFS, S3 API)

/**
 * SeaweedFS S3 identities (format: seaweedfs/seaweedfs docker/compose/s3.json): the environment's
 * writer, and anonymous read of the one bucket so the front can GET without signing.
 */
export function seaweedS3Config(accessKey: string, secretKey: string, bucket = ARCHIVE.bucket): string {
  return JSON.stringify(
    {
      identities: [
        { name: "anonymous", actions: [`Read:${bucket}`] },
        { name: "environment", credentials: [{ accessKey, secretKey }], actions: ["Admin", "Read", "List", "Tagging", "Write"] },
      ],
    },
    null,
    2,
  );
}

/** Keys of the credentials Secret other services mount (env var names, AWS SDK conventions). */
export function credentialsData(namespace: string, accessKey: string, secretKey: string): Record<string, string> {
  const e = archiveEndpoints(namespace);
  return {
    AWS_ACCESS_KEY_ID: accessKey,
    AWS_SECRET_ACCESS_KEY: secretKey,
    // SeaweedFS accepts any region; SDKs insist on one.
    AWS_REGION: "us-east-1",
    S3_ENDPOINT: e.s3Endpoint,
    S3_BUCKET: e.bucket,
    ARCHIVE_URL: e.archiveUrl,
  };
}

/** Secret shells: names and labels; the component fills `stringData` with secret Outputs. */
export function archiveSecrets(plan: ArchivePlan): { storeConfig: Secret; credentials: Secret } {
  return { storeConfig: emptySecret(plan, ARCHIVE.storeConfigSecret), credentials: emptySecret(plan, ARCHIVE.credentialsSecret) };
}

/**
 * The store's entrypoint: `weed server` with master, volume, filer and S3 in one process, then the
 * bucket created once the filer answers (`s3.bucket.create` through `weed shell`, as the upstream
 * Helm chart's bucket hook does: k8s/charts/seaweedfs/templates/shared/post-install-bucket-hook.yaml).
 * The script exits (and the pod restarts) if the bucket does not exist afterwards.
 */
export function storeStartScript(bucket = ARCHIVE.bucket): string {
  const s = ARCHIVE.store;
  const filer = `127.0.0.1:${s.filerPort}`;
  return [
    "#!/bin/sh",
    "# Generated by releng-envs (components/services/archive/builders.ts).",
    "set -u",
    `/usr/bin/weed -logtostderr=true server -dir=/data -ip=127.0.0.1 -ip.bind=0.0.0.0 -volume.max=0 \\`,
    `  -master.port=${s.masterPort} -filer -filer.port=${s.filerPort} \\`,
    `  -s3 -s3.port=${s.s3Port} -s3.config=/etc/archive-store/s3.json &`,
    "weed=$!",
    'trap \'kill -TERM "$weed" 2>/dev/null\' TERM INT',
    "i=0",
    `until wget -q -O /dev/null "http://${filer}/"; do`,
    '  i=$((i + 1)); if [ "$i" -ge 120 ]; then echo "archive-store: filer did not start" >&2; kill -TERM "$weed"; exit 1; fi',
    "  sleep 1",
    "done",
    `echo "s3.bucket.create --name ${bucket}" | /usr/bin/weed shell -master=127.0.0.1:${s.masterPort} -filer=${filer}`,
    `if ! wget -q -O /dev/null "http://${filer}/buckets/${bucket}/"; then`,
    `  echo "archive-store: bucket ${bucket} could not be created" >&2; kill -TERM "$weed"; exit 1`,
    "fi",
    `echo "archive-store: bucket ${bucket} ready"`,
    'wait "$weed"',
    "",
  ].join("\n");
}

export function storeObjects(plan: ArchivePlan): { startScript: ConfigMap; statefulSet: StatefulSet; service: Service } {
  const name = IN_CLUSTER_SERVICES.archiveStore;
  const id = identity(plan, "store");
  const { labels, selector } = id;
  const script = storeStartScript();
  const startScript = configMapObject(id, `${name}-start`, { "start.sh": script });
  const statefulSet: StatefulSet = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: plan.namespace, labels },
    spec: {
      // One pod owns the volume. The Service below is not headless: the store needs no per-pod DNS.
      serviceName: name,
      replicas: plan.replicas,
      selector: { matchLabels: selector },
      // Scaling to zero (asleep) or deleting the set keeps the data.
      persistentVolumeClaimRetentionPolicy: { whenScaled: "Retain", whenDeleted: "Retain" },
      template: {
        metadata: { labels, annotations: { "releng.mozilla.org/start-sha256": sha256(script) } },
        spec: podSpec({
          uid: ARCHIVE.store.uid,
          enableServiceLinks: false,
          containers: [
            {
              name: "seaweedfs",
              image: plan.settings.storeImage,
              command: ["/bin/sh", "/etc/archive-store-start/start.sh"],
              // `weed shell` keeps a history file in $HOME; the root filesystem is read-only.
              env: [{ name: "HOME", value: "/tmp" }],
              ports: [
                { name: "s3", containerPort: ARCHIVE.store.s3Port },
                { name: "filer", containerPort: ARCHIVE.store.filerPort },
              ],
              securityContext: restrictedContainerSecurityContext(),
              resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
              // Ready once the bucket exists (the filer lists it), not merely when a port is open.
              readinessProbe: { httpGet: { path: `/buckets/${ARCHIVE.bucket}/`, port: ARCHIVE.store.filerPort }, periodSeconds: 10 },
              livenessProbe: { tcpSocket: { port: ARCHIVE.store.s3Port }, initialDelaySeconds: 60, periodSeconds: 20, failureThreshold: 3 },
              volumeMounts: [
                { name: "data", mountPath: "/data" },
                { name: "start", mountPath: "/etc/archive-store-start", readOnly: true },
                { name: "config", mountPath: "/etc/archive-store", readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "start", configMap: { name: startScript.metadata!.name! } },
            { name: "config", secret: { secretName: ARCHIVE.storeConfigSecret, items: [{ key: "s3.json", path: "s3.json" }] } },
            { name: "tmp", emptyDir: {} },
          ],
        }),
      },
      volumeClaimTemplates: [
        {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          metadata: { name: "data", labels },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: plan.settings.storeSize } } },
        },
      ],
    },
  };
  return { startScript, statefulSet, service: namedPortService(id, name, "s3", SERVICE_PORT, ARCHIVE.store.s3Port) };
}

// ---------------------------------------------------------------- front (nginx)

export function frontNginxConfig(plan: ArchivePlan): string {
  return archiveNginxConfig({
    listen: String(ARCHIVE.front.port),
    hiddenListen: `127.0.0.1:${ARCHIVE.front.hiddenPort}`,
    store: `${host(plan.namespace, "archiveStore")}:${SERVICE_PORT}`,
    bucket: ARCHIVE.bucket,
    fallback: plan.settings.fallback,
    productionBaseUrl: plan.settings.productionBaseUrl,
    productionUpstream: `${EGRESS_PROXY.name}.${plan.namespace}.svc.cluster.local:${ARCHIVE.egressOriginPort}`,
    productionHost: plan.productionHost,
    cutoff: plan.cutoff,
    pidFile: "/tmp/nginx.pid",
    tempDir: "/tmp",
    accessLog: "/dev/stdout",
    errorLog: "stderr",
  });
}

export function frontObjects(plan: ArchivePlan): { config: ConfigMap; deployment: Deployment; service: Service } {
  const name = IN_CLUSTER_SERVICES.archiveFront;
  const id = identity(plan, "front");
  const conf = frontNginxConfig(plan);
  const config = configMapObject(id, `${name}-front-config`, { "nginx.conf": conf });
  const pod = podSpec({
    uid: ARCHIVE.front.uid,
    enableServiceLinks: false,
    containers: [
      {
        name: "nginx",
        image: plan.settings.frontImage,
        // Our own nginx.conf; the image's entrypoint scripts (templates, IPv6 edits) are not needed.
        command: ["nginx", "-c", "/etc/archive-front/nginx.conf", "-g", "daemon off;"],
        ports: [{ name: "http", containerPort: ARCHIVE.front.port }],
        securityContext: restrictedContainerSecurityContext(),
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "1", memory: "256Mi" } },
        readinessProbe: { httpGet: { path: "/__lbheartbeat__", port: ARCHIVE.front.port }, periodSeconds: 10 },
        livenessProbe: { httpGet: { path: "/__lbheartbeat__", port: ARCHIVE.front.port }, periodSeconds: 20, failureThreshold: 3 },
        volumeMounts: [
          { name: "config", mountPath: "/etc/archive-front", readOnly: true },
          { name: "tmp", mountPath: "/tmp" },
        ],
      },
    ],
    volumes: [
      { name: "config", configMap: { name: config.metadata!.name! } },
      { name: "tmp", emptyDir: {} },
    ],
  });
  // A changed config rolls the pods.
  const deployment = deploymentObject(id, `${name}-front`, plan.replicas, pod, { annotations: { "releng.mozilla.org/config-sha256": sha256(conf) } });
  return { config, deployment, service: namedPortService(id, name, "http", SERVICE_PORT, ARCHIVE.front.port) };
}

function identity(plan: ArchivePlan, component: string): WorkloadIdentity {
  const selector = workloadLabels(ARCHIVE_SERVICE, component);
  return { namespace: plan.namespace, labels: { ...plan.labels, ...selector }, selector };
}

function sha256(s: string): string {
  return crypto.createHash("sha256").update(s).digest("hex");
}
