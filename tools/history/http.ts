// Reading JSON from a service's API with errors a user can act on: which URL, what went wrong, what
// to try. Never includes a token or a response body that could hold one.
import { createHash } from "node:crypto";
import type { z } from "zod";

/** An API that could not be reached, answered with an error, or answered with the wrong shape. */
class SourceError extends Error {
  constructor(
    readonly url: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${url}: ${problem}`);
    this.name = "SourceError";
  }
}

export function isSourceError(e: unknown): e is SourceError {
  return e instanceof Error && e.name === "SourceError";
}

export interface FetchedJson<T> {
  url: string;
  data: T;
  /** sha256 of the bytes received (provenance). */
  sha256: string;
  bytes: number;
  fetchedAt: string;
}

export interface GetOptions {
  token?: string;
  /** Where the expected shape is defined (repository@commit and file), for the error message. */
  spec?: string;
  timeoutMs?: number;
  now?: () => Date;
}

/** Joins an API root and a path (with query), keeping any path the root has. */
export function apiUrl(root: string, pathAndQuery: string): string {
  return `${root.replace(/\/+$/, "")}${pathAndQuery}`;
}

/** GETs `url` and checks the JSON against `schema`; a 404 is `undefined` when `allow404`. */
export async function getJson<S extends z.ZodType>(url: string, schema: S, options: GetOptions & { allow404: true }): Promise<FetchedJson<z.infer<S>> | undefined>;
export async function getJson<S extends z.ZodType>(url: string, schema: S, options?: GetOptions): Promise<FetchedJson<z.infer<S>>>;
export async function getJson<S extends z.ZodType>(url: string, schema: S, options: GetOptions & { allow404?: boolean } = {}): Promise<FetchedJson<z.infer<S>> | undefined> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 60_000), redirect: "follow" });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = (e as Error).name === "TimeoutError" ? `no answer within ${Math.round((options.timeoutMs ?? 60_000) / 1000)}s` : (cause?.code ?? cause?.message ?? (e as Error).message);
    throw new SourceError(url, `could not be reached (${why})`, "check the URL and your network (a port-forward for an environment's API); then run the command again");
  }
  if (res.status === 404 && options.allow404) return undefined;
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) {
    const auth = res.status === 401 || res.status === 403;
    throw new SourceError(url, `answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`, auth ? "the API refused the request: pass a valid --token-file (or none, for read-only endpoints)" : "check the URL is the API root (Balrog admin serves /rules at its root; the public API under /api/v1)");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new SourceError(url, `did not answer JSON (content-type ${res.headers.get("content-type") ?? "none"})`, "check the URL is the API root, not a web page or a proxy's error page");
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    throw new SourceError(url, `answered JSON of the wrong shape at ${where}: ${issue.message}`, `check the URL points at the right API (and version)${options.spec ? `; the expected shape: ${options.spec}` : ""}`);
  }
  return { url, data: checked.data, sha256: createHash("sha256").update(body).digest("hex"), bytes: body.length, fetchedAt: (options.now ?? (() => new Date()))().toISOString() };
}
