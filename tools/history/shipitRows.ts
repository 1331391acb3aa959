// Production Ship-it releases as rows of an environment's Ship-it, and the SQL that writes them. Pure.
import { createHash } from "node:crypto";
import { z } from "zod";
import { SHIPIT_IMPORT_PROVENANCE_TABLE, SHIPIT_RELEASES_TABLE } from "../../catalog/history";
import { pgString } from "./sql";

/** Release (shipit api/src/shipit_api/public/api.yml): the fields the table keeps; phases are not copied. */
const shipitReleaseSchema = z.looseObject({
  name: z.string().min(1).max(80),
  product: z.string().min(1),
  version: z.string().min(1),
  branch: z.string(),
  revision: z.string(),
  build_number: z.number().int(),
  status: z.enum(["scheduled", "shipped", "aborted"]),
  release_eta: z.string().nullable().optional(),
  created: z.string().nullable().optional(),
  completed: z.string().nullable().optional(),
});
export const shipitReleaseListSchema = z.array(shipitReleaseSchema);
export type ShipitRelease = z.infer<typeof shipitReleaseSchema>;

const time = (s: string | null | undefined): number => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
};

/** The `limit` most recently created releases (as upstream's shipit-import orders them); ties by name. */
export function newestReleases(releases: readonly ShipitRelease[], limit: number): ShipitRelease[] {
  return [...releases].sort((a, b) => time(b.created) - time(a.created) || a.name.localeCompare(b.name)).slice(0, limit);
}

/** sha256 of the release object as received (keys in the order the API sent them). */
function releaseHash(r: ShipitRelease): string {
  return createHash("sha256").update(JSON.stringify(r)).digest("hex");
}

const timestamp = (s: string | null | undefined): string => {
  if (!s) return "NULL";
  // Ship-it stores naive UTC datetimes; an offset in the API's value is honoured, then dropped.
  return `(${pgString(s)}::timestamptz AT TIME ZONE 'UTC')`;
};

export function existingShipitReleasesSql(names: readonly string[]): string {
  return `SELECT name FROM ${SHIPIT_RELEASES_TABLE} WHERE name IN (${names.map(pgString).join(", ")});`;
}

const SHIPIT_PROVENANCE_TABLE_SQL = `CREATE TABLE IF NOT EXISTS ${SHIPIT_IMPORT_PROVENANCE_TABLE} (
  name VARCHAR(80) PRIMARY KEY, source_url TEXT NOT NULL, sha256 CHAR(64) NOT NULL, fetched_at TEXT NOT NULL,
  imported_at TEXT NOT NULL, imported_by TEXT NOT NULL
);`;

/**
 * One statement inserts the releases the database lacks (`ON CONFLICT (name) DO NOTHING`: a name
 * that exists is left alone, even one created a moment ago) and records provenance for exactly those;
 * it prints the names it inserted.
 */
export function shipitImportSql(fetched: readonly { release: ShipitRelease; url: string; fetchedAt: string }[], p: { importedAt: string; importedBy: string }): string {
  const releases = fetched.map((f) => f.release);
  const values = releases
    .map((r) =>
      [
        pgString(r.name),
        pgString(r.product),
        pgString(r.version),
        pgString(r.branch),
        pgString(r.revision),
        String(r.build_number),
        timestamp(r.release_eta),
        pgString(r.status),
        timestamp(r.created),
        // Upstream's shipit-import: completed = completed or created.
        timestamp(r.completed || r.created),
      ].join(", "),
    )
    .map((v) => `(${v})`)
    .join(",\n  ");
  const provenance = fetched.map((f) => `(${pgString(f.release.name)}, ${pgString(releaseHash(f.release))}, ${pgString(f.url)}, ${pgString(f.fetchedAt)})`).join(", ");
  return `SET TIME ZONE 'UTC';
${SHIPIT_PROVENANCE_TABLE_SQL}
WITH inserted AS (
  INSERT INTO ${SHIPIT_RELEASES_TABLE} (name, product, version, branch, revision, build_number, release_eta, status, created, completed)
  VALUES
  ${values}
  ON CONFLICT (name) DO NOTHING
  RETURNING name
)
INSERT INTO ${SHIPIT_IMPORT_PROVENANCE_TABLE} (name, source_url, sha256, fetched_at, imported_at, imported_by)
SELECT inserted.name, h.source_url, h.sha256, h.fetched_at, ${pgString(p.importedAt)}, ${pgString(p.importedBy)}
FROM inserted JOIN (VALUES ${provenance}) AS h(name, sha256, source_url, fetched_at) ON h.name = inserted.name
ON CONFLICT (name) DO UPDATE SET source_url = EXCLUDED.source_url, sha256 = EXCLUDED.sha256, fetched_at = EXCLUDED.fetched_at, imported_at = EXCLUDED.imported_at, imported_by = EXCLUDED.imported_by
RETURNING name;
`;
}
