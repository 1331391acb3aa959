// Plain data for an environment's Ship-it copy: admin (read-write) and public (read-only) APIs on
// one Postgres 15. Sources are cited per value.
import { MOZILLA_AUTH0_DOMAIN, TASKCLUSTER_ROOT_URL } from "./mozilla";

export const SHIPIT = {
  images: {
    /** Repositories Ship-it pushes to (mozilla-releng/shipit taskcluster/kinds/push-image/kind.yml). */
    admin: "mozilla/releng-shipit-admin",
    public: "mozilla/releng-shipit-public",
    /**
     * Default tag: Ship-it pushes `<deployment branch>` and `<branch>-<YYYYmmddHHMMSS>` for its
     * deployment branches `dev` and `production` (mozilla-releng/shipit
     * taskcluster/shipit_taskgraph/parameters.py DEPLOYMENT_BRANCHES, taskcluster/docker/skopeo/push_image.sh).
     * A copy runs what production runs; pin a timestamped tag for repeatable releases.
     */
    defaultTag: "production",
  },
  /** The Dockerfile's `app` user (mozilla-releng/shipit taskcluster/docker/shipit/Dockerfile). */
  uid: 10001,
  /** Ports of the local setup (mozilla-releng/shipit docker-compose.yml); every Service listens on 80. */
  adminPort: 8015,
  publicPort: 8016,
  /**
   * Copies are always `dev`: settings.py accepts dev, development, staging, production; `production`
   * enables production notifications and must never run outside production.
   */
  appChannel: "dev",
  /** Defaults of the local setup (docker-compose.yml) and the scriptworker pools (DESIGN.md §3). */
  authDomain: MOZILLA_AUTH0_DOMAIN,
  taskclusterRootUrl: TASKCLUSTER_ROOT_URL,
  database: {
    image: "postgres:15",
    /** The Debian postgres image's `postgres` user. */
    uid: 999,
    port: 5432,
    name: "shipit",
    user: "shipit",
    readonlyUser: "shipit_readonly",
    storage: "5Gi",
  },
  /** Names under releng-envs:secrets.shipit.* the copy needs (Taskcluster and Auth0 credentials). */
  secrets: {
    authClientId: "AUTH_CLIENT_ID",
    authClientSecret: "AUTH_CLIENT_SECRET",
    taskclusterClientId: "TASKCLUSTER_CLIENT_ID",
    taskclusterAccessToken: "TASKCLUSTER_ACCESS_TOKEN",
  },
  resources: {
    postgres: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    admin: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    public: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  },
} as const;

export type ShipitSecretName = keyof typeof SHIPIT.secrets;

/** Secret config paths of the copy's credentials (`releng-envs:secrets.shipit.<name>`), by name. */
export const SHIPIT_SECRET_PATHS = Object.fromEntries((Object.keys(SHIPIT.secrets) as ShipitSecretName[]).map((k) => [k, `shipit.${k}`])) as Readonly<Record<ShipitSecretName, string>>;
