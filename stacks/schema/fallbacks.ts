// Where a staging release goes for each service the environment does not check out. Defaults are the
// shared stage services (catalog/endpoints.ts); a stack may point any of them elsewhere, except at a
// production write endpoint.
import { z } from "zod";
import { hostOf } from "../../catalog/canonical";
import { STAGE_ENDPOINTS } from "../../catalog/endpoints";
import { PRODUCTION_WRITE_HOSTS } from "../../catalog/trust";
import { urlField } from "./common";

const fallbackUrl = urlField("https://admin.stage.balrog.nonprod.webservices.mozgcp.net/api")
  .superRefine((u, ctx) => {
    const host = hostOf(u) ?? "";
    if (PRODUCTION_WRITE_HOSTS.includes(host)) {
      ctx.addIssue({
        code: "custom",
        message: `points at ${host}, a production write endpoint; no environment may target it`,
        params: { fix: "remove the key to use the shared stage endpoint, or point it at another staging service" },
      });
    }
  });

export const fallbacksSchema = z
  .object({
    balrogAdminApi: fallbackUrl.default(STAGE_ENDPOINTS.balrogAdminApi),
    balrogPublic: fallbackUrl.default(STAGE_ENDPOINTS.balrogPublic),
    bouncerAdminApi: fallbackUrl.default(STAGE_ENDPOINTS.bouncerAdminApi),
    bouncerRedirect: fallbackUrl.default(STAGE_ENDPOINTS.bouncerRedirect),
    shipitApi: fallbackUrl.default(STAGE_ENDPOINTS.shipitApi),
    archivePrefix: fallbackUrl.default(STAGE_ENDPOINTS.archivePrefix),
  })
  .strict();

