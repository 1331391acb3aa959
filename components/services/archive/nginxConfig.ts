// The archive front's nginx.conf, generated from config: `/pub/...` from the environment's bucket
// first, production on a miss (redirect or proxy), a header naming the side that answered, writes
// and path tricks refused, bodies streamed. Pure: the same text runs in the cluster and in the
// integration test (test/components/services/archive/nginx.integration.test.ts).
import { ARCHIVE } from "../../../catalog/archive";
import { httpDate, httpDateAfterRegex } from "./httpDate";

export type FallbackMode = "redirect" | "proxy";

export interface ArchiveFrontConfig {
  /** `listen` argument of the public server, e.g. `8080` or `127.0.0.1:18080`. */
  listen: string;
  /** Loopback address of the server answering for hidden (newer than cut-off) objects. */
  hiddenListen: string;
  /** host:port of the S3 store (path-style, anonymous read of the bucket). */
  store: string;
  bucket: string;
  fallback: FallbackMode;
  /** Origin that redirects point at (redirect mode), e.g. https://archive.mozilla.org. */
  productionBaseUrl: string;
  /** host:port nginx connects to for production (proxy mode): the egress proxy's origin port. */
  productionUpstream: string;
  /** Host header sent to production (proxy mode). */
  productionHost: string;
  /** Production objects last modified after this instant are invisible (proxy mode only). */
  cutoff?: Date;
  pidFile: string;
  /** Directory for nginx's temp paths (nothing is buffered to disk, but nginx wants them). */
  tempDir: string;
  accessLog: string;
  errorLog: string;
}

/** Raw request targets that try to leave `/pub/` or smuggle separators: `..` (plain or
 * percent-encoded, any case), encoded `/` or `\`, a literal backslash, or NUL. */
export const REJECTED_TARGET = "(\\.|%2e)(\\.|%2e)|%2f|%5c|\\x5c|%00";

