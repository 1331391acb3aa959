// Matching host names, bucket names and secret names in declared text, robust to what people
// actually write: upper case, schemes, ports, paths, user info, trailing dots and subdomains.

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `HTTPS://Host.Example:443/x` → `host.example`; a bare host stays itself, lower-cased. */
export function normalizeHost(h: string): string {
  let s = h.trim().toLowerCase();
  s = s.replace(/^([a-z][a-z0-9+.-]*:)?\/\//, "");
  s = s.replace(/^[^@/]*@/, "");
  s = s.split(/[/?#]/)[0];
  s = s.replace(/:\d*$/, "");
  return s.replace(/\.$/, "");
}

/**
 * Whether `text` names `host` or one of its subdomains anywhere (in a URL, a host:port, a list).
 * `evil-aus4-admin.mozilla.org` or `aus4-admin.mozilla.org.example.com` are other hosts.
 */
export function mentionsHost(text: string, host: string): boolean {
  const h = normalizeHost(host);
  if (!h) return false;
  const re = new RegExp(`(^|[^a-z0-9-])${escapeRegExp(h)}\\.?(?![a-z0-9-]|\\.[a-z0-9])`);
  return re.test(text.toLowerCase());
}

export function mentionedHosts(text: string, hosts: readonly string[]): string[] {
  return hosts.filter((h) => mentionsHost(text, h));
}

/** Whether `text` names a bucket (`gs://name/…`, `s3://name`, `name` alone). */
export function mentionsBucket(text: string, bucket: string): boolean {
  const b = bucket.trim().toLowerCase();
  if (!b) return false;
  return new RegExp(`(^|[^a-z0-9._-])${escapeRegExp(b)}(?![a-z0-9._-])`).test(text.toLowerCase());
}

/** Matches a secret/env name against `NAME` or `PREFIX_*` patterns, case-insensitively. */
export function matchesNamePattern(name: string, pattern: string): boolean {
  const n = name.trim().toUpperCase();
  const p = pattern.trim().toUpperCase();
  return p.endsWith("*") ? n.startsWith(p.slice(0, -1)) : n === p;
}

export function matchingPatterns(name: string, patterns: readonly string[]): string[] {
  return patterns.filter((p) => matchesNamePattern(name, p));
}

/** In-cluster address of a service inside an environment namespace (`x.env-foo.svc…`). */
export const ENVIRONMENT_SERVICE_REF = /(^|[^a-z0-9-])[a-z0-9-]+\.env-[a-z0-9-]+\.svc(\.cluster\.local)?\.?(?![a-z0-9-])/i;

/** The first environment in-cluster address `text` names (without the character before it), if any. */
export function environmentServiceRef(text: string): string | undefined {
  const ref = ENVIRONMENT_SERVICE_REF.exec(text);
  return ref ? ref[0].replace(/^[^a-z0-9]/i, "") : undefined;
}

/** Bare host names on a list, one per line (egress allow-lists); comments and blanks skipped. */
export function hostLines(text: string): string[] {
  return text
    .split(/[\r\n,]+/)
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter((l) => l.length > 0)
    .map(normalizeHost);
}
