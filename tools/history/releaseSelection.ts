// Which Balrog releases a partial update or an update-verify run of a release needs. Pure.
//
// Balrog serves a partial update only when the release it patches from (`from` in the new release's
// `partials`) is in its database and matches the client's build (balrog src/auslib/blobs/apprelease.py
// `_getFromRelease`, `_getSpecificPatchXML`: "don't return an update if an older release isn't in the
// DB"). Update verify asks the test channel for updates from older builds and checks those partials,
// so it needs the same releases. For a release production already has, they are the `from` names in
// its blob (`getReferencedReleases`); for a new release they are the previous releases of its line,
// as Ship-it suggests partials (frontend/src/components/api.js `guessPartialVersions`: the newest N
// shipped releases of the branch).

/** `{Product}-{version}-build{N}`, Balrog's and Ship-it's release name. */
export interface ReleaseName {
  name: string;
  product: string;
  version: string;
  build: number;
}

export function parseReleaseName(name: string): ReleaseName | undefined {
  const m = /^([A-Za-z][A-Za-z0-9]*)-(.+)-build(\d+)$/.exec(name);
  if (!m) return undefined;
  return { name, product: m[1], version: m[2], build: Number(m[3]) };
}

/**
 * A Firefox-family version: `150.0`, `149.0.2`, `150.0b3`, `152.0a1`, `153.1.0esr`. Parsed here (not
 * with a toolkit-version comparator) because the release line comes from the same parse.
 */
export interface MozVersion {
  numbers: [number, number, number];
  pre?: { kind: "a" | "b"; n: number };
  esr: boolean;
}

export function parseVersion(version: string): MozVersion | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:(a|b)(\d+))?(esr)?$/.exec(version);
  if (!m) return undefined;
  if (m[4] && m[6]) return undefined; // no esr betas
  return { numbers: [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)], pre: m[4] ? { kind: m[4] as "a" | "b", n: Number(m[5]) } : undefined, esr: m[6] === "esr" };
}

/** Negative when a < b. A pre-release sorts before its final version (150.0b3 < 150.0). */
export function compareVersions(a: MozVersion, b: MozVersion): number {
  for (let i = 0; i < 3; i++) if (a.numbers[i] !== b.numbers[i]) return a.numbers[i] - b.numbers[i];
  const rank = (v: MozVersion) => (v.pre ? (v.pre.kind === "a" ? 0 : 1) : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  return (a.pre?.n ?? 0) - (b.pre?.n ?? 0);
}

/** The line a version ships on: betas with betas, releases (and dot releases) with releases, ESRs with ESRs. */
export function lineOf(v: MozVersion): "alpha" | "beta" | "release" | "esr" {
  if (v.esr) return "esr";
  if (v.pre) return v.pre.kind === "a" ? "alpha" : "beta";
  return "release";
}

/**
 * The `count` newest releases of the target's product and line that are older than the target,
 * each version once, at its highest build (the one that shipped, as a rule). Names that are not
 * `{Product}-{version}-build{N}` (nightlies, system add-ons) are ignored.
 */
export function previousReleases(target: ReleaseName, names: readonly string[], count: number): string[] {
  const targetVersion = parseVersion(target.version);
  if (!targetVersion) return [];
  const line = lineOf(targetVersion);
  const best = new Map<string, { name: ReleaseName; version: MozVersion }>();
  for (const n of names) {
    const parsed = parseReleaseName(n);
    if (!parsed || parsed.product !== target.product) continue;
    const version = parseVersion(parsed.version);
    if (!version || lineOf(version) !== line || compareVersions(version, targetVersion) >= 0) continue;
    const seen = best.get(parsed.version);
    if (!seen || seen.name.build < parsed.build) best.set(parsed.version, { name: parsed, version });
  }
  return [...best.values()]
    .sort((a, b) => compareVersions(b.version, a.version))
    .slice(0, count)
    .map((r) => r.name.name);
}

type Blob = Record<string, unknown>;
const isObject = (v: unknown): v is Blob => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The releases a release's partials patch from: `platforms.*.locales.*.partial.from` (schema 1) and
 * `platforms.*.locales.*.partials[].from` (schema 2 and later), as Balrog's getReferencedReleases
 * reads them; `*` (any release) is not a release.
 */
export function referencedReleases(blob: Blob): string[] {
  const found = new Set<string>();
  const platforms = isObject(blob.platforms) ? blob.platforms : {};
  for (const platform of Object.values(platforms)) {
    if (!isObject(platform) || !isObject(platform.locales)) continue;
    for (const locale of Object.values(platform.locales)) {
      if (!isObject(locale)) continue;
      const partials = [...(isObject(locale.partial) ? [locale.partial] : []), ...(Array.isArray(locale.partials) ? locale.partials : [])];
      for (const p of partials) if (isObject(p) && typeof p.from === "string" && p.from !== "*") found.add(p.from);
    }
  }
  return [...found].sort();
}
