// Balrog's read endpoints, with the response shapes of its swagger specs (catalog/history.ts names
// the files and the commit). A response of another shape is an error, not a guess.
import { z } from "zod";
import { BALROG_API_PATHS, HISTORY_SOURCES, RULE_COMPARED_FIELDS } from "../../catalog/history";
import { apiUrl, getJson, type FetchedJson, type GetOptions } from "./http";
import type { Rule, RuleChange, RuleValue } from "./ruleDrift";

// definitions.yml types several columns as ["integer", "string", "null"].
const ruleValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const intLike = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

const ruleFields = Object.fromEntries(RULE_COMPARED_FIELDS.map((f) => [f, ruleValue])) as Record<(typeof RULE_COMPARED_FIELDS)[number], typeof ruleValue>;

/** RuleObject (definitions.yml): every column is required, nulls included. */
const ruleObject = z.looseObject({
  ...ruleFields,
  rule_id: intLike,
  alias: z.string().nullable(),
  channel: z.string().nullable(),
  comment: z.string().nullable(),
  data_version: intLike,
});

/** RulesListGET: `{count, rules}`. */
const rulesListSchema = z.object({ count: z.number().int(), rules: z.array(ruleObject) });

/** An item of GET /scheduled_changes/rules (SCRulesItemBase + SCSignoffsModel). */
const scheduledRuleChange = z.looseObject({
  ...Object.fromEntries(RULE_COMPARED_FIELDS.map((f) => [f, ruleValue.optional()])),
  sc_id: z.number().int(),
  change_type: z.enum(["insert", "update", "delete"]),
  rule_id: intLike.nullable(),
  when: z.number().nullable(),
  complete: z.boolean(),
  alias: z.string().nullable().optional(),
  channel: z.string().nullable().optional(),
  scheduled_by: z.string(),
  sc_data_version: z.number().int(),
  signoffs: z.record(z.string(), z.string()),
  required_signoffs: z.record(z.string(), z.number()),
});

const scheduledRuleChangesSchema = z.object({ count: z.number().int(), scheduled_changes: z.array(scheduledRuleChange) });

/** GET /api/v1/releases: `releases` (ReleaseGET, no data) or, with `names_only`, `names`. */
const releasesListSchema = z.looseObject({
  releases: z.array(z.looseObject({ name: z.string(), product: z.string().nullable(), read_only: z.boolean().nullable().optional(), data_version: z.number().int().nullable().optional() })).optional(),
  names: z.array(z.string()).optional(),
});

/** A release blob: an object with its name and schema version (balrog src/auslib/blobs/*). */
const releaseBlobSchema = z.looseObject({ name: z.string(), schema_version: z.number().int() });
type ReleaseBlob = z.infer<typeof releaseBlobSchema>;

const SPEC = {
  admin: `${HISTORY_SOURCES.balrog.repository}@${HISTORY_SOURCES.balrog.commit.slice(0, 12)} src/auslib/web/admin/swagger/api.yml`,
  public: `${HISTORY_SOURCES.balrog.repository}@${HISTORY_SOURCES.balrog.commit.slice(0, 12)} src/auslib/web/public/swagger/public_api_spec.yml`,
};

function toRule(r: z.infer<typeof ruleObject>): Rule {
  return r as unknown as Rule;
}

function toChange(c: z.infer<typeof scheduledRuleChange>): RuleChange {
  const { sc_id, change_type, rule_id, when, complete, ...rest } = c;
  return { sc_id, change_type, rule_id, when, complete, rule: rest as Record<string, RuleValue> };
}

interface BalrogRules {
  kind: "admin" | "public";
  rules: Rule[];
  /** Pending changes; always empty from the public API, which does not show them. */
  changes: RuleChange[];
  urls: string[];
}

/**
 * Rules (and, from an admin API, pending scheduled rule changes). `auto` asks the admin endpoint
 * first and takes a 404 to mean a public API root.
 */
export async function readBalrogRules(root: string, mode: "auto" | "admin" | "public", options: GetOptions = {}): Promise<BalrogRules> {
  if (mode !== "public") {
    const changesUrl = apiUrl(root, BALROG_API_PATHS.admin.scheduledRuleChanges);
    const admin = { ...options, spec: SPEC.admin };
    const changes = mode === "auto" ? await getJson(changesUrl, scheduledRuleChangesSchema, { ...admin, allow404: true }) : await getJson(changesUrl, scheduledRuleChangesSchema, admin);
    if (changes) {
      const rules = await getJson(apiUrl(root, BALROG_API_PATHS.admin.rules), rulesListSchema, admin);
      return { kind: "admin", rules: rules.data.rules.map(toRule), changes: changes.data.scheduled_changes.map(toChange), urls: [rules.url, changes.url] };
    }
  }
  const rules = await getJson(apiUrl(root, BALROG_API_PATHS.public.rules), rulesListSchema, { ...options, spec: SPEC.public });
  return { kind: "public", rules: rules.data.rules.map(toRule), changes: [], urls: [rules.url] };
}

interface ReleaseMeta {
  name: string;
  product: string;
  readOnly: boolean;
}

/** A release's product and read-only flag from the public release list; undefined when the source lacks it. */
export async function readReleaseMeta(root: string, name: string, options: GetOptions = {}): Promise<ReleaseMeta | undefined> {
  const list = await getJson(apiUrl(root, `${BALROG_API_PATHS.public.releases}?name_prefix=${encodeURIComponent(name)}`), releasesListSchema, { ...options, spec: SPEC.public });
  const row = (list.data.releases ?? []).find((r) => r.name === name);
  if (!row || !row.product) return undefined;
  return { name, product: row.product, readOnly: row.read_only ?? false };
}

/** The release's data blob, or undefined on 404. */
export async function readReleaseBlob(root: string, name: string, options: GetOptions = {}): Promise<FetchedJson<ReleaseBlob> | undefined> {
  return getJson(apiUrl(root, BALROG_API_PATHS.public.release(name)), releaseBlobSchema, { ...options, spec: SPEC.public, allow404: true });
}

/** Every release name of a product. */
export async function readReleaseNames(root: string, product: string, options: GetOptions = {}): Promise<string[]> {
  const list = await getJson(apiUrl(root, `${BALROG_API_PATHS.public.releases}?product=${encodeURIComponent(product)}&names_only=1`), releasesListSchema, { ...options, spec: SPEC.public });
  return list.data.names ?? (list.data.releases ?? []).map((r) => r.name);
}
