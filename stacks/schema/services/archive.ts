// Settings of an environment's archive copy. An empty object checks the service out with defaults:
// redirect fallback to https://archive.mozilla.org, no cut-off, a 50Gi store.
import { z } from "zod";
import { ARCHIVE } from "../../../catalog/archive";
import { originField } from "../common";

const FALLBACK_FIX = "set fallback to redirect (misses answer 302 to production) or proxy (the front fetches misses from production itself)";

/** An https origin with no path, query, credentials or port: misses append `/pub/...` to it. */
// No port: the front reaches it through the egress proxy on 443 (ARCHIVE.egressOriginPort).
export const productionBaseUrl = originField("https://archive.mozilla.org", { allowPort: false });

/** `checkedOut` (the environment's checkout date, 00:00 UTC) or an ISO 8601 instant in UTC. */
export const cutoffSchema = z
  .string({ error: "expected checkedOut or a UTC instant written YYYY-MM-DDTHH:MM:SSZ" })
  .refine(
    (s) => s === "checkedOut" || (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(s) && !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().replace(".000Z", "Z") === s),
    { message: "must be checkedOut or a UTC instant written YYYY-MM-DDTHH:MM:SSZ (e.g. 2026-11-21T09:30:00Z)", params: { fix: "set cutoff to checkedOut (00:00 UTC of the checkout date) or to an instant like 2026-11-21T09:30:00Z, or remove it" } },
  );

const quantity = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((s) => /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|M|G|T)?$/.test(s), "must be a storage size like 20Gi or 500Gi");

export const archiveSchema = z
  .object({
    /** How a miss reaches production: a 302 to production, or fetched by the front itself. */
    fallback: z.enum(["redirect", "proxy"], { error: "must be redirect or proxy" }).default("redirect"),
    productionBaseUrl: productionBaseUrl.default(ARCHIVE.productionBaseUrl),
    /** Production objects modified after this instant are invisible (proxy mode only). */
    cutoff: cutoffSchema.optional(),
    /** Size of the store's PersistentVolumeClaim. */
    storeSize: quantity.default(ARCHIVE.storeSize),
    storeImage: z.string().min(1).default(ARCHIVE.store.image),
    frontImage: z.string().min(1).default(ARCHIVE.front.image),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.cutoff !== undefined && v.fallback !== "proxy") {
      ctx.addIssue({
        code: "custom",
        path: ["cutoff"],
        message: "needs fallback: proxy (with redirect the client fetches misses from production itself, so the front never sees an object's age)",
        params: { fix: `${FALLBACK_FIX}; a cut-off requires proxy. Remove cutoff or set fallback: proxy` },
      });
    }
  });
