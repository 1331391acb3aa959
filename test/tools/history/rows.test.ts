// Release blobs as Balrog rows, Ship-it selection, quoting and --database URLs, pure.
import { describe, expect, it } from "vitest";
import { importSql, splitRelease } from "../../../tools/history/balrogRows";
import { newestReleases, shipitImportSql, type ShipitRelease } from "../../../tools/history/shipitRows";
import { mysqlString, pgString } from "../../../tools/history/sql";
import { parseDatabaseUrl } from "../../../tools/history/sqlClient";

describe("splitRelease (Balrog's split_release for schema versions 1-9)", () => {
  it("each platform's locales become assets; platforms with other keys stay in the base", () => {
    const blob = {
      name: "Firefox-150.0b2-build1",
      schema_version: 9,
      hashFunction: "sha512",
      platforms: {
        WINNT_x86_64: { OS_FTP: "win64", locales: { "en-US": { buildID: "1" }, de: { buildID: "1" } } },
        Linux_x86_64: { locales: { "en-US": { buildID: "2" } } },
        "Linux_x86_64-gcc3": { alias: "Linux_x86_64" },
      },
    };
    expect(splitRelease(blob)).toEqual({
      base: { name: "Firefox-150.0b2-build1", schema_version: 9, hashFunction: "sha512", platforms: { WINNT_x86_64: { OS_FTP: "win64" }, "Linux_x86_64-gcc3": { alias: "Linux_x86_64" } } },
      assets: [
        { path: ".platforms.WINNT_x86_64.locales.en-US", data: { buildID: "1" } },
        { path: ".platforms.WINNT_x86_64.locales.de", data: { buildID: "1" } },
        { path: ".platforms.Linux_x86_64.locales.en-US", data: { buildID: "2" } },
      ],
    });
  });

  it("drops platforms entirely when only locales were there; keeps other schemas whole", () => {
    expect(splitRelease({ name: "a", schema_version: 4, platforms: { L: { locales: { x: 1 } } } })).toEqual({ base: { name: "a", schema_version: 4 }, assets: [{ path: ".platforms.L.locales.x", data: 1 }] });
    const gmp = { name: "GMP-1", schema_version: 1000, vendors: { a: { platforms: {} } } };
    expect(splitRelease(gmp)).toEqual({ base: gmp, assets: [] });
  });

  it("writes one transaction; --replace removes the release from both storages first", () => {
    const sql = importSql([{ name: "Firefox-1.0-build1", product: "Firefox", readOnly: true, blob: { name: "Firefox-1.0-build1", schema_version: 1000 }, provenance: { url: "u", sha256: "h", bytes: 1, fetchedAt: "t" } }], { replace: new Set(["Firefox-1.0-build1"]), importedAt: "now", importedBy: "me" });
    expect(sql).toMatch(/START TRANSACTION;\nDELETE FROM `release_assets`.*\nDELETE FROM `releases_json`.*\nDELETE FROM `releases` WHERE name = 'Firefox-1.0-build1';\nINSERT INTO `releases_json`/);
    expect(sql.trim().endsWith("COMMIT;")).toBe(true);
  });
});

describe("quoting", () => {
  it.each([
    [`it's`, `'it''s'`],
    [`a\\b`, `'a\\\\b'`],
    [`x\0y`, `'x\\0y'`],
    [`'; DROP TABLE rules; --`, `'''; DROP TABLE rules; --'`],
  ])("mysqlString(%j)", (s, want) => expect(mysqlString(s)).toBe(want));

  it("pgString doubles quotes, leaves backslashes, refuses NUL", () => {
    expect(pgString(`o'k\\`)).toBe(`'o''k\\'`);
    expect(() => pgString("a\0")).toThrow(/NUL/);
  });
});

describe("parseDatabaseUrl", () => {
  it.each([
    ["mysql://root@127.0.0.1:3307/balrog", { scheme: "mysql", host: "127.0.0.1", port: 3307, user: "root", database: "balrog" }],
    ["mysql://root@db/balrog", { scheme: "mysql", host: "db", port: 3306, user: "root", database: "balrog" }],
  ])("%s", (url, want) => expect(parseDatabaseUrl(url, "mysql", 3306)).toEqual(want));

  it.each([
    ["mysql://root:hunter2@db/balrog", "holds a password"],
    ["postgresql://u@db/x", "has scheme 'postgresql'"],
    ["mysql://db/balrog", "must name a user"],
    ["not a url", "is not a URL"],
  ])("refuses %s without repeating a password", (url, problem) => {
    const result = parseDatabaseUrl(url, "mysql", 3306);
    expect(result).toContain(problem);
    expect(String(result)).not.toContain("hunter2");
  });
});

describe("Ship-it selection", () => {
  const r = (name: string, created: string | null): ShipitRelease => ({ name, product: "firefox", version: "1", branch: "b", revision: "r", build_number: 1, status: "shipped", created, completed: "" });
  it("newest by creation time, unparsable times last, limited", () => {
    const all = [r("A", "2026-01-01T00:00:00Z"), r("B", "2026-03-01T00:00:00"), r("C", null), r("D", "2026-02-01T00:00:00+01:00")];
    expect(newestReleases(all, 3).map((x) => x.name)).toEqual(["B", "D", "A"]);
  });
  it("one statement inserting only missing names, completed defaulting to created", () => {
    const sql = shipitImportSql([{ release: r("Firefox-1.0-build1", "2026-01-01T00:00:00Z"), url: "https://x/releases", fetchedAt: "t" }], { importedAt: "now", importedBy: "me" });
    expect(sql).toContain("ON CONFLICT (name) DO NOTHING");
    expect(sql).toContain("('2026-01-01T00:00:00Z'::timestamptz AT TIME ZONE 'UTC'), ('2026-01-01T00:00:00Z'::timestamptz AT TIME ZONE 'UTC'))");
  });
});
