// The archive front's generated nginx.conf, run in a real nginx (Debian nginx-light) on 127.0.0.1
// against two local HTTP servers standing in for the environment's S3 store and for production.
// Skipped, with the reason in the test name, when nginx is not installed (.ci/run installs it).
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../servers";
import { NGINX, NginxFront, request } from "../../../archiveFront";
import type { ArchiveFrontConfig, FallbackMode } from "../../../../components/services/archive/nginxConfig";

const SUITE = NGINX
  ? "archive front in a real nginx"
  : "archive front in a real nginx — SKIPPED: nginx is not installed (apt-get install nginx-light; .ci/run does)";
if (!NGINX) console.warn(`[archive] ${SUITE}`);

interface StubObject {
  body: Buffer;
  lastModified?: string;
}
interface SeenRequest {
  method: string;
  url: string;
  host?: string;
  range?: string;
  authorization?: string;
}

/** A tiny origin: GET/HEAD of stored objects with single byte ranges; records every request. */
class StubOrigin {
  readonly objects = new Map<string, StubObject>();
  readonly seen: SeenRequest[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.seen.push({ method: req.method!, url: req.url!, host: req.headers.host, range: req.headers.range, authorization: req.headers.authorization });
    req.resume();
    const obj = this.objects.get(req.url!);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    if (!obj) {
      res.writeHead(404, { "content-type": "application/xml" }).end(req.method === "HEAD" ? undefined : "<Error><Code>NoSuchKey</Code></Error>");
      return;
    }
    const headers: http.OutgoingHttpHeaders = { "content-type": "application/octet-stream", "accept-ranges": "bytes" };
    if (obj.lastModified) headers["last-modified"] = obj.lastModified;
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
    let body = obj.body;
    let status = 200;
    if (m) {
      const [start, end] = [Number(m[1]), Math.min(Number(m[2]), obj.body.length - 1)];
      body = obj.body.subarray(start, end + 1);
      status = 206;
      headers["content-range"] = `bytes ${start}-${end}/${obj.body.length}`;
    }
    headers["content-length"] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  }
}


const PROD_HOST = "archive.mozilla.org";
const NEW_BUILD = "/pub/firefox/candidates/150.0b3-candidates/build1/linux-x86_64/en-US/firefox-150.0b3.tar.xz";
const SPACED = "/pub/firefox/candidates/150.0b3-candidates/build1/win64/en-US/Firefox%20Setup%20150.0b3.exe";
const OLD_RELEASE = "/pub/firefox/releases/149.0/linux-x86_64/en-US/firefox-149.0.tar.xz";
const RECENT_PROD = "/pub/firefox/releases/150.0b2/SHA256SUMS";
const UNDATED_PROD = "/pub/firefox/releases/148.0/SHA256SUMS";
const ABSENT = "/pub/firefox/releases/1.0/nothing-here.txt";
const CUTOFF = new Date("2026-11-21T09:30:00Z");
const BIG = crypto.randomBytes(8 * 1024 * 1024 + 123);

