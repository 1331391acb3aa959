// The signing config a pool's worker actually reads: the files mounted over the image's own
// passwords.yml and init_worker.sh (components/pools/fileOverrides.ts in the program), judged by
// allow-list. Shape is strict: the generated template is a plain mapping of one cert scope per key
// to rows [url, {$eval: <PREFIX>_USERNAME}, {$eval: <PREFIX>_PASSWORD}, [formats], keyId?]; any other
// shape (json-e operators, computed URLs, extra columns) is refused rather than interpreted.
import { parse } from "yaml";
import { hostOf } from "../generated/canonical";
import { CATALOG } from "../generated/catalog";
import { allowedAtAll, levelsText } from "./allow";
import { containersOf, kubeKind, metaOf, podSpecOf, type ResourceLike } from "./k8s";
import type { StackModel, Subject, TrustLevel } from "./model";

export interface MountedFile {
  /** Where the content lives (the ConfigMap or Secret), or undefined when the stack does not declare it. */
  source?: ResourceLike;
  key: string;
  text?: string;
  where: string;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === "object" && !Array.isArray(x);
}

/** Files the workload's containers mount with subPath from a ConfigMap or Secret, by mount path. */
export function mountedFiles(subject: Subject, model: StackModel): Map<string, MountedFile> {
  const out = new Map<string, MountedFile>();
  const kind = kubeKind(subject.resource.type);
  const podSpec = podSpecOf(kind, subject.resource.props);
  const volumes: any[] = Array.isArray(podSpec?.volumes) ? podSpec!.volumes : [];
  for (const { container, where } of containersOf(podSpec)) {
    for (const m of Array.isArray(container.volumeMounts) ? container.volumeMounts : []) {
      if (typeof m?.mountPath !== "string") continue;
      const v = volumes.find((x) => x?.name === m.name);
      const ref = v?.configMap ? { kind: "ConfigMap", name: v.configMap.name, items: v.configMap.items } : v?.secret ? { kind: "Secret", name: v.secret.secretName, items: v.secret.items } : undefined;
      if (!ref) continue;
      const item = Array.isArray(ref.items) ? ref.items.find((i: any) => i?.path === m.subPath) : undefined;
      const key = item?.key ?? m.subPath;
      if (typeof key !== "string" || !key) continue;
      const source = model.resources.find((r) => kubeKind(r.type) === ref.kind && metaOf(r.props).name === ref.name && metaOf(r.props).namespace === subject.meta.namespace);
      const data = source?.props?.data?.[key] ?? source?.props?.stringData?.[key];
      out.set(m.mountPath.replace(/\/+$/, ""), { source, key, text: typeof data === "string" ? data : undefined, where: `${where} volumeMount ${m.mountPath} (${ref.kind} ${ref.name} ${key})` });
    }
  }
  return out;
}

/** The server (prod | stage) a URL's canonical host belongs to, or undefined. */
export function autographServerOf(url: string): "prod" | "stage" | undefined {
  const host = hostOf(url);
  if (!host) return undefined;
  return (Object.keys(CATALOG.autograph.serverHosts) as ("prod" | "stage")[]).find((s) => (CATALOG.autograph.serverHosts[s] as readonly string[]).includes(host));
}

const CREDENTIAL = /^([A-Z][A-Z0-9_]*)_(USERNAME|PASSWORD)$/;

function credentialPrefix(cell: unknown, part: "USERNAME" | "PASSWORD"): string | undefined {
  if (!isPlainObject(cell) || Object.keys(cell).length !== 1 || typeof cell.$eval !== "string") return undefined;
  const m = CREDENTIAL.exec(cell.$eval);
  return m && m[2] === part ? m[1] : undefined;
}

/**
 * Problems of a mounted passwords.yml for a pool judged at `levels` serving `product`: anything not
 * on the allow-lists (server hosts per level, formats per server, one cert scope per key from the
 * level's list with the product's prefix, credential names per level; stage credentials only with
 * the stage server at dev).
 */
