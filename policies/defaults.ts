// The pack's default lists and limits. Every trust fact comes from generated/catalog.ts, written
// from the program's catalogue (tools/trust/packCatalog.ts), so the pack never imports the program
// yet never holds a second hand-written copy. Each list is a `configSchema` default SRE can tune with
// a policy config file (`pulumi preview --policy-pack-config`).
import { CATALOG } from "./generated/catalog";

/** Label and annotation keys the program writes (catalog/environment.ts LABELS / ANNOTATIONS). */
export const LABEL_KEYS = CATALOG.labels;
export const ANNOTATION_KEYS = CATALOG.annotations;

/** Every production bucket: what only prod pools may write (catalog/trust.ts BUCKETS_ALLOWED.prod). */
const productionBuckets = CATALOG.bucketsAllowed.prod.filter((b) => !(CATALOG.bucketsAllowed.dep as readonly string[]).includes(b));

export const DEFAULTS = {
  autographStageHosts: [...CATALOG.autograph.serverHosts.stage] as string[],
  /** Formats that exist to test Autograph stage: the only ones a dev pool may send there. */
  stageFormats: [...CATALOG.autograph.formats.stage] as string[],
  /** Staging services; prod pools and CI-critical pools must not depend on them. */
  stagingHosts: [...CATALOG.stagingHosts] as string[],
  productionWriteHosts: [...CATALOG.productionWriteHosts] as string[],
  productionReleaseBuckets: productionBuckets as string[],
  readOnlyProductionHosts: [...CATALOG.readOnlyProductionHosts] as string[],
  /** Secret key / env var names only prod pools may hold; `*` matches any suffix. */
  prodOnlySecrets: [...CATALOG.prodOnlySecrets] as string[],
  stageCredentials: [...CATALOG.stageCredentials] as string[],
  /** Last part of an Autograph cert scope (`…:cert:<name>`). */
  prodCertScopes: [...CATALOG.certScopesAllowed.prod] as string[],
  nonProdCertScopes: [...CATALOG.certScopesAllowed.dep] as string[],
  storePushScripts: [...CATALOG.storePushScripts] as string[],
  /** Ship-it channels an environment may never run with. */
  forbiddenShipitChannels: [...CATALOG.forbiddenShipitChannels] as string[],
  maxDueDays: 30,
};
