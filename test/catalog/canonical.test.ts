import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalHost, canonicalUrl, hostOf } from "../../catalog/canonical";

const host = (s: string, o = {}) => canonicalHost(s, o);
const url = (s: string, o = {}) => canonicalUrl(s, o);

describe("canonicalHost", () => {
  it.each([
    ["aus4-admin.mozilla.org", "aus4-admin.mozilla.org"],
    ["Aus4-Admin.Mozilla.ORG", "aus4-admin.mozilla.org"],
    ["aus4-admin.mozilla.org.", "aus4-admin.mozilla.org"],
    ["  archive.mozilla.org ", "archive.mozilla.org"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    ["ａｕｓ４-admin.mozilla.org", "aus4-admin.mozilla.org"], // full-width letters map to ASCII (UTS #46)
    ["aus4%2Dadmin.mozilla.org", "aus4-admin.mozilla.org"], // percent-encoded host
    ["balrog-admin.env-x.svc.cluster.local", "balrog-admin.env-x.svc.cluster.local"],
  ])("%s → %s", (input, want) => {
    expect(host(input)).toEqual({ ok: true, value: want });
  });

  it.each([
    ["", /empty/],
    ["https://aus4-admin.mozilla.org", /bare host/],
    ["user@aus4-admin.mozilla.org", /user info/],
    ["aus4-admin.mozilla.org:443", /port/],
    ["aus4-admin.mozilla.org/api", /bare host/],
    ["aus4-admin.mozilla.org..", /empty label/],
    ["a..b", /empty label/],
    ["-a.example", /label/],
    ["ex_ample.com", /label/],
    ["a b.example", /bare host/],
    ["10.0.0.1", /IP address/],
    ["0x7f.1", /IP address/], // 127.0.0.1 in another spelling
    ["2130706433", /IP address/],
    ["[::1]", /IP address/],
    ["localhost", /localhost/],
    ["x".repeat(64) + ".example", /label/],
  ])("refuses %j", (input, problem) => {
    const r = host(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });

  it("accepts IP literals only when asked", () => {
    expect(host("0x7f.1", { allowIpLiteral: true })).toEqual({ ok: true, value: "127.0.0.1" });
    expect(host("[::1]", { allowIpLiteral: true })).toEqual({ ok: true, value: "[::1]" });
  });

  it("is idempotent on every name it accepts (property)", () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 5 }), fc.boolean(), (labels, dot) => {
        const r = host(labels.join(".") + (dot ? "." : ""));
        // A numeric last label makes the parser read the host as IPv4 (WHATWG "ends in a number").
        if (!r.ok) return /^(0x[0-9a-f]*|\d+)$/i.test(labels[labels.length - 1]);
        const again = host(r.value);
        return again.ok && again.value === r.value && r.value === r.value.toLowerCase() && !r.value.endsWith(".");
      }),
    );
  });
});

