// Field schemas shared by every stack kind. Messages are written for a release engineer reading
// them in a terminal: they say what is wrong; the fix is added by stacks/errors.ts.
import { z } from "zod";
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
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "is not a real calendar date");

/** Where a stack's Kubernetes objects go. `render` is the embedded default: YAML files, no cluster. */
export const kubernetesTarget = z.discriminatedUnion(
  "target",
  [
    z.object({ target: z.literal("render") }).strict(),
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

/**
 * A host name field, stored in canonical form (catalog/canonical.ts: lower case, IDNA, no trailing
 * dot); IP literals, ports, paths and user info are refused. Every host-valued setting uses this.
 */
export function hostNameField(example: string, options: HostOptions = {}) {
  return z.string({ error: `expected a host name like ${example}` }).transform((s, ctx) => {
    const r = canonicalHost(s, options);
    if (r.ok) return r.value;
    ctx.addIssue({ code: "custom", message: r.problem, params: { fix: `write a bare host name like ${example}` } });
    return z.NEVER;
  });
}

/**
 * A URL field, stored in canonical form (catalog/canonical.ts `href`); user info (credentials),
 * other schemes, fragments and IP literals are refused. Every URL-valued setting uses this.
 */
export function urlField(example: string, options: UrlOptions = {}) {
  return z.string({ error: `expected a URL like ${example}` }).transform((s, ctx) => {
    const r = canonicalUrl(s, options);
    if (r.ok) return r.value.href;
    ctx.addIssue({ code: "custom", message: r.problem, params: { fix: `write a URL like ${example}${/user info/.test(r.problem) ? " and keep credentials in Pulumi secrets" : ""}` } });
    return z.NEVER;
  });
}
