// Balrog's download-domain allow-list, extended for one environment without changing Balrog: the
// project's WSGI entry (wsgi/releng_envs_entry.py) is mounted over the image's uwsgi/<app>.wsgi,
// an init container first copies the image's own file aside, and the entry runs that file unchanged
// before adding the environment's archive and bouncer hosts (read from a mounted JSON file).
import * as fs from "node:fs";
import * as path from "node:path";
import { BALROG_ALLOWLIST_TEMPLATES } from "../../../catalog/balrog";
import type { StagingRelease } from "../handoff/stagingRelease";

export const WSGI_ENTRY_PATH = path.join(__dirname, "wsgi", "releng_envs_entry.py");

/** Where things sit in the admin and public pods. */
export const WSGI_MOUNT = {
  /** ConfigMap keys. */
  entryKey: "releng_envs_entry.py",
  domainsKey: "download-domains.json",
  /** The ConfigMap's directory in the pod (the domains file is read from here). */
  configDir: "/releng-envs/wsgi",
  /** emptyDir the init container copies the image's own uwsgi files into. */
  stockDir: "/releng-envs/stock",
  /** The image's uwsgi files (uwsgi/admin.ini, public.ini: wsgi-file = /app/uwsgi/<app>.wsgi). */
  imageWsgi: (app: "admin" | "public") => `/app/uwsgi/${app}.wsgi`,
} as const;

let cached: string | undefined;

export function wsgiEntryText(): string {
  cached ??= fs.readFileSync(WSGI_ENTRY_PATH, "utf8");
  return cached;
}

/**
 * Host → the stock allow-list entry whose products it takes: the environment's own archive and
 * bouncer hosts as the handoff names them (the public host when published), none for fallbacks.
 */
export function balrogDownloadDomains(handoff: StagingRelease): Record<string, string> {
  const own: [keyof StagingRelease["endpoints"], string][] = [
    ["archivePrefix", BALROG_ALLOWLIST_TEMPLATES.archive],
    ["bouncerRedirect", BALROG_ALLOWLIST_TEMPLATES.bouncer],
  ];
  return Object.fromEntries(own.filter(([e]) => handoff.endpoints[e].source === "own").map(([e, like]) => [new URL(handoff.endpoints[e].url).hostname, like]));
}

/** The ConfigMap's data: the entry and the hosts. */
export function wsgiConfigData(downloadDomains: Record<string, string>): Record<string, string> {
  return { [WSGI_MOUNT.entryKey]: wsgiEntryText(), [WSGI_MOUNT.domainsKey]: JSON.stringify(downloadDomains, null, 2) + "\n" };
}
