// The one canonical form of a host name or URL, for every comparison the project makes (config
// checks, allow-lists, the policy pack through its generated copy policies/generated/canonical.ts).
// Parsing is the WHATWG URL parser built into Node (its host parser is url.domainToASCII: IDNA
// UTS #46 with ICU, percent-decoding of hosts, IPv4 in any spelling such as 0x7f.1 or 2130706433),
// so what we compare is what a client would connect to. This file imports nothing: the pack gets a
// verbatim copy (policies/generated/, written by tools/trust/generate.ts) and a test fails when the
// copy differs.

export type Canonical<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface HostOptions {
  /** Accept an IP literal (v4 or v6) instead of a name. Default false: a name is required. */
  allowIpLiteral?: boolean;
}

export interface UrlOptions extends HostOptions {
  /** Accepted schemes, without ':'. Default ["https"]. */
  schemes?: readonly string[];
  /** Accept a path other than "/". Default true. */
  allowPath?: boolean;
  /** Accept a query string. Default false. */
  allowQuery?: boolean;
}

export interface CanonicalUrl {
  /** `scheme://host[:port]/path[?query]`: lower-case host without trailing dot, default port removed, no fragment. */
  href: string;
  scheme: string;
  host: string;
  /** Empty when it is the scheme's default. */
  port: string;
  /** Always starts with "/". */
  path: string;
}

/** Schemes the WHATWG parser treats as special: it lower-cases, IDNA-maps and checks their hosts. */
const SPECIAL_SCHEMES = ["http", "https", "ws", "wss", "ftp"];

/**
 * Parses a URL; a non-special scheme (gs, s3, mysql…) is parsed as https so its host gets the same
 * treatment, keeping the port as written (such schemes have no default port).
 */
function parseUrl(raw: string): { u: URL; scheme: string; port: string } | undefined {
  try {
    const first = new URL(raw);
    const scheme = first.protocol.slice(0, -1).toLowerCase();
    if (SPECIAL_SCHEMES.includes(scheme)) return { u: first, scheme, port: first.port };
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return undefined;
    const u = new URL(`https${raw.slice(raw.indexOf(":"))}`);
    return { u, scheme, port: first.port };
  } catch {
    return undefined;
  }
}

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Checks a host as the WHATWG parser produced it (already IDNA-mapped, lower case, IPv4 normalised). */
function checkParsedHost(parsed: string, options: HostOptions): Canonical<string> {
  const isIp = parsed.startsWith("[") || IPV4.test(parsed);
  if (isIp) return options.allowIpLiteral ? { ok: true, value: parsed } : fail("is an IP address; a host name is required here (write the service's DNS name)");
  const host = parsed.endsWith(".") ? parsed.slice(0, -1) : parsed;
  if (host === "localhost" || host.endsWith(".localhost")) {
    return options.allowIpLiteral ? { ok: true, value: host } : fail("is localhost (a loopback address); a host name that reaches a service is required here");
  }
  if (host.length === 0 || host.length > 253) return fail("is not a valid host name (1 to 253 characters)");
  const labels = host.split(".");
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) {
    return fail(bad === "" ? "is not a valid host name (an empty label: '..' or a leading or trailing dot too many)" : "is not a valid host name: each label is letters, digits and '-' (1 to 63, not starting or ending with '-')");
  }
  return { ok: true, value: host };
}

/**
 * A bare host name (no scheme, port, path or user info) in canonical form: IDNA A-label, lower case,
 * without a trailing dot. `Aus4-Admin.Mozilla.ORG.` → `aus4-admin.mozilla.org`; `bücher.example` →
 * `xn--bcher-kva.example`. IP literals are refused unless `allowIpLiteral`.
 */
export function canonicalHost(input: string, options: HostOptions = {}): Canonical<string> {
  const raw = input.trim();
  if (raw.length === 0) return fail("is empty; a host name is required");
  if (/[\s/\\?#@]/.test(raw) || raw.includes("://")) {
    return fail(raw.includes("@") ? "contains user info ('@'); write the host name alone" : "is not a bare host name (no scheme, path, spaces or '?'/'#'); write it like archive.mozilla.org");
  }
  if (raw.startsWith("[")) return options.allowIpLiteral ? canonicalHostOfUrl(`https://${raw}/`, options) : fail("is an IP address; a host name is required here (write the service's DNS name)");
  if (raw.includes(":")) return fail("has a port; write the host name alone");
  return canonicalHostOfUrl(`https://${raw}/`, options);
}

function canonicalHostOfUrl(url: string, options: HostOptions): Canonical<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail("is not a valid host name");
  }
  return checkParsedHost(parsed.hostname, options);
}

/**
 * A URL in canonical form (see CanonicalUrl). Refused: user info (credentials never go in URLs), a
 * scheme not in `schemes`, IP literals unless `allowIpLiteral`, a fragment, and a query or path
 * unless allowed. Problems never repeat the input, which may hold a secret.
 */
export function canonicalUrl(input: string, options: UrlOptions = {}): Canonical<CanonicalUrl> {
  const schemes = options.schemes ?? ["https"];
  const raw = input.trim();
  if (raw.length === 0) return fail("is empty; a URL is required");
  if (/\s/.test(raw)) return fail("contains white space; write one URL");
  const parsed = parseUrl(raw);
  if (!parsed) return fail(`is not a URL; write it like ${schemes[0]}://host.example/path`);
  const { u, scheme, port } = parsed;
  if (!schemes.includes(scheme)) return fail(`has scheme ${scheme}: must be an ${schemes.join(" or ")} URL`);
  if (u.username || u.password || /^[^/]*\/\/[^/?#]*@/.test(raw)) return fail("contains user info (user:password@); credentials belong in a Pulumi secret, never in a URL");
  if (!u.hostname) return fail("has no host");
  const host = checkParsedHost(u.hostname, options);
  if (!host.ok) return fail(`host ${host.problem}`);
  if (u.hash || raw.includes("#")) return fail("has a fragment ('#…'); remove it");
  if (u.search && !options.allowQuery) return fail("has a query string ('?…'); remove it");
  if (u.pathname !== "/" && options.allowPath === false) return fail("has a path; write the origin alone, like https://host.example");
  const path = u.pathname || "/";
  const href = `${scheme}://${host.value}${port ? `:${port}` : ""}${path}${options.allowQuery ? u.search : ""}`;
  return { ok: true, value: { href, scheme, host: host.value, port, path } };
}

/**
 * The canonical host of a URL or a bare host, for comparisons; undefined when it is neither (or
 * carries user info). IP literals are returned as the parser writes them, so a comparison against
 * a list of names simply fails to match.
 */
export function hostOf(input: string): string | undefined {
  const raw = input.trim();
  if (!raw.includes("://")) {
    const h = canonicalHost(raw.replace(/:\d+$/, ""), { allowIpLiteral: true });
    return h.ok ? h.value : undefined;
  }
  const u = parseUrl(raw)?.u;
  if (!u) return undefined;
  if (u.username || u.password || !u.hostname) return undefined;
  const h = checkParsedHost(u.hostname, { allowIpLiteral: true });
  return h.ok ? h.value : undefined;
}