describe("canonicalUrl", () => {
  it.each([
    ["https://aus4-admin.mozilla.org/api", "https://aus4-admin.mozilla.org/api"],
    ["HTTPS://Aus4-Admin.Mozilla.ORG.:443/api", "https://aus4-admin.mozilla.org/api"],
    ["https://aus5.mozilla.org", "https://aus5.mozilla.org/"],
    ["https://example.org:8443/x/../y", "https://example.org:8443/y"],
  ])("%s → %s", (input, want) => {
    const r = url(input);
    expect(r.ok && r.value.href).toBe(want);
  });

  it("keeps the port only when it is not the scheme's default", () => {
    const r = url("http://example.org:80/", { schemes: ["http"] });
    expect(r.ok && r.value.port).toBe("");
    const s = url("https://example.org:80/");
    expect(s.ok && s.value.port).toBe("80");
    const m = url("mysql://DB.Example:3306/balrog", { schemes: ["mysql"] });
    expect(m.ok && m.value.href).toBe("mysql://db.example:3306/balrog");
  });

  it.each([
    ["https://user:hunter2@aus4-admin.mozilla.org/", /user info/],
    ["https://user@aus4-admin.mozilla.org/", /user info/],
    ["https://:pw@aus4-admin.mozilla.org/", /user info/],
    ["http://aus4-admin.mozilla.org/", /scheme http/],
    ["https://10.1.2.3/", /IP address/],
    ["https://[fe80::1]/", /IP address/],
    ["https://aus4-admin.mozilla.org/#x", /fragment/],
    ["https://aus4-admin.mozilla.org/?a=1", /query/],
    ["https://a .org/", /white space/],
    ["aus4-admin.mozilla.org", /not a URL/],
  ])("refuses %j", (input, problem) => {
    const r = url(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });

  it("never repeats the input in a problem (it may hold a secret)", () => {
    const r = url("https://svc:s3cr3t-T0ken@example.org/");
    expect(!r.ok && r.problem).not.toMatch(/s3cr3t/);
  });

  it("refuses a path or query only when told to", () => {
    expect(url("https://a.example/x", { allowPath: false }).ok).toBe(false);
    expect(url("https://a.example/", { allowPath: false }).ok).toBe(true);
    const q = url("https://a.example/x?y=1", { allowQuery: true });
    expect(q.ok && q.value.href).toBe("https://a.example/x?y=1");
  });
});

describe("hostOf", () => {
  it.each([
    ["https://AUS4-admin.mozilla.org.:443/api#x", "aus4-admin.mozilla.org"],
    ["aus4-admin.mozilla.org:443", "aus4-admin.mozilla.org"],
    ["gs://Bucket-Host.example/", "bucket-host.example"],
    ["https://evil.example\\@aus4-admin.mozilla.org/", "evil.example"], // the parser's reading, not the eye's
    ["https://u:p@aus4-admin.mozilla.org/", undefined],
    ["not a host", undefined],
  ])("%s → %s", (input, want) => {
    expect(hostOf(input)).toBe(want);
  });

  it.each([
    ["  gs://Bucket.example/x ", "bucket.example"], // padded, non-special scheme
    ["0x7f.1", "127.0.0.1"], // IP literals come back as the parser writes them: no name matches them
    ["https://10.0.0.1/", "10.0.0.1"],
    ["localhost", "localhost"],
    ["https://u@aus4-admin.mozilla.org/", undefined], // a user name alone is user info too
    ["aus4-admin.mozilla.org:443x", undefined], // not a port
    ["https://", undefined],
    ["gs:bucket/https://aus4-admin.mozilla.org/", undefined],
  ])("%j → %s", (input, want) => {
    expect(hostOf(input)).toBe(want);
  });
});

// Spellings a client accepts and a check must read the same way (each closes a gap mutation testing
// found: docs/mutation.md).
describe("canonical forms of unusual spellings", () => {
  it.each(["https", "http", "ws", "wss", "ftp"])("%s: without slashes is read as a client reads it", (scheme) => {
    const r = url(`${scheme}:AUS4-Admin.mozilla.org/api`, { schemes: [scheme] });
    expect(r.ok && r.value.href).toBe(`${scheme}://aus4-admin.mozilla.org/api`);
  });

  it.each([
    ["gs:bucket/https://aus4-admin.mozilla.org/", /not a URL/], // a non-special scheme needs '//' before its host
    ["https://@aus4-admin.mozilla.org/", /user info/], // empty user info
    ["https://:@aus4-admin.mozilla.org/", /user info/],
    ["https:\\\\user:pw@aus4-admin.mozilla.org/", /user info/], // backslashes read as slashes
    ["https:\\\\user@aus4-admin.mozilla.org/", /user info/],
    ["https://aus4-admin.mozilla.org/#", /fragment/], // an empty fragment is still one
    ["", /empty/],
    ["https://./", /1 to 253/],
  ])("refuses %j", (input, problem) => {
    const r = url(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });

  it("accepts padding and an '@' in the path (only user info is refused)", () => {
    expect(url("  https://a.example/x  ").ok).toBe(true);
    const r = url("https://a.example/a//b@c");
    expect(r.ok && r.value.host).toBe("a.example");
  });

  it("names every accepted scheme and the path rule in its problems", () => {
    const r = url("http://a.example/", { schemes: ["https", "wss"] });
    expect(!r.ok && r.problem).toMatch(/must be an https or wss URL/);
    const p = url("https://a.example/x", { allowPath: false });
    expect(!p.ok && p.problem).toMatch(/has a path/);
  });

  it("reads four dotted numbers as an IP address, and a name that merely starts with them as a name", () => {
    const ip = host("192.168.100.200");
    expect(!ip.ok && ip.problem).toMatch(/IP address/);
    expect(host("1.2.3.4x.example")).toEqual({ ok: true, value: "1.2.3.4x.example" });
  });

  it("refuses every .localhost name, and a label with a bad character as a label problem", () => {
    expect(host("svc.localhost").ok).toBe(false);
    expect(host("localhost.example")).toEqual({ ok: true, value: "localhost.example" });
    const bad = host("-a.example");
    expect(!bad.ok && bad.problem).toMatch(/each label is letters/);
    const parse = host("a<b.example");
    expect(!parse.ok && parse.problem).toMatch(/not a valid host name/);
  });

  it("accepts a name of 253 characters and refuses one of 254", () => {
    const name = (n: number) => ["a".repeat(63), "b".repeat(63), "c".repeat(63)].join(".") + "." + "d".repeat(n - 3 * 64);
    expect(name(253)).toHaveLength(253);
    expect(host(name(253)).ok).toBe(true);
    const r = host(name(254));
    expect(!r.ok && r.problem).toMatch(/1 to 253/);
  });
});