describe.skipIf(!NGINX)(SUITE, () => {
  const store = new StubOrigin();
  const production = new StubOrigin();
  const fronts: NginxFront[] = [];
  let redirect: NginxFront;
  let proxy: NginxFront;
  let cutoff: NginxFront;
  let productionDown: NginxFront;
  let storeDown: NginxFront;

  const frontFor = (fallback: FallbackMode, over: Partial<ArchiveFrontConfig> = {}) => {
    const f = new NginxFront({
      store: `127.0.0.1:${store.port}`,
      bucket: "archive",
      fallback,
      productionBaseUrl: `http://127.0.0.1:${production.port}`,
      productionUpstream: `127.0.0.1:${production.port}`,
      productionHost: PROD_HOST,
      ...over,
    });
    fronts.push(f);
    return f.start();
  };
  const writesSeenBy = (o: StubOrigin) => o.seen.filter((r) => r.method !== "GET" && r.method !== "HEAD");

  beforeAll(async () => {
    await Promise.all([store.start(), production.start()]);
    store.objects.set(`/archive${NEW_BUILD}`, { body: Buffer.from("0123456789abcdef new build from the staging release") });
    store.objects.set(`/archive${SPACED}`, { body: Buffer.from("installer") });
    production.objects.set(OLD_RELEASE, { body: Buffer.from("old release from production, 0123456789"), lastModified: "Tue, 01 Apr 2025 10:00:00 GMT" });
    production.objects.set(RECENT_PROD, { body: Buffer.from("published after the checkout"), lastModified: "Sat, 21 Nov 2026 09:30:01 GMT" });
    production.objects.set(UNDATED_PROD, { body: Buffer.from("no last-modified") });
    production.objects.set("/pub/firefox/releases/149.0/big.bin", { body: BIG, lastModified: "Tue, 01 Apr 2025 10:00:00 GMT" });
    const closed = await freePort(); // nothing listens there: production (or the store) is down
    [redirect, proxy, cutoff, productionDown, storeDown] = await Promise.all([
      frontFor("redirect"),
      frontFor("proxy"),
      frontFor("proxy", { cutoff: CUTOFF }),
      frontFor("proxy", { productionUpstream: `127.0.0.1:${closed}` }),
      frontFor("proxy", { store: `127.0.0.1:${closed}` }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(fronts.map((f) => f.stop()));
    await Promise.all([store.stop(), production.stop()]);
  });

  it("serves a hit from the environment's bucket (path-style S3 GET) without touching production", async () => {
    for (const front of [redirect, proxy]) {
      const before = production.seen.length;
      const r = await request(front, "GET", NEW_BUILD);
      expect(r.status).toBe(200);
      expect(r.body.toString()).toBe("0123456789abcdef new build from the staging release");
      expect(r.headers["x-archive-source"]).toBe("env");
      expect(production.seen.length).toBe(before);
    }
    expect(store.seen.at(-1)).toMatchObject({ method: "GET", url: `/archive${NEW_BUILD}`, host: "127.0.0.1" });
  });

  it("keeps percent-encoded file names intact on the way to the store", async () => {
    const r = await request(proxy, "GET", SPACED);
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe("installer");
    expect(store.seen.at(-1)!.url).toBe(`/archive${SPACED}`);
  });

  it("redirect mode: a miss answers 302 to the same path on production, and the front never calls production", async () => {
    const before = production.seen.length;
    const r = await request(redirect, "GET", `${OLD_RELEASE}?foo=bar`);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`http://127.0.0.1:${production.port}${OLD_RELEASE}`);
    expect(r.headers["x-archive-source"]).toBe("production");
    expect(production.seen.length).toBe(before);
    const head = await request(redirect, "HEAD", OLD_RELEASE);
    expect(head.status).toBe(302);
  });

  it("proxy mode: a miss is fetched from production with production's Host header, marked production", async () => {
    const r = await request(proxy, "GET", OLD_RELEASE, { authorization: "Bearer client-token" });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe("old release from production, 0123456789");
    expect(r.headers["x-archive-source"]).toBe("production");
    expect(production.seen.at(-1)).toMatchObject({ method: "GET", url: OLD_RELEASE, host: PROD_HOST });
    // Client credentials travel nowhere.
    expect(production.seen.at(-1)!.authorization).toBeUndefined();
    expect(store.seen.at(-1)!.authorization).toBeUndefined();
  });

  it("passes production's own 404 through when neither side has the object", async () => {
    const r = await request(proxy, "GET", ABSENT);
    expect(r.status).toBe(404);
    expect(r.headers["x-archive-source"]).toBe("production");
  });

  it("answers HEAD from either side without a body", async () => {
    const hit = await request(proxy, "HEAD", NEW_BUILD);
    expect([hit.status, hit.headers["x-archive-source"], hit.headers["content-length"], hit.body.length]).toEqual([200, "env", "51", 0]);
    const miss = await request(proxy, "HEAD", OLD_RELEASE);
    expect([miss.status, miss.headers["x-archive-source"], miss.body.length]).toEqual([200, "production", 0]);
    expect(production.seen.at(-1)).toMatchObject({ method: "HEAD", url: OLD_RELEASE });
  });

  it("serves byte ranges (206 with the right bytes) from the store and from production", async () => {
    const hit = await request(proxy, "GET", NEW_BUILD, { range: "bytes=2-5" });
    expect(hit.status).toBe(206);
    expect(hit.body.toString()).toBe("2345");
    expect(hit.headers["content-range"]).toBe("bytes 2-5/51");
    expect(hit.headers["x-archive-source"]).toBe("env");
    const miss = await request(proxy, "GET", OLD_RELEASE, { range: "bytes=29-32" });
    expect(miss.status).toBe(206);
    expect(miss.body.toString()).toBe("0123");
    expect(miss.headers["x-archive-source"]).toBe("production");
  });

  it("streams large bodies unchanged without writing them to disk", async () => {
    const r = await request(proxy, "GET", "/pub/firefox/releases/149.0/big.bin");
    expect(r.status).toBe(200);
    expect(crypto.createHash("sha256").update(r.body).digest("hex")).toBe(crypto.createHash("sha256").update(BIG).digest("hex"));
    const tempFiles = fs.existsSync(path.join(proxy.dir, "proxy")) ? fs.readdirSync(path.join(proxy.dir, "proxy"), { recursive: true }) : [];
    expect(tempFiles.filter((f) => fs.statSync(path.join(proxy.dir, "proxy", String(f))).isFile())).toEqual([]);
  });

  it("refuses every write method with 405, and no write reaches production or the store", async () => {
    for (const front of [redirect, proxy]) {
      for (const method of ["PUT", "POST", "DELETE", "PATCH"]) {
        for (const p of [NEW_BUILD, OLD_RELEASE]) {
          const r = await request(front, method, p, { "content-type": "application/octet-stream" }, method === "DELETE" ? undefined : "payload");
          expect(r.status, `${method} ${p}`).toBe(405);
          expect(r.headers["x-archive-source"]).toBe("refused");
          expect(r.headers.allow).toBe("GET, HEAD");
        }
      }
    }
    expect(writesSeenBy(production)).toEqual([]);
    expect(writesSeenBy(store)).toEqual([]);
  });

  it("rejects path traversal and encoded separators before anything is fetched", async () => {
    const tricks = [
      "/pub/../etc/passwd",
      "/pub/firefox/../../etc/passwd",
      "/pub/%2e%2e/etc/passwd",
      "/pub/%2E%2e/%2e%2E/etc/passwd",
      "/pub/.%2e/etc/passwd",
      "/pub/firefox%2F..%2F..%2Fetc%2Fpasswd",
      "/pub/firefox%2fsecret",
      "/pub/firefox%5c..%5csecret",
      "/pub/firefox/%00",
    ];
    const [storeBefore, prodBefore] = [store.seen.length, production.seen.length];
    for (const front of [redirect, proxy]) {
      for (const t of tricks) {
        const r = await request(front, "GET", t);
        expect(r.status, t).toBe(400);
        expect(r.headers["x-archive-source"], t).toBe("refused");
      }
    }
    expect(store.seen.length).toBe(storeBefore);
    expect(production.seen.length).toBe(prodBefore);
  });

  it("drops query strings on the way to the store (no S3 sub-resources such as ?acl)", async () => {
    const r = await request(proxy, "GET", `${NEW_BUILD}?acl&list-type=2`);
    expect(r.status).toBe(200);
    expect(store.seen.at(-1)!.url).toBe(`/archive${NEW_BUILD}`);
  });

  it("serves nothing outside /pub/", async () => {
    const r = await request(proxy, "GET", "/archive/pub/firefox/");
    expect(r.status).toBe(404);
    expect(r.headers["x-archive-source"]).toBe("refused");
  });

  it("production down: misses get a clear 502 marked production, hits keep working", async () => {
    const miss = await request(productionDown, "GET", OLD_RELEASE);
    expect(miss.status).toBe(502);
    expect(miss.headers["x-archive-source"]).toBe("production");
    expect(miss.body.toString()).toMatch(/not in this environment's store, and production \(http:\/\/127\.0\.0\.1:\d+\) is unreachable/);
    const hit = await request(productionDown, "GET", NEW_BUILD);
    expect(hit.status).toBe(200);
    expect(hit.headers["x-archive-source"]).toBe("env");
  });

  it("store down: a clear 502 marked env, never a silent fallback to production", async () => {
    const before = production.seen.length;
    const r = await request(storeDown, "GET", OLD_RELEASE);
    expect(r.status).toBe(502);
    expect(r.headers["x-archive-source"]).toBe("env");
    expect(r.body.toString()).toContain("store is unreachable");
    expect(production.seen.length).toBe(before);
  });

  it("cut-off: production objects modified after it are invisible; older and undated ones are served", async () => {
    const hidden = await request(cutoff, "GET", RECENT_PROD);
    expect(hidden.status).toBe(404);
    expect(hidden.headers["x-archive-hidden"]).toBe(`newer than the cut-off ${CUTOFF.toUTCString()}`);
    expect(hidden.body.toString()).not.toContain("published after the checkout");
    const old = await request(cutoff, "GET", OLD_RELEASE, { range: "bytes=0-2" });
    expect([old.status, old.body.toString(), old.headers["x-archive-source"]]).toEqual([206, "old", "production"]);
    const undated = await request(cutoff, "GET", UNDATED_PROD);
    expect([undated.status, undated.body.toString()]).toEqual([200, "no last-modified"]);
    const absent = await request(cutoff, "GET", ABSENT);
    expect(absent.status).toBe(404);
    // Objects in the environment's own store are never subject to the cut-off.
    const hit = await request(cutoff, "GET", NEW_BUILD);
    expect([hit.status, hit.headers["x-archive-source"]]).toEqual([200, "env"]);
  });
});
