// Why each policy has the enforcement level it has. The rule (test/policies/levels.test.ts):
// trust rules are mandatory — they are the security boundaries between prod, dep and dev; hygiene
// rules are advisory unless a reason to block is written here; `remediate` only where the fix is
// mechanical and safe. docs/policies.md prints each reason beside the level.

export const LEVEL_REASONS: Readonly<Record<string, string>> = {
  // Trust: a violation is a path for shipping secrets, signing keys or production writes to cross a level.
  "autograph-stage-dev-only": "Trust boundary: a prod or dep pool signing on Autograph stage makes CI depend on stage (DESIGN.md §1).",
  "cert-scope-matches-trust-level": "Trust boundary: a cert scope of another level lets a pool sign as that level.",
  "ci-pools-independent-of-staging": "Trust boundary: a staging outage must never stop CI signing.",
  "environment-egress-read-only": "Trust boundary: an environment's proxy is the only way out; an unlisted host is an unreviewed path to production.",
  "environment-shipit-channel": "Trust boundary: a copy running as production Ship-it can trigger production hooks.",
  "no-prod-secrets-outside-prod": "Trust boundary: shipping secrets below prod leave the level that guards them.",
  "no-production-write-endpoints": "Trust boundary: dep, dev and environments never write to production services.",
  "no-stage-credentials-in-prod": "Trust boundary: stage credentials in prod pools are how stage formats reach prod signing.",
  "prod-pool-pinned-images": "Trust boundary: a prod pool runs only a reviewed image, never a moving tag.",
  "prod-pool-production-endpoints": "Trust boundary: prod pools talk to production services only.",
  "signing-config-allowed": "Trust boundary: the mounted passwords.yml is what the worker signs with; a stage server or a format off its level's list there is stage signing in a dep or prod pool.",
  "pool-credentials-allowed": "Trust boundary: a credential off its script's and level's allow-list is how a renamed key carries prod-only material below prod.",
  "gcp-access-allowed": "Trust boundary: a bucket grant outside the level's buckets is a production write from below prod, invisible to the Kubernetes rules.",
  "environment-network-isolated": "Trust boundary: without default deny, or with egress open beyond DNS and the proxy, an environment reaches production directly and the egress allow-list means nothing.",
  "pool-pods-no-service-account-token": "Trust boundary: a pod holding signing or shipping credentials with a mounted API token can read other Secrets of its namespace if the token is ever granted more.",
  "stack-kind-and-level-consistent": "Trust boundary: every other trust rule judges a pool by its level; a mislabelled pool would be judged by the wrong one.",
  "store-pushes-prod-only": "Trust boundary: only prod pools publish to stores; below prod, pushes are spot-checks.",
  // Lifecycle: the library only works if checkouts carry their holder and come back.
  "environment-due-within-max": "Lifecycle: a checkout longer than the maximum is how copies stop coming back; blocking it at checkout costs nothing.",
  "environment-namespace-metadata": "Lifecycle: list, the reaper and the report find holders and due dates in these labels; without them an environment is orphaned.",
  "environment-not-overdue": "Lifecycle: an overdue environment is not updated until renewed or returned. The pull-request plan fails on it only for a change to that stack (or to program code); otherwise it is the reaper's business.",
  // Hygiene: advisory unless a reason to block is written.
  "containers-drop-all-capabilities": "Blocks, with a reason: the namespaces enforce Pod Security `restricted`, which refuses the pod at apply time anyway; failing at preview only says so earlier and names the container. Not remediate: dropping capabilities a container added changes what it can do, which is not safe to do silently.",
  "containers-no-privilege-escalation": "Remediate: allowPrivilegeEscalation: false is what Pod Security `restricted` demands at apply time anyway, so setting it is mechanical and safe; `pulumi up` with the pack sets it, and the offline plan reports it as remediated (not failing). A privileged container is not remediated (that would change what it can do) and stays a mandatory violation.",
  "containers-non-root": "Blocks, with a reason: Pod Security `restricted` refuses a root container at apply time anyway, and the scriptworker images run as uid 10001.",
  "pods-no-host-access": "Blocks, with a reason: Pod Security `restricted` refuses host namespaces and hostPath volumes at apply time anyway; host access would also cross every trust level on the node.",
  "containers-resources": "Blocks, with a reason: pools namespaces have no LimitRange to default limits, so an unbounded worker can starve the nodes CI signing runs on.",
  "services-have-probes": "Advisory: a missing probe makes rollouts and restarts blind, but breaks nothing at apply time and holds no secret.",
  "workers-have-liveness-probe": "Advisory: the worker images ship /bin/healthcheck; a pool without the probe still works, it is only restarted later when stuck.",
};