/** A value nginx reads as one token (double-quoted, with `"` and `\` escaped for its parser). */
function q(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * proxy_set_header lines for a proxied location. nginx inherits proxy_set_header from an outer
 * level only when a location sets none, so every proxied location carries the full set.
 */
function upstreamHeaders(host: string, indent: string): string[] {
  return [
    `proxy_set_header Host ${host};`,
    'proxy_set_header Connection "";',
    // Client credentials and cookies never travel to the store or production.
    'proxy_set_header Authorization "";',
    'proxy_set_header Cookie "";',
  ].map((l) => indent + l);
}

function productionLocation(c: ArchiveFrontConfig): string[] {
  const header = `        add_header ${ARCHIVE.sourceHeader} production always;`;
  if (c.fallback === "redirect") {
    // The client fetches the object from production itself; the front never contacts production.
    return ["    location @production {", header, `        return 302 ${c.productionBaseUrl}$archive_path;`, "    }"];
  }
  const lines = ["    location @production {", header];
  if (c.cutoff) {
    // Ask production for the object's Last-Modified first (HEAD, in a subrequest), then send the
    // request to the hidden-object server instead of production when it is newer than the cut-off.
    lines.push("        auth_request /_archive_cutoff_check;", "        auth_request_set $production_last_modified $upstream_http_last_modified;");
  }
  lines.push(
    `        proxy_pass ${c.cutoff ? "http://$production_target" : "http://archive_production"}$archive_path;`,
    ...upstreamHeaders(c.productionHost, "        "),
    // Production's own answers (404 included) go to the client as they are.
    "        proxy_intercept_errors off;",
    "        error_page 502 504 = @production_unreachable;",
    "    }",
    "    location @production_unreachable {",
    header,
    "        default_type text/plain;",
    `        return 502 ${q(`archive: not in this environment's store, and production (${c.productionBaseUrl}) is unreachable\n`)};`,
    "    }",
  );
  if (c.cutoff) {
    lines.push(
      "    location = /_archive_cutoff_check {",
      "        internal;",
      "        proxy_method HEAD;",
      "        proxy_pass_request_body off;",
      "        proxy_pass_request_headers off;",
      ...upstreamHeaders(c.productionHost, "        "),
      "        proxy_pass http://archive_production$archive_path;",
      // Anything but a 2xx says nothing about age: let the real request go and show what production says.
      "        proxy_intercept_errors on;",
      "        error_page 300 301 302 303 304 307 308 400 401 403 404 405 410 412 416 429 500 502 503 504 = @archive_cutoff_unknown;",
      "    }",
      "    location @archive_cutoff_unknown {",
      "        return 204;",
      "    }",
    );
  }
  return lines;
}

export function archiveNginxConfig(c: ArchiveFrontConfig): string {
  if (!/^[a-z0-9][-a-z0-9.]*[a-z0-9]$/.test(c.bucket)) throw new Error(`bucket name ${c.bucket} is not a valid S3 bucket name`);
  if (c.cutoff && c.fallback !== "proxy") throw new Error("a cut-off needs fallback: proxy");
  const storeHost = c.store.replace(/:\d+$/, "");
  const lines = [
    "# Generated by releng-envs (components/services/archive/nginxConfig.ts). Do not edit in the cluster.",
    "worker_processes 1;",
    `pid ${c.pidFile};`,
    `error_log ${c.errorLog} warn;`,
    "events { worker_connections 1024; }",
    "http {",
    "    default_type application/octet-stream;",
    "    server_tokens off;",
    `    log_format archive '$remote_addr "$request" $status $body_bytes_sent source=$sent_http_${ARCHIVE.sourceHeader.toLowerCase().replace(/-/g, "_")}';`,
    `    access_log ${c.accessLog} archive;`,
    `    client_body_temp_path ${c.tempDir}/client_body;`,
    `    proxy_temp_path ${c.tempDir}/proxy;`,
    `    fastcgi_temp_path ${c.tempDir}/fastcgi;`,
    `    uwsgi_temp_path ${c.tempDir}/uwsgi;`,
    `    scgi_temp_path ${c.tempDir}/scgi;`,
    // Stream every body: installers and MARs are hundreds of MB; nothing is written to disk.
    "    proxy_buffering off;",
    "    proxy_request_buffering off;",
    "    proxy_max_temp_file_size 0;",
    "    proxy_http_version 1.1;",
    "    proxy_connect_timeout 5s;",
    "    proxy_read_timeout 300s;",
    "",
    // The path as the client sent it (still percent-encoded, no query): what production is asked for.
    '    map $request_uri $archive_path { "~^(?<path>[^?]*)" $path; }',
    "    map $request_method $archive_read { GET 1; HEAD 1; default 0; }",
  ];
  if (c.cutoff) {
    lines.push(
      `    map $production_last_modified $archive_too_new { default 0; ${q(`~${httpDateAfterRegex(c.cutoff)}`)} 1; }`,
      `    map $archive_too_new $production_target { 1 ${c.hiddenListen}; default archive_production; }`,
    );
  }
  lines.push("", `    upstream archive_store { server ${c.store}; keepalive 8; }`);
  if (c.fallback === "proxy") lines.push(`    upstream archive_production { server ${c.productionUpstream}; }`);
  lines.push(
    "",
    "    server {",
    `        listen ${c.listen};`,
    // Inherited by every location without add_header of its own: answers made here are refusals.
    `        add_header ${ARCHIVE.sourceHeader} refused always;`,
    '        add_header Allow "GET, HEAD" always;',
    "        merge_slashes on;",
    `        if ($request_uri ~* ${q(REJECTED_TARGET)}) { return 400; }`,
    // Read-only front: writes go to the S3 store with credentials, never through here.
    '        if ($archive_read = 0) { return 405; }',
    "",
    "        location = /__lbheartbeat__ {",
    "            access_log off;",
    `            add_header ${ARCHIVE.sourceHeader} front always;`,
    "            default_type text/plain;",
    '            return 200 "ok\\n";',
    "        }",
    "",
    "        location /pub/ {",
    `            add_header ${ARCHIVE.sourceHeader} env always;`,
    // S3 query parameters (acl, tagging, list-type...) would turn a read into another API call.
    '            set $args "";',
    // proxy_pass with a URI: nginx sends the normalized path, re-encoded, under the bucket.
    `            proxy_pass http://archive_store/${c.bucket}/pub/;`,
    ...upstreamHeaders(storeHost, "            "),
    "            proxy_intercept_errors on;",
    "            recursive_error_pages on;",
    "            error_page 404 = @production;",
    "            error_page 500 502 503 504 = @store_unreachable;",
    "        }",
    "",
    ...productionLocation(c).map((l) => `    ${l}`),
    "",
    "        location @store_unreachable {",
    `            add_header ${ARCHIVE.sourceHeader} env always;`,
    "            default_type text/plain;",
    `            return 502 ${q("archive: this environment's store is unreachable\n")};`,
    "        }",
    "",
    "        location / {",
    "            return 404;",
    "        }",
    "    }",
  );
  if (c.cutoff) {
    const when = httpDate(c.cutoff);
    lines.push(
      "",
      // Answers for production objects newer than the cut-off, as if they did not exist.
      "    server {",
      `        listen ${c.hiddenListen};`,
      "        default_type text/plain;",
      `        add_header X-Archive-Hidden ${q(`newer than the cut-off ${when}`)} always;`,
      `        location / { return 404 ${q(`archive: hidden, production's copy is newer than the cut-off ${when}\n`)}; }`,
      "    }",
    );
  }
  lines.push("}", "");
  return lines.join("\n");
}
