// google-protobuf's Struct.fromJavaScript builds a Struct one nested message at a time, and each
// nesting re-syncs every message below it into its parent's array form: quadratic in the depth of
// a Kubernetes object. The SDK marshals every resource registration through it (twice under
// mocks), so it was a fifth of the offline plan's CPU time (docs/benchmarks.md). This builds the
// same message from its array form in one pass: the same fields, the same wire bytes
// (test/tools/fastStruct.test.ts holds it to the original on arbitrary JSON values).
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

type JsonValue = null | number | string | boolean | JsonValue[] | { [key: string]: JsonValue };

// Field numbers of google.protobuf.Value (struct.proto): the array form holds field n at index n - 1.
const NULL_VALUE = 0;
const NUMBER_VALUE = 1;
const STRING_VALUE = 2;
const BOOL_VALUE = 3;
const STRUCT_VALUE = 4;
const LIST_VALUE = 5;

/** google.protobuf.Value in array form, refusing what the original refuses. */
function valueArray(value: unknown): unknown[] {
  const a: unknown[] = [];
  if (value === null) a[NULL_VALUE] = 0; // NullValue.NULL_VALUE
  else if (Array.isArray(value)) a[LIST_VALUE] = [value.map(valueArray)];
  else if (typeof value === "string") a[STRING_VALUE] = value;
  else if (typeof value === "number") a[NUMBER_VALUE] = value;
  else if (typeof value === "boolean") a[BOOL_VALUE] = value;
  else if (typeof value === "object") a[STRUCT_VALUE] = [fieldPairs(value as Record<string, unknown>)];
  else throw new Error("Unexpected struct type.");
  return a;
}

/** A Struct's `fields` map in array form: [key, Value] pairs, in the original's (for…in) order. */
function fieldPairs(object: Record<string, unknown>): unknown[] {
  const pairs: unknown[] = [];
  for (const key in object) pairs.push([key, valueArray(object[key])]);
  return pairs;
}

/** Struct.fromJavaScript in one pass (the array-form constructor every generated message has). */
export function structFromJavaScript(object: Record<string, unknown>): Struct {
  return new (Struct as unknown as new (data: unknown[]) => Struct)([fieldPairs(object)]);
}

/** The library's own implementation, kept for the equivalence test. */
export const originalStructFromJavaScript: (object: { [key: string]: JsonValue }) => Struct = Struct.fromJavaScript;

/** Every caller in this process (the SDK included) gets the one-pass version. Idempotent. */
export function installFastStruct(): void {
  (Struct as unknown as { fromJavaScript: typeof structFromJavaScript }).fromJavaScript = structFromJavaScript;
}
