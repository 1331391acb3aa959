// The pack's reading of Kubernetes objects and of its own config on shapes a hand edit or a partial
// object produces: labels that are not a map, values left unset, workloads without a template, a
// configured day that is not a date. Each must read as "nothing there", never as something else.
import { describe, expect, it } from "vitest";
import { metaOf, podLabelsOf, podSpecOf } from "../../policies/lib/k8s";
import { configOf, todayFrom } from "../../policies/lib/policy";

describe("reading partial Kubernetes objects", () => {
  it("reads labels and annotations that are not a map as none, and unset values as absent", () => {
    expect(metaOf({ metadata: { name: "n", labels: "app=x", annotations: null } })).toEqual({ name: "n", namespace: "", labels: {}, annotations: {} });
    const meta = metaOf({ metadata: { labels: { a: "1", gone: undefined, none: null, n: 2 } } });
    expect(meta.labels).toStrictEqual({ a: "1", n: "2" });
  });

  it("finds no pod spec, and only the object's labels, in workloads whose template is missing at any depth", () => {
    for (const props of [{}, { spec: {} }, { spec: { jobTemplate: {} } }, { spec: { jobTemplate: { spec: {} } } }, { spec: { jobTemplate: { spec: { template: {} } } } }]) {
      expect(podSpecOf("CronJob", props), JSON.stringify(props)).toBeUndefined();
      expect(podLabelsOf("CronJob", { ...props, metadata: { labels: { a: "1" } } }), JSON.stringify(props)).toEqual({ a: "1" });
    }
    for (const props of [{}, { spec: {} }, { spec: { template: {} } }]) {
      expect(podSpecOf("Deployment", props), JSON.stringify(props)).toBeUndefined();
      expect(podLabelsOf("Job", { ...props, metadata: { labels: { a: "1" } } })).toEqual({ a: "1" });
    }
    // A CronJob's pods carry its job template's labels, not a Deployment-style template's.
    const cron = { metadata: { labels: { a: "1" } }, spec: { template: { metadata: { labels: { wrong: "1" } } }, jobTemplate: { spec: { template: { metadata: { labels: { b: "2" } } } } } } };
    expect(podLabelsOf("CronJob", cron)).toEqual({ a: "1", b: "2" });
    expect(podLabelsOf("Pod", { metadata: { labels: { a: "1" } }, spec: { template: { metadata: { labels: { wrong: "1" } } } } })).toEqual({ a: "1" });
  });
});

describe("a policy's own config", () => {
  it("keeps a default when the engine passes the key unset", () => {
    const given = (c: unknown) => ({ getConfig: () => c }) as never;
    expect(configOf({ hosts: ["a"], days: 30 }, given({ hosts: undefined, days: null }))).toStrictEqual({ hosts: ["a"], days: 30 });
  });

  it("takes a configured day only when it is exactly a date", () => {
    const now = new Date("2026-12-02T03:00:00Z");
    expect(todayFrom("2026-11-30", now)).toBe("2026-11-30");
    for (const configured of ["", undefined, "garbage", "2026-11-30x", "x2026-11-30", "2026-11-3"]) expect(todayFrom(configured, now), String(configured)).toBe("2026-12-02");
  });
});
