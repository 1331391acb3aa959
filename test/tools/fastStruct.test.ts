// tools/plan/fastStruct.ts: the one-pass Struct.fromJavaScript the offline plan installs builds the
// same message as google-protobuf's own: the same wire bytes and the same JavaScript back, for any
// JSON value, and the same refusal for what JSON cannot hold.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { installFastStruct, originalStructFromJavaScript, structFromJavaScript } from "../../tools/plan/fastStruct";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

type Json = Parameters<typeof originalStructFromJavaScript>[0];

const bytes = (s: Struct) => Buffer.from(s.serializeBinary()).toString("hex");

describe("one-pass Struct.fromJavaScript", () => {
  it("equals the library's on arbitrary JSON objects: wire bytes, JavaScript back, nested messages", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 6 })), (object) => {
        const expected = originalStructFromJavaScript(object as Json);
        const got = structFromJavaScript(object);
        expect(bytes(got)).toBe(bytes(expected));
        expect(got.toJavaScript()).toEqual(expected.toJavaScript());
        expect(Struct.deserializeBinary(got.serializeBinary()).toJavaScript()).toEqual(expected.toJavaScript());
      }),
      { numRuns: 300 },
    );
  });

  it("equals it on the shapes a Kubernetes object has: deep maps, lists of maps, empty values, falsy scalars", () => {
    const object = { apiVersion: "apps/v1", metadata: { labels: { a: "" }, annotations: {} }, spec: { replicas: 0, paused: false, template: { spec: { containers: [{ env: [{ name: "X", value: null }], args: [] }] } } }, ratio: -1.5 };
    expect(bytes(structFromJavaScript(object))).toBe(bytes(originalStructFromJavaScript(object as Json)));
    expect(structFromJavaScript(object).toJavaScript()).toEqual(object);
  });

  it("refuses what the library refuses (undefined, functions) with its message", () => {
    for (const bad of [{ a: undefined }, { a: () => 1 }, { a: [Symbol("s")] }]) {
      expect(() => originalStructFromJavaScript(bad as unknown as Json)).toThrow("Unexpected struct type.");
      expect(() => structFromJavaScript(bad)).toThrow("Unexpected struct type.");
    }
  });

  it("once installed, is what every caller of Struct.fromJavaScript gets", () => {
    installFastStruct();
    expect(Struct.fromJavaScript).toBe(structFromJavaScript);
    expect(bytes(Struct.fromJavaScript({ a: [1, { b: "c" }] }))).toBe(bytes(originalStructFromJavaScript({ a: [1, { b: "c" }] })));
  });
});
