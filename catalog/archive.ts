// Plain data for an environment's archive: images, ports, names. No logic here.

export const ARCHIVE = {
  /** Production archive; misses fall back here (read-only). Overridable per stack. */
  productionBaseUrl: "https://archive.mozilla.org",
  /** The env's bucket; the front serves `/pub/...` from `<bucket>/pub/...`. */
  bucket: "archive",
  /** Secret other services of the environment mount to write to the store (S3 API). */
  credentialsSecret: "archive-s3-credentials",
  /** The store's own config (S3 identities, holds the secret key): only the store mounts it. */
  storeConfigSecret: "archive-store-config",
  /** Response header naming which side answered: env | production | refused | front. */
  sourceHeader: "X-Archive-Source",
  storeSize: "50Gi",
  front: {
    // nginxinc/docker-nginx-unprivileged stable/alpine-slim/Dockerfile: NGINX_VERSION 1.26.3,
    // `USER 101`, EXPOSE 8080, pid and temp paths under /tmp. We pass our own nginx.conf.
    image: "nginxinc/nginx-unprivileged:1.26.3-alpine-slim",
    uid: 101,
    port: 8080,
    /** Loopback-only server that answers 404 for production objects hidden by the cut-off. */
    hiddenPort: 8081,
  },
  store: {
    // SeaweedFS (Apache-2.0). Tag = appVersion of the upstream Helm chart
    // (seaweedfs/seaweedfs k8s/charts/seaweedfs/Chart.yaml). The image sets no USER; we run it
    // as an arbitrary non-root uid with the data on the PVC (fsGroup makes it writable).
    image: "chrislusf/seaweedfs:3.85",
    uid: 10001,
    // `weed server` defaults (weed/command/*.go; docker/Dockerfile.go_build EXPOSE lines).
    s3Port: 8333,
    masterPort: 9333,
    filerPort: 8888,
  },
  /**
   * Port on the environment's egress proxy (Squid) that acts as a reverse proxy for the production
   * archive only (proxy mode): nginx cannot use HTTPS_PROXY, so it speaks plain HTTP to this port
   * and Squid opens the TLS connection to the one allow-listed origin.
   */
  egressOriginPort: 3129,
  egressOriginName: "prod-archive",
} as const;
