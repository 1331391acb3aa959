// Seeding a Balrog copy: the seed script and provenance ConfigMaps, the Job (its seed identity names
// it), its least-privilege account, and the init container that gates the apps on the seed. Pure.
import { createHash } from "node:crypto";
import { BALROG_AGENT_ACCOUNT, BALROG_DATABASE, BALROG_PORTS, BALROG_RESOURCES, BALROG_STAGE_SUBMITTERS, BALROG_SUBMITTER_PERMISSIONS, BALROG_UIDS } from "../../../catalog/balrog";
import { LABELS, PRIVATE_RANGES } from "../../../catalog/environment";
import { proxyEnv } from "../../env/egressProxy";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../k8s/security";
import type { ConfigMap, Container, EnvVar, Job, NetworkPolicy, Role, RoleBinding, ServiceAccount } from "../../k8s/types";
import { configMapObject, secretEnv } from "../objects";
import { BALROG_NAMES, dbHost, dumpUrl, identity, labelsFor, SCRIPT_VOLUME, SECRET_KEYS, TMP_VOLUME, type BalrogBuildArgs } from "./common";
import { SEED_SCRIPT_KEY } from "./seedScript";

function meta(args: BalrogBuildArgs, name: string, component: string, annotations?: Record<string, string>) {
  return { name, namespace: args.namespace, labels: labelsFor(args, component), ...(annotations ? { annotations } : {}) };
}

/** Seed identity: a change of source, URL, generation, app image or script makes a new Job. */
export function seedJobName(args: Pick<BalrogBuildArgs, "settings" | "seedScript">): string {
  const { seed, images } = args.settings;
  const hash = createHash("sha256")
    .update(JSON.stringify([seed.source, dumpUrl(seed) ?? "", seed.generation, images.app, args.seedScript]))
    .digest("hex")
    .slice(0, 8);
  return `${BALROG_NAMES.seed}-g${seed.generation}-${hash}`;
}

export function seedScriptConfigMap(args: BalrogBuildArgs): ConfigMap {
  return configMapObject(identity(args, "seed"), BALROG_NAMES.seedScript, { [SEED_SCRIPT_KEY]: args.seedScript });
}

/** Created empty-ish; the seed job patches `data` (the component ignores later changes to it). */
export function provenanceConfigMap(args: BalrogBuildArgs): ConfigMap {
  return configMapObject(identity(args, "seed"), BALROG_NAMES.provenance, {
    status: "pending: the seed job has not reported yet",
    source: args.settings.seed.source,
    url: dumpUrl(args.settings.seed) ?? "none",
  });
}

function seedEnv(args: BalrogBuildArgs): EnvVar[] {
  const { seed, signoff } = args.settings;
  return [
    { name: "SEED_SOURCE", value: seed.source },
    { name: "DUMP_URL", value: dumpUrl(seed) ?? "" },
    { name: "SEED_GENERATION", value: String(seed.generation) },
    { name: "DB_HOST", value: dbHost(args.namespace) },
    { name: "DB_PORT", value: String(BALROG_PORTS.mysql) },
    { name: "DB_NAME", value: BALROG_DATABASE.name },
    { name: "SCRATCH_DB", value: BALROG_DATABASE.scratch },
    { name: "PREVIOUS_DB", value: BALROG_DATABASE.previous },
    { name: "HOLDER", value: args.holder },
    { name: "AGENT_ACCOUNT", value: BALROG_AGENT_ACCOUNT },
    { name: "SUBMITTERS", value: BALROG_STAGE_SUBMITTERS.map((s) => `${s.account}:${s.products.join(",")}`).join("\n") },
    { name: "SUBMITTER_PERMISSIONS", value: BALROG_SUBMITTER_PERMISSIONS.map((p) => `${p.permission}:${p.actions.join(",")}`).join("\n") },
    { name: "SIGNOFF_PRODUCT", value: signoff.product },
    { name: "SIGNOFF_CHANNEL", value: signoff.channel },
    { name: "SIGNOFF_ROLE", value: signoff.role },
    // mozilla-releng/balrog scripts/run.sh: `upgrade-db` / `create-db` run scripts/manage-db.py on $DBURI.
    { name: "SCHEMA_UPGRADE_CMD", value: "cd /app && /app/scripts/run.sh upgrade-db" },
    { name: "SCHEMA_CREATE_CMD", value: "cd /app && /app/scripts/run.sh create-db" },
    { name: "WORK_DIR", value: "/work" },
    { name: "PROVENANCE_CONFIGMAP", value: BALROG_NAMES.provenance },
    { name: "NAMESPACE", value: args.namespace },
  ];
}

