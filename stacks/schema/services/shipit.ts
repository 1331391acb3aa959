// Settings of an environment's Ship-it copy (admin + public APIs on Postgres 15). Taskcluster and
// Auth0 credentials are not settings: they come from releng-envs:secrets.shipit.* (program/secrets.ts).
import { z } from "zod";
import { SHIPIT } from "../../../catalog/shipit";
import { hostNameField, originField } from "../common";

const image = z.string().trim().regex(/^[^\s]+$/, "must be an image reference like registry/name:tag (no spaces)");

export const shipitSchema = z
  .object({
    /**
     * Always `dev`. Accepted only so a stack that says `production` gets a clear refusal rather than
     * "unknown key": a private copy must never run with production's channel.
     */
    appChannel: z
      .string()
      .default(SHIPIT.appChannel)
      .superRefine((v, ctx) => {
        if (v !== SHIPIT.appChannel) {
          ctx.addIssue({
            code: "custom",
            message: `is '${v}', but a Ship-it copy always runs with APP_CHANNEL=dev (production would enable production notifications and behaviour)`,
            params: { fix: "remove services.shipit.appChannel (it is always dev); production Ship-it is not something an environment can copy" },
          });
        }
      }),
    /** Tag of mozilla/releng-shipit-admin and -public: the deployment branch, or <branch>-<YYYYmmddHHMMSS> (push_image.sh). */
    imageTag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be a Docker image tag")
      .default(SHIPIT.images.defaultTag),
    images: z
      .object({ admin: image.optional(), public: image.optional(), postgres: image.default(SHIPIT.database.image) })
      .strict()
      .default({ postgres: SHIPIT.database.image }),
    authDomain: hostNameField("auth.mozilla.auth0.com").default(SHIPIT.authDomain),
    /** An origin: Ship-it appends API paths to it. */
    taskclusterRootUrl: originField("https://firefox-ci-tc.services.mozilla.com").default(SHIPIT.taskclusterRootUrl),
    storage: z
      .string()
      .regex(/^[0-9]+(Mi|Gi|Ti)$/, "must be a size like 5Gi")
      .default(SHIPIT.database.storage),
  })
  .strict();
