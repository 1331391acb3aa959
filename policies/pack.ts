// The pack's contents, importable without starting anything (index.ts serves them).
import type { RelengPolicy } from "./lib/policy";
import { autographStageDevOnly } from "./rules/autograph-stage-dev-only";
import { certScopeMatchesTrustLevel } from "./rules/cert-scope-matches-trust-level";
import { ciPoolsIndependentOfStaging } from "./rules/ci-pools-independent-of-staging";
import { containersDropAllCapabilities } from "./rules/containers-drop-all-capabilities";
import { containersNoPrivilegeEscalation } from "./rules/containers-no-privilege-escalation";
import { containersNonRoot } from "./rules/containers-non-root";
import { containersResources } from "./rules/containers-resources";
import { environmentDueWithinMax } from "./rules/environment-due-within-max";
import { environmentEgressReadOnly } from "./rules/environment-egress-read-only";
import { environmentNamespaceMetadata } from "./rules/environment-namespace-metadata";
import { environmentNotOverdue } from "./rules/environment-not-overdue";
import { environmentShipitChannel } from "./rules/environment-shipit-channel";
import { noProdSecretsOutsideProd } from "./rules/no-prod-secrets-outside-prod";
import { noProductionWriteEndpoints } from "./rules/no-production-write-endpoints";
import { noStageCredentialsInProd } from "./rules/no-stage-credentials-in-prod";
import { podsNoHostAccess } from "./rules/pods-no-host-access";
import { prodPoolPinnedImages } from "./rules/prod-pool-pinned-images";
import { prodPoolProductionEndpoints } from "./rules/prod-pool-production-endpoints";
import { servicesHaveProbes } from "./rules/services-have-probes";
import { stackKindAndLevelConsistent } from "./rules/stack-kind-and-level-consistent";
import { storePushesProdOnly } from "./rules/store-pushes-prod-only";
import { workersHaveLivenessProbe } from "./rules/workers-have-liveness-probe";
import { signingConfigAllowed } from "./rules/signing-config-allowed";
import { poolCredentialsAllowed } from "./rules/pool-credentials-allowed";
import { gcpAccessAllowed } from "./rules/gcp-access-allowed";
import { environmentNetworkIsolated } from "./rules/environment-network-isolated";
import { poolPodsNoServiceAccountToken } from "./rules/pool-pods-no-service-account-token";

export const PACK_NAME = "releng-envs";

export const PACK_DESCRIPTION = "Keeps the releng trust levels (prod, dep, dev) apart, environments short-lived and workloads restricted.";

/** Every policy, by family: trust, lifecycle, hygiene. */
export const POLICIES: RelengPolicy[] = [
  signingConfigAllowed,
  autographStageDevOnly,
  poolCredentialsAllowed,
  prodPoolProductionEndpoints,
  certScopeMatchesTrustLevel,
  prodPoolPinnedImages,
  noProdSecretsOutsideProd,
  noStageCredentialsInProd,
  storePushesProdOnly,
  noProductionWriteEndpoints,
  ciPoolsIndependentOfStaging,
  environmentShipitChannel,
  environmentEgressReadOnly,
  environmentNetworkIsolated,
  gcpAccessAllowed,
  poolPodsNoServiceAccountToken,
  stackKindAndLevelConsistent,
  environmentNamespaceMetadata,
  environmentDueWithinMax,
  environmentNotOverdue,
  containersResources,
  containersNonRoot,
  containersNoPrivilegeEscalation,
  containersDropAllCapabilities,
  podsNoHostAccess,
  servicesHaveProbes,
  workersHaveLivenessProbe,
];
