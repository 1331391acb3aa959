// Plain data: where release history comes from (production's public, read-only APIs) and the shapes
// of the upstream tables it goes into. Each fact names the upstream file and the commit it was read at.
// See docs/release-history.md.

/** Upstream commits the facts below were read at (bare mirrors, `git log -1 --format=%H`). */
export const HISTORY_SOURCES = {
  balrog: { repository: "mozilla-releng/balrog", commit: "f0c823ac12cd9e113f3606894bd75118a33d3307" },
  shipit: { repository: "mozilla-releng/shipit", commit: "1ba068c2f9b35652c4906f1c74210891bda0b389" },
} as const;

/**
 * Production Balrog's public API (balrog docs/source/infrastructure.rst: Public
 * `https://aus5.mozilla.org/, https://aus-api.mozilla.org`). Read-only; no scheduled changes.
 */
export const BALROG_PROD_PUBLIC_API = "https://aus-api.mozilla.org";

/**
 * Paths of the two Balrog APIs this project reads (balrog src/auslib/web/public/swagger/public_api_spec.yml
 * for the public app; src/auslib/web/admin/swagger/api.yml for the admin app, served at its root).
 */
export const BALROG_API_PATHS = {
  public: {
    /** `{releases: [{name, product, data_version, read_only, ...}]}`; query `product`, `name_prefix`, `names_only`. */
    releases: "/api/v1/releases",
    /** The release's whole data blob (merged from releases_json + release_assets, or the old releases table). */
    release: (name: string) => `/api/v1/releases/${encodeURIComponent(name)}`,
    /** RulesListGET: `{count, rules: [RuleObject]}`. */
    rules: "/api/v1/rules",
  },
  admin: {
    rules: "/rules",
    /** `{count, scheduled_changes: [...]}`; without `?all=1` only changes that are not complete. */
    scheduledRuleChanges: "/scheduled_changes/rules",
  },
} as const;

/**
 * Rule columns that say which clients a rule matches (balrog src/auslib/db.py `Rules`; swagger
 * definitions.yml `RuleObject`): they pair a test channel's rule with its live rule.
 */
export const RULE_MATCH_FIELDS = [
  "product",
  "version",
  "buildTarget",
  "buildID",
  "locale",
  "osVersion",
  "memory",
  "instructionSet",
  "jaws",
  "mig64",
  "distribution",
  "distVersion",
  "headerArchitecture",
] as const;

/**
 * What a test channel's rule should agree on with its live rule: what it serves and to whom. Left
 * out: rule_id, data_version (identity), alias (unique per rule), channel (differs by definition),
 * comment (prose).
 */
export const RULE_COMPARED_FIELDS = ["mapping", "fallbackMapping", "backgroundRate", "update_type", "priority", ...RULE_MATCH_FIELDS] as const;

/**
 * How Balrog stores a release today (balrog src/auslib/services/releases.py `RELEASE_BLOB_ASSETS`,
 * `split_release`; tables in src/auslib/alembic/versions/0001_initial_schema.py): schema versions 1–9
 * keep each `platforms.<platform>.locales.<locale>` object as its own `release_assets` row (path
 * `.platforms.<platform>.locales.<locale>`), the rest of the blob in `releases_json`; other schema
 * versions keep the whole blob in `releases_json`. Releases from before that split live in `releases`.
 */
export const BALROG_RELEASE_STORAGE = {
  splitSchemaVersions: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  tables: { base: "releases_json", assets: "release_assets", legacy: "releases" },
} as const;

/** Where an import records what it copied (beside the seed's `releng_envs_seed`). */
export const BALROG_IMPORT_PROVENANCE_TABLE = "releng_envs_release_imports";

/**
 * Production Ship-it's public API (shipit taskcluster/config.yml, production `shipit-public-api-url`).
 * `GET /releases?product=&branch=&status=shipped,aborted` returns Release objects
 * (api/src/shipit_api/public/api.yml `Release`), sorted by version ascending (public/api.py).
 */
export const SHIPIT_PROD_PUBLIC_API = "https://shipitapi-public.services.mozilla.com";

/**
 * Ship-it's release table (shipit api/src/shipit_api/migrations/versions/3bd3bbb68ca2_initial_migration.py,
 * common/models.py `Release`). Upstream's own `shipit-import` (api/src/shipit_api/admin/cli.py) copies
 * shipped releases without phases, skipping names that exist, with `completed` defaulting to `created`:
 * this project does the same, for the products asked.
 */
export const SHIPIT_RELEASES_TABLE = "shipit_api_releases";
export const SHIPIT_IMPORT_PROVENANCE_TABLE = "releng_envs_shipit_imports";

/**
 * How many previous releases a partial set covers when Ship-it guesses it (shipit
 * frontend/src/components/api.js `guessPartialVersions`: `numberOfPartials || 3`; the release branch
 * sets 4 in frontend/src/configs/production.js).
 */
export const DEFAULT_PARTIAL_COUNT = 3;
