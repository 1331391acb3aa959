// Host, bucket and name matching: the part of every trust rule that a disguise would target.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostLines, matchesNamePattern, mentionsBucket, mentionsHost, normalizeHost } from "../../policies/lib/hosts";
import { parseWorkerType } from "../../policies/lib/trust";
import { stackLevelOfName, stackNameOf } from "../../policies/lib/model";

const HOST = "stage.autograph.nonprod.webservices.mozgcp.net";

describe("host matching", () => {
  it("finds a host however a URL writes it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("", "https://", "HTTPS://", "http://user:pw@", "//"),
        fc.constantFrom("", ":443", ":8443"),
        fc.constantFrom("", "/", "/sign/data?x=1", "#frag"),
        fc.array(fc.boolean(), { minLength: HOST.length, maxLength: HOST.length }),
        (scheme, port, rest, upper) => {
          const host = [...HOST].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("");
          return mentionsHost(`url=${scheme}${host}${port}${rest}`, HOST) && normalizeHost(`${scheme}${host}${port}${rest}`) === HOST;
        },
      ),
    );
  });

  it("matches subdomains but not look-alikes", () => {
    expect(mentionsHost("https://eu.stage.autograph.nonprod.webservices.mozgcp.net", HOST)).toBe(true);
    expect(mentionsHost("https://evilstage.autograph.nonprod.webservices.mozgcp.net", HOST)).toBe(false);
    expect(mentionsHost(`https://${HOST}.example.com`, HOST)).toBe(false);
    expect(mentionsHost(`${HOST}.`, HOST)).toBe(true);
  });

  it("matches buckets and secret name patterns", () => {
    expect(mentionsBucket("gs://net-mozaws-prod-delivery-firefox/pub", "net-mozaws-prod-delivery-firefox")).toBe(true);
    expect(mentionsBucket("net-mozaws-prod-delivery-firefox-copy", "net-mozaws-prod-delivery-firefox")).toBe(false);
    expect(matchesNamePattern("autograph_mar_release_username", "AUTOGRAPH_MAR_RELEASE_*")).toBe(true);
    expect(matchesNamePattern("AUTH_CLIENT_SECRET", "CLIENT_SECRET")).toBe(false);
    expect(hostLines("# comment\narchive.mozilla.org\n\n HTTPS://X.org:443/ ,y.org")).toEqual(["archive.mozilla.org", "x.org", "y.org"]);
  });
});

describe("stack and worker type names", () => {
  it("reads the stack from a URN and the level from the stack name", () => {
    expect(stackNameOf("urn:pulumi:pools-dev::releng-envs::a$b::c")).toBe("pools-dev");
    expect(stackLevelOfName("pools-prod")).toBe("prod");
    expect(stackLevelOfName("pools-production")).toBeUndefined();
  });

  it("parses worker types {trust}-{level}-{script}[-dev]", () => {
    expect(parseWorkerType("gecko-3-signing")).toEqual({ level: "3", script: "signing", dev: false });
    expect(parseWorkerType("app-services-t-signing-dev")).toEqual({ level: "t", script: "signing", dev: true });
    expect(parseWorkerType("nonsense")).toBeUndefined();
  });
});
