// Field schemas shared by every stack kind. Messages are written for a release engineer reading
// them in a terminal: they say what is wrong; the fix is added by stacks/errors.ts.
import { z } from "zod";
import { isCalendarDate, ISO_DATE_PATTERN, NOT_CALENDAR_DATE, NOT_ISO_DATE } from "../../domain/dates";
import { canonicalHost, canonicalUrl, type HostOptions, type UrlOptions } from "../../catalog/canonical";

/** RFC 1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function dnsLabel(maxLength: number) {
  return z
    .string({ error: "expected a text value (a DNS label)" })
    .min(1, "must not be empty")
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(DNS_LABEL, "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit");
}

/**
 * A mailbox address a person reads: a dot-atom local part and a host name whose labels start and end
 * with a letter or digit, under a top-level domain of letters (so `-@-.-` is not one).
 */
export const email = z
  .string({ error: "expected an email address" })
  .max(254, "must be at most 254 characters (an email address)")
  .regex(
    /^[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/,
    "must be an email address like jane@mozilla.com",
  );

/**
 * Free text a person writes (a purpose): one line, no control characters, short enough to be a
 * Kubernetes annotation with room to spare (all annotations of an object share 256 KiB).
 */
export const MAX_FREE_TEXT = 1000;
export function freeText(what: string) {
  return z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, "must not be empty")
    .max(MAX_FREE_TEXT, `must be at most ${MAX_FREE_TEXT} characters (it becomes a Kubernetes annotation)`)
    .regex(/^[^\p{Cc}]*$/u, "must be one line of text without control characters");
}

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 does not). */
export const isoDate = z
  .string({ error: "expected a date written YYYY-MM-DD" })
  .regex(ISO_DATE_PATTERN, NOT_ISO_DATE)
  .refine(isCalendarDate, NOT_CALENDAR_DATE);

/** Where a stack's Kubernetes objects go. `render` is the embedded default: YAML files, no cluster. */
export const kubernetesTarget = z.discriminatedUnion(
  "target",
  [
    z
      .object({
        target: z.literal("render"),
        /** Where the YAML goes: absolute, or relative to the project root (default out/render/<stack>). */
        renderDirectory: z
          .string({ error: "expected a directory path" })
          .trim()
          .min(1, "must not be empty")
          .regex(/^[^~]/, "starts with '~', which is not expanded here: write the absolute path")
          .regex(/^[^\p{Cc}]*$/u, "must be one line without control characters")
          .optional(),
        /** `pulumi up` may render inside a git work tree (Secret values land there in plain text). */
        allowRenderInWorkTree: z.boolean({ error: "expected true or false" }).optional(),
      })
      .strict(),
    z.object({ target: z.literal("kubeconfig"), context: z.string().min(1).optional() }).strict(),
    z
      .object({
        target: z.literal("gke"),
        /** The platform stack whose outputs describe the cluster, e.g. `mozilla/releng-envs/platform-nonprod`. */
        platformStack: z.string().min(1),
      })
      .strict(),
  ],
  { error: "target must be one of: render, kubeconfig, gke" },
);
export type KubernetesTarget = z.infer<typeof kubernetesTarget>;

/** Where a refused credential goes instead (canonicalHost/canonicalUrl name user info in their problem). */
function credentialsHint(problem: string): string {
  return /user info/.test(problem) ? " and keep credentials in Pulumi secrets" : "";
}

/**
 * A host name field, stored in canonical form (catalog/canonical.ts: lower case, IDNA, no trailing
 * dot); IP literals, ports, paths and user info are refused. Every host-valued setting uses this.
 */
export function hostNameField(example: string, options: HostOptions = {}) {
  return z.string({ error: `expected a host name like ${example}` }).transform((s, ctx) => {
    const r = canonicalHost(s, options);
    if (r.ok) return r.value;
    ctx.addIssue({ code: "custom", message: r.problem, params: { fix: `write a bare host name like ${example}${credentialsHint(r.problem)}` } });
    return z.NEVER;
  });
}

/** Adds a canonical-form refusal as a zod issue: the problem (never the value) and how to write it. */
function refuse(ctx: z.RefinementCtx, problem: string, example: string): never {
  ctx.addIssue({ code: "custom", message: problem, params: { fix: `write a URL like ${example}${credentialsHint(problem)}` } });
  return z.NEVER;
}

/**
 * A URL field, stored in canonical form (catalog/canonical.ts `href`); user info (credentials),
 * other schemes, fragments and IP literals are refused. Every URL-valued setting uses this.
 */
export function urlField(example: string, options: UrlOptions = {}) {
  return z.string({ error: `expected a URL like ${example}` }).transform((s, ctx) => {
    const r = canonicalUrl(s, options);
    return r.ok ? r.value.href : refuse(ctx, r.problem, example);
  });
}

/**
 * An origin (`https://host[:port]`, no path, no trailing slash) in canonical form: a root URL that
 * paths are appended to. Built on canonicalUrl, so user info, queries and IP literals are refused too.
 */
export function originField(example: string, options: HostOptions & { allowPort?: boolean } = {}) {
  return z.string({ error: `expected an https origin like ${example}` }).transform((s, ctx) => {
    const r = canonicalUrl(s, { ...options, allowPath: false });
    if (!r.ok) return refuse(ctx, r.problem, example);
    if (r.value.port && options.allowPort === false) return refuse(ctx, "has a port; write the origin alone (port 443)", example);
    return `${r.value.scheme}://${r.value.host}${r.value.port ? `:${r.value.port}` : ""}`;
  });
}

/**
 * A base URL written without its scheme, `host[:port][/path]` (go-bouncer's CDN bases, e.g.
 * download.cdn.mozilla.net/pub), checked and stored as canonicalUrl would the https URL; a bare
 * host keeps no trailing slash.
 */
export function schemelessUrlField(example: string) {
  return z.string({ error: `expected a host and path without scheme, like ${example}` }).transform((s, ctx) => {
    const raw = s.trim();
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return refuse(ctx, "has a scheme; write the host and path without it", example);
    const r = canonicalUrl(`https://${raw}`);
    if (!r.ok) return refuse(ctx, r.problem, example);
    return `${r.value.host}${r.value.port ? `:${r.value.port}` : ""}${r.value.path === "/" ? "" : r.value.path}`;
  });
}