/** Init container of admin and public: block until the database holds the configured seed. */
export function waitForSeedContainer(args: BalrogBuildArgs): Container {
  return {
    name: "wait-for-seed",
    image: args.settings.images.app,
    command: ["bash", `/seed/${SEED_SCRIPT_KEY}`, "wait"],
    env: [
      { name: "SEED_GENERATION", value: String(args.settings.seed.generation) },
      { name: "DB_HOST", value: dbHost(args.namespace) },
      { name: "DB_PORT", value: String(BALROG_PORTS.mysql) },
      { name: "DB_NAME", value: BALROG_DATABASE.name },
      { name: "DB_USER", value: BALROG_DATABASE.user },
      secretEnv("DB_PASSWORD", BALROG_NAMES.dbSecret, SECRET_KEYS.db.appPassword),
      { name: "WORK_DIR", value: "/tmp" },
    ],
    resources: BALROG_RESOURCES.small,
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [
      { name: "seed-script", mountPath: "/seed", readOnly: true },
      { name: "tmp", mountPath: "/tmp" },
    ],
  };
}

export function seedObjects(args: BalrogBuildArgs): {
  serviceAccount: ServiceAccount;
  role: Role;
  roleBinding: RoleBinding;
  apiServerPolicy: NetworkPolicy;
  job: Job;
} {
  const roleName = `${BALROG_NAMES.seed}-provenance-writer`;
  const seedRole = { [LABELS.role]: BALROG_NAMES.seed };
  const job: Job = {
    apiVersion: "batch/v1",
    kind: "Job",
    // The app gates itself on the seed (init container), so `pulumi up` need not wait for an import
    // of production size; `kubectl logs job/<name>` shows progress.
    metadata: meta(args, seedJobName(args), "seed", { "pulumi.com/skipAwait": "true" }),
    spec: {
      // Asleep: the Job is suspended (no pod); waking resumes it. The script is idempotent.
      suspend: args.asleep,
      backoffLimit: 3,
      template: {
        metadata: { labels: { ...labelsFor(args, "seed"), ...seedRole } },
        spec: {
          restartPolicy: "Never",
          serviceAccountName: BALROG_NAMES.seed,
          // The token is what lets the script patch the provenance ConfigMap (Role below).
          automountServiceAccountToken: true,
          securityContext: restrictedPodSecurityContext(BALROG_UIDS.app),
          containers: [
            {
              name: "seed",
              image: args.settings.images.app,
              command: ["bash", `/seed/${SEED_SCRIPT_KEY}`, "seed"],
              env: [
                ...seedEnv(args),
                { name: "DB_USER", value: "root" },
                secretEnv("DB_PASSWORD", BALROG_NAMES.dbSecret, SECRET_KEYS.db.rootPassword),
                ...proxyEnv(args.namespace),
              ],
              resources: BALROG_RESOURCES.seed,
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [
                { name: "seed-script", mountPath: "/seed", readOnly: true },
                { name: "work", mountPath: "/work" },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [SCRIPT_VOLUME, { name: "work", emptyDir: { sizeLimit: args.settings.sizes.seedScratch } }, TMP_VOLUME],
        },
      },
    },
  };
  return {
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(args, BALROG_NAMES.seed, "seed"), automountServiceAccountToken: false },
    // Least privilege: read and patch the one provenance ConfigMap; nothing else in the namespace.
    role: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(args, roleName, "seed"),
      rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: [BALROG_NAMES.provenance], verbs: ["get", "patch"] }],
    },
    roleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(args, roleName, "seed"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: roleName },
      subjects: [{ kind: "ServiceAccount", name: BALROG_NAMES.seed, namespace: args.namespace }],
    },
    // default-deny-all blocks the API server too; the seed pod alone may reach cluster-internal
    // addresses on the API server's ports. Its internet traffic still goes through the egress proxy.
    apiServerPolicy: {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(args, `${BALROG_NAMES.seed}-to-apiserver`, "seed"),
      spec: {
        podSelector: { matchLabels: seedRole },
        policyTypes: ["Egress"],
        egress: [
          {
            to: PRIVATE_RANGES.filter((r) => r !== "169.254.0.0/16").map((cidr) => ({ ipBlock: { cidr } })),
            ports: [
              { protocol: "TCP", port: 443 },
              { protocol: "TCP", port: 6443 },
            ],
          },
        ],
      },
    },
    job,
  };
}
