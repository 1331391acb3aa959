import { describe, expect, it } from "vitest";
import type { PodSpec } from "../../../components/k8s/types";
import { mirrorImage, placeWorkload } from "../../../components/platform/images";
import { podSchedulingFor } from "../../../components/platform/scheduling";

const MIRROR = "us-central1-docker.pkg.dev/p/dockerhub";

describe("pulling through the registry mirror", () => {
  it.each([
    ["mozilla/balrog:v3.50", `${MIRROR}/mozilla/balrog:v3.50`],
    ["mysql:8", `${MIRROR}/library/mysql:8`],
    ["docker.io/library/postgres:15", `${MIRROR}/library/postgres:15`],
    ["index.docker.io/ubuntu/squid:5.2-22.04_beta", `${MIRROR}/ubuntu/squid:5.2-22.04_beta`],
    ["mozilla/releng-signing@sha256:" + "a".repeat(64), `${MIRROR}/mozilla/releng-signing@sha256:${"a".repeat(64)}`],
    ["gcr.io/distroless/static:nonroot", "gcr.io/distroless/static:nonroot"],
    ["localhost:5000/x:y", "localhost:5000/x:y"],
    ["ghcr.io/owner/repo:1", "ghcr.io/owner/repo:1"],
  ])("%s → %s", (image, expected) => {
    expect(mirrorImage(image, MIRROR)).toBe(expected);
  });

  it("rewrites containers and init containers of a CronJob and places its pods, keeping existing tolerations", () => {
    const cron = {
      kind: "CronJob",
      spec: {
        schedule: "* * * * *",
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [{ name: "a", image: "mysql:8" }],
                initContainers: [{ name: "b", image: "mozilla/balrog:v3" }],
                tolerations: [{ key: "x", operator: "Exists" as const }],
              },
            },
          },
        },
      },
    };
    const placed = placeWorkload(cron, { mirror: MIRROR, ...podSchedulingFor("environments") });
    const pod: PodSpec = placed.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].image).toBe(`${MIRROR}/library/mysql:8`);
    expect(pod.initContainers![0].image).toBe(`${MIRROR}/mozilla/balrog:v3`);
    expect(pod.nodeSelector).toEqual({ "releng.mozilla.org/workload": "environments" });
    expect(pod.tolerations).toHaveLength(2);
    // The input is untouched.
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].image).toBe("mysql:8");
  });
});