export function passwordsProblems(text: string, levels: readonly TrustLevel[], product: string | undefined): string[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return ["passwords.yml is not valid YAML"];
  }
  if (!isPlainObject(doc)) return ["passwords.yml must be a mapping of cert scope to Autograph entries"];
  const problems: string[] = [];
  const at = levelsText(levels);
  const scopes = allowedAtAll(levels, CATALOG.certScopesAllowed);
  const servers = allowedAtAll(levels, CATALOG.autograph.serversAllowed);
  const credentials = allowedAtAll(levels, CATALOG.autograph.credentialsAllowed);
  const prefix = product ? (CATALOG.certScopePrefixes as Record<string, string>)[product] : undefined;
  if (Object.keys(doc).length === 0) problems.push("passwords.yml lists no Autograph server");
  for (const [scope, rows] of Object.entries(doc)) {
    const m = /^(.*)cert:([a-z0-9-]+)$/.exec(scope);
    if (scope.startsWith("$")) problems.push(`passwords.yml uses json-e operator ${scope}; only a plain mapping of cert scopes is accepted`);
    else if (!m || !scopes.includes(m[2])) problems.push(`cert scope ${scope} is not one a ${at} pool may hold (…cert:{${scopes.join(",")}})`);
    else if (!prefix || m[1] !== prefix) problems.push(`cert scope ${scope} does not belong to product ${product ?? "(unknown)"} (${prefix ?? "no known prefix"}cert:…)`);
    if (!Array.isArray(rows)) {
      problems.push(`${scope}: entries must be a list of [url, {$eval: …_USERNAME}, {$eval: …_PASSWORD}, [formats], keyId?]`);
      continue;
    }
    rows.forEach((row: unknown, i: number) => {
      const here = `${scope}[${i}]`;
      if (!Array.isArray(row) || row.length < 4 || row.length > 5) return void problems.push(`${here}: not an entry [url, user, password, [formats], keyId?]`);
      const [url, user, password, formats, keyId] = row;
      const server = typeof url === "string" ? autographServerOf(url) : undefined;
      if (typeof url !== "string") problems.push(`${here}: the server URL is not a literal string`);
      else if (!server || !servers.includes(server)) {
        problems.push(`${here}: ${hostOf(url) ?? url} is not an Autograph server a ${at} pool may use (${servers.flatMap((s) => (CATALOG.autograph.serverHosts as Record<string, readonly string[]>)[s] ?? []).join(", ") || "none"})`);
      }
      const u = credentialPrefix(user, "USERNAME");
      const p = credentialPrefix(password, "PASSWORD");
      if (!u || !p || u !== p) problems.push(`${here}: credentials must be {$eval: <PREFIX>_USERNAME} and {$eval: <PREFIX>_PASSWORD} of one prefix`);
      else {
        const stageOk = server === "stage" && servers.includes("stage") && (CATALOG.autograph.stageCredentials as readonly string[]).includes(u);
        if (!credentials.includes(u) && !stageOk) problems.push(`${here}: credential ${u} is not one a ${at} pool may use${server ? ` with Autograph ${server}` : ""}`);
      }
      if (!Array.isArray(formats) || formats.length === 0 || formats.some((f) => typeof f !== "string")) problems.push(`${here}: formats must be a non-empty list of names`);
      else if (server) {
        const bad = formats.filter((f: string) => !(CATALOG.autograph.formats[server] as readonly string[]).includes(f));
        if (bad.length > 0) problems.push(`${here}: ${bad.join(", ")} ${bad.length === 1 ? "is not a format" : "are not formats"} of Autograph ${server}`);
      }
      if (keyId !== undefined && typeof keyId !== "string") problems.push(`${here}: keyId must be a string`);
    });
  }
  return problems;
}

/** Credentials the mounted init_worker.sh demands that a pool at `levels` may not hold (stage ones below dev). */
export function initWorkerProblems(text: string, levels: readonly TrustLevel[]): string[] {
  const stage = allowedAtAll(levels, CATALOG.autograph.serversAllowed).includes("stage");
  if (stage) return [];
  const demanded = [...text.matchAll(/AUTOGRAPH_STAGE_[A-Z0-9_]*/g)].map((m) => m[0]);
  return demanded.length > 0 ? [`init_worker.sh demands Autograph stage credentials (${[...new Set(demanded)].join(", ")}); a ${levelsText(levels)} pool must start without them`] : [];
}
