// Settings of an environment's balrog copy. An empty object checks the service out with defaults:
// the current images, no Redis, seeded from the public production dump.
import { z } from "zod";
import { BALROG_DEFAULTS } from "../../../catalog/balrog";
import { urlField } from "../common";

const quantity = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((s) => /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.test(s), "must be a Kubernetes quantity like 500m, 2, 512Mi or 10Gi");

const image = z
  .string({ error: "expected a container image reference like mozilla/balrog:v3.119" })
  .trim()
  .regex(/^[a-z0-9][a-z0-9._\/:-]*(@sha256:[a-f0-9]{64})?$/, "must be a container image reference like mozilla/balrog:v3.119 (no spaces, lower-case repository)");

/** An xz-compressed SQL dump; no query string (a signed URL's signature is a credential: use a readable object). */
const httpsUrl = urlField("https://storage.googleapis.com/my-bucket/dump.sql.txt.xz");

const resources = z
  .object({
    cpu: quantity.optional(),
    memory: quantity.optional(),
  })
  .strict();

const seedSchema = z.discriminatedUnion(
  "source",
  [
    z.object({ source: z.literal("prod-dump"), generation: z.number().int().min(1).default(1) }).strict(),
    z.object({ source: z.literal("url"), url: httpsUrl, generation: z.number().int().min(1).default(1) }).strict(),
    z.object({ source: z.literal("empty"), generation: z.number().int().min(1).default(1) }).strict(),
  ],
  { error: "seed.source must be one of: prod-dump (default), url (with seed.url), empty" },
);

export const balrogSchema = z
  .object({
    images: z
      .object({
        /** mozilla/balrog: admin, public, schema upgrade and the seed job (it ships mariadb-client, curl, xz). */
        app: image.default(BALROG_DEFAULTS.images.app),
        agent: image.default(BALROG_DEFAULTS.images.agent),
        mysql: image.default(BALROG_DEFAULTS.images.mysql),
        redis: image.default(BALROG_DEFAULTS.images.redis),
      })
      .strict()
      .default(() => ({ ...BALROG_DEFAULTS.images })),
    /** Public app caches responses in Redis (REDIS_CACHE=1, REDIS_URL) instead of in process memory. */
    redisCache: z.boolean({ error: "expected true or false" }).default(false),
    seed: seedSchema.default(() => ({ source: "prod-dump" as const, generation: 1 })),
    /** Product and channel whose rule changes need a signoff (the holder holds the role). */
    signoff: z
      .object({
        product: z.string().min(1).max(15).default(BALROG_DEFAULTS.signoff.product),
        channel: z.string().min(1).max(75).default(BALROG_DEFAULTS.signoff.channel),
        role: z.string().min(1).max(50).default(BALROG_DEFAULTS.signoff.role),
      })
      .strict()
      .default(() => ({ ...BALROG_DEFAULTS.signoff })),
    sizes: z
      .object({
        /** PersistentVolumeClaim of the MySQL StatefulSet. */
        databaseStorage: quantity.default(BALROG_DEFAULTS.sizes.databaseStorage),
        /** Scratch space of the seed job: the compressed dump (production: a few hundred MB). */
        seedScratch: quantity.default(BALROG_DEFAULTS.sizes.seedScratch),
        database: resources.default({}),
        admin: resources.default({}),
        public: resources.default({}),
        agent: resources.default({}),
      })
      .strict()
      .default(() => ({ databaseStorage: BALROG_DEFAULTS.sizes.databaseStorage, seedScratch: BALROG_DEFAULTS.sizes.seedScratch, database: {}, admin: {}, public: {}, agent: {} })),
  })
  .strict();
