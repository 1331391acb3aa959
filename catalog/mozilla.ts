// Plain data: Mozilla services several parts of the project talk to. One place, so a moved host is
// changed once. Sources: DESIGN.md §3; mozilla-releng/scriptworker-scripts docker.d/init.sh
// (TASKCLUSTER_ROOT_URL) and balrogscript/docker.d/init_worker.sh (Auth0 domain).

/** Firefox CI's Taskcluster: scriptworker pools and Ship-it copies call it. */
export const TASKCLUSTER_ROOT_URL = "https://firefox-ci-tc.services.mozilla.com";
/** Google Cloud Storage's JSON/XML API host (Balrog admin's history writes, signed artifact URLs). */
export const GCS_API_HOST = "storage.googleapis.com";
/** Mozilla's Mercurial host (chain-of-trust verification reads gecko's .taskcluster.yml there). */
export const HG_HOST = "hg.mozilla.org";
/** Where the Firefox CI deployment serves public artifacts (the queue redirects there). */
export const TASKCLUSTER_ARTIFACTS_HOST = "firefoxci.taskcluster-artifacts.net";

/** The Auth0 tenant of stage and production Balrog and Ship-it; private copies reuse it. */
export const MOZILLA_AUTH0_DOMAIN = "auth.mozilla.auth0.com";
