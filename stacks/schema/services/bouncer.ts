// Settings of an environment's Bouncer copy (go-bouncer + bouncer-admin on MySQL 8).
import { z } from "zod";
import { BOUNCER } from "../../../catalog/bouncer";
import { BOUNCER_PRODUCTION_CDN } from "../../../catalog/endpoints";
import { schemelessUrlField, urlField } from "../common";

const image = z.string().trim().regex(/^[^\s]+$/, "must be an image reference like registry/name:tag (no spaces)");

/** go-bouncer wants base URLs without scheme, e.g. download.cdn.mozilla.net/pub (main.go flag usage). */
const baseUrlWithoutScheme = schemelessUrlField("download.cdn.mozilla.net/pub");

export const bouncerSchema = z
  .object({
    images: z
      .object({
        redirector: image.optional(),
        admin: image.optional(),
        mysql: image.default(BOUNCER.database.image),
        schemaFetch: image.default(BOUNCER.fetchImage),
      })
      .strict()
      .default({ mysql: BOUNCER.database.image, schemaFetch: BOUNCER.fetchImage }),
    /** Basic-auth users of bouncer-admin; each gets a generated password (Pulumi secret). */
    adminUsers: z
      .array(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "must be a user name: lower-case letters, digits, '_' or '-', starting with a letter"))
      .min(1, "needs at least one user")
      .default([...BOUNCER.admin.defaultUsers]),
    /** Where go-bouncer redirects when the environment has no archive of its own. */
    cdn: z.object({ http: baseUrlWithoutScheme, https: baseUrlWithoutScheme }).strict().default({ ...BOUNCER_PRODUCTION_CDN }),
    /** go-bouncer's schema SQL, fetched by the schema Job. */
    schemaUrl: urlField("https://raw.githubusercontent.com/mozilla-services/go-bouncer/<commit>/docker/initdb.d/01-schema.sql").default(BOUNCER.schemaUrl),
    storage: z
      .string()
      .regex(/^[0-9]+(Mi|Gi|Ti)$/, "must be a size like 5Gi")
      .default(BOUNCER.database.storage),
  })
  .strict();
// images.redirector and images.admin have no default, yet are optional here so that the list shorthand
// (`services: [bouncer]`) parses; the program refuses to declare Bouncer without them, before anything
// is declared (program/services/bouncer.ts, the plan of the service).

export type BouncerSettings = z.infer<typeof bouncerSchema>;
