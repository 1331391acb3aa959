// String literals for the SQL the imports write. Values come from production APIs, so every one is
// quoted here, never spliced in raw.

/** A MySQL/MariaDB string literal (default sql_mode: backslash is an escape character). */
export function mysqlString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/\0/g, "\\0").replace(/'/g, "''")}'`;
}

/** A PostgreSQL string literal (standard_conforming_strings, the default since 9.1). Text cannot hold NUL. */
export function pgString(s: string): string {
  if (s.includes("\0")) throw new Error("a PostgreSQL text value cannot contain a NUL character");
  return `'${s.replace(/'/g, "''")}'`;
}
