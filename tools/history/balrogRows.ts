// A release blob as the rows Balrog stores it in, and the SQL that writes them. Pure.
import { BALROG_IMPORT_PROVENANCE_TABLE, BALROG_RELEASE_STORAGE } from "../../catalog/history";
import { mysqlString } from "./sql";

type Blob = Record<string, unknown>;
const isObject = (v: unknown): v is Blob => typeof v === "object" && v !== null && !Array.isArray(v);

interface ReleaseRows {
  base: Blob;
  /** `release_assets` rows: path `.platforms.<platform>.locales.<locale>` and that locale's object. */
  assets: { path: string; data: unknown }[];
}

/**
 * Splits a whole blob the way Balrog's `split_release` does for the schema versions it splits: each
 * locale object of each platform becomes an asset; a platform left with nothing but locales
 * disappears from the base (empty objects are dropped), one with other keys (`alias`, ...) stays.
 */
export function splitRelease(blob: Blob): ReleaseRows {
  const schema = blob.schema_version;
  if (typeof schema !== "number" || !(BALROG_RELEASE_STORAGE.splitSchemaVersions as readonly number[]).includes(schema) || !isObject(blob.platforms)) {
    return { base: blob, assets: [] };
  }
  const assets: ReleaseRows["assets"] = [];
  const basePlatforms: Blob = {};
  for (const [platform, value] of Object.entries(blob.platforms)) {
    if (!isObject(value)) {
      basePlatforms[platform] = value;
      continue;
    }
    const rest: Blob = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "locales" && isObject(v)) {
        for (const [locale, data] of Object.entries(v)) assets.push({ path: `.platforms.${platform}.locales.${locale}`, data });
      } else rest[k] = v;
    }
    if (Object.keys(rest).length > 0) basePlatforms[platform] = rest;
  }
  const { platforms: _platforms, ...base } = blob;
  return { base: Object.keys(basePlatforms).length > 0 ? { ...base, platforms: basePlatforms } : base, assets };
}

export interface ImportedRelease {
  name: string;
  product: string;
  readOnly: boolean;
  blob: Blob;
  provenance: { url: string; sha256: string; bytes: number; fetchedAt: string };
}

const PROVENANCE_TABLE_SQL = `CREATE TABLE IF NOT EXISTS \`${BALROG_IMPORT_PROVENANCE_TABLE}\` (
  name VARCHAR(100) NOT NULL PRIMARY KEY, product VARCHAR(15) NOT NULL, source_url VARCHAR(2000) NOT NULL,
  sha256 CHAR(64) NOT NULL, bytes BIGINT NOT NULL, fetched_at VARCHAR(40) NOT NULL, imported_at VARCHAR(40) NOT NULL,
  imported_by VARCHAR(100) NOT NULL, replaced TINYINT NOT NULL
);`;

/** The names (of `names`) the database already holds, in either storage. */
export function existingReleasesSql(names: readonly string[]): string {
  const list = names.map(mysqlString).join(", ");
  const { base, legacy } = BALROG_RELEASE_STORAGE.tables;
  return `SELECT name FROM \`${base}\` WHERE name IN (${list}) UNION SELECT name FROM \`${legacy}\` WHERE name IN (${list});`;
}

/**
 * One transaction writing the releases (data_version 1, as a first insert by Balrog has) and their
 * provenance. With `replace`, a release is first removed from both storages. Without it, a release
 * that appeared since it was checked makes the INSERT fail and the whole transaction roll back.
 */
export function importSql(releases: readonly ImportedRelease[], opts: { replace: ReadonlySet<string>; importedAt: string; importedBy: string }): string {
  const { base, assets, legacy } = BALROG_RELEASE_STORAGE.tables;
  const lines = [PROVENANCE_TABLE_SQL, "START TRANSACTION;"];
  for (const r of releases) {
    const name = mysqlString(r.name);
    if (opts.replace.has(r.name)) {
      lines.push(`DELETE FROM \`${assets}\` WHERE name = ${name};`, `DELETE FROM \`${base}\` WHERE name = ${name};`, `DELETE FROM \`${legacy}\` WHERE name = ${name};`);
    }
    const rows = splitRelease(r.blob);
    lines.push(`INSERT INTO \`${base}\` (name, product, read_only, data, data_version) VALUES (${name}, ${mysqlString(r.product)}, ${r.readOnly ? 1 : 0}, ${mysqlString(JSON.stringify(rows.base))}, 1);`);
    for (const a of rows.assets) {
      lines.push(`INSERT INTO \`${assets}\` (name, path, data, data_version) VALUES (${name}, ${mysqlString(a.path)}, ${mysqlString(JSON.stringify(a.data))}, 1);`);
    }
    lines.push(
      `REPLACE INTO \`${BALROG_IMPORT_PROVENANCE_TABLE}\` VALUES (${name}, ${mysqlString(r.product)}, ${mysqlString(r.provenance.url)}, ${mysqlString(r.provenance.sha256)}, ${r.provenance.bytes}, ${mysqlString(r.provenance.fetchedAt)}, ${mysqlString(opts.importedAt)}, ${mysqlString(opts.importedBy)}, ${opts.replace.has(r.name) ? 1 : 0});`,
    );
  }
  lines.push("COMMIT;");
  return lines.join("\n") + "\n";
}
