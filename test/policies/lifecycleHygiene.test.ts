// Lifecycle and hygiene rules: compliant, violating (incl. disguised), undefined props, config.
import { describe, expect, it } from "vitest";
import { POLICIES } from "../../policies/pack";
import { containersDropAllCapabilities } from "../../policies/rules/containers-drop-all-capabilities";
import { containersNoPrivilegeEscalation } from "../../policies/rules/containers-no-privilege-escalation";
import { containersNonRoot } from "../../policies/rules/containers-non-root";
import { containersResources } from "../../policies/rules/containers-resources";
import { environmentDueWithinMax } from "../../policies/rules/environment-due-within-max";
import { environmentNamespaceMetadata } from "../../policies/rules/environment-namespace-metadata";
import { environmentNotOverdue } from "../../policies/rules/environment-not-overdue";
import { podsNoHostAccess } from "../../policies/rules/pods-no-host-access";
import { servicesHaveProbes } from "../../policies/rules/services-have-probes";
import { workersHaveLivenessProbe } from "../../policies/rules/workers-have-liveness-probe";
import { todayFrom } from "../../policies/lib/policy";
import { container, deployment, envNamespace, kube, pool, RESOURCES, run, SAFE_SC, type Res } from "./helpers";

const TODAY = { today: "2026-11-21" };
const ns = (due: string, over = {}) => envNamespace("env-jane", "env-jane", over, due);
const app = (c: Record<string, any>, podSpec: Record<string, any> = {}, kind = "Deployment"): Res => {
  const d = deployment("env-jane", "app", "env-jane", { "releng.mozilla.org/stack-kind": "environment" }, [container(c)], podSpec);
  if (kind === "Deployment") return d;
  const spec = d.props.spec.template.spec;
  if (kind === "Pod") return kube("env-jane", "Pod", { metadata: d.props.metadata, spec });
  if (kind === "CronJob") return kube("env-jane", "CronJob", { apiVersion: "batch/v1", metadata: d.props.metadata, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec } } } } });
  return kube("env-jane", kind, { apiVersion: "batch/v1", metadata: d.props.metadata, spec: { template: { spec } } });
};

describe("lifecycle and hygiene policies with undefined props", () => {
  it("report nothing for objects with no props or empty ones", async () => {
    for (const p of POLICIES.filter((p) => p.family !== "trust")) {
      for (const kind of ["Namespace", "Deployment", "CronJob", "Pod"]) {
        const r = kube("scratch", kind, {});
        expect(await run(p, [{ ...r, props: undefined as unknown as Record<string, any> }]), p.name).toEqual([]);
        expect(await run(p, [{ ...r, props: {} }]), p.name).toEqual([]);
      }
    }
  });
});

describe("environment-namespace-metadata", () => {
  it("accepts a namespace with holder, purpose and due", async () => {
    expect(await run(environmentNamespaceMetadata, [ns("2026-12-01")])).toEqual([]);
  });

  it("flags missing holder and purpose, and due label and annotation that disagree", async () => {
    expect(await run(environmentNamespaceMetadata, [ns("2026-12-01", { labels: { "releng.mozilla.org/holder": undefined }, annotations: { "releng.mozilla.org/purpose": " " } })])).toEqual([
      expect.stringMatching(/label releng.mozilla.org\/holder is missing/),
      expect.stringMatching(/annotation releng.mozilla.org\/purpose is missing/),
    ]);
    expect(await run(environmentNamespaceMetadata, [ns("2026-12-01", { annotations: { "releng.mozilla.org/due": "2027-01-01" } })])).toEqual([expect.stringMatching(/differ/)]);
  });

  it("finds environment namespaces without the kind label (by name or stack) and rejects unreal dates", async () => {
    const unlabelled = kube("scratch", "Namespace", { metadata: { name: "env-bob", labels: { "releng.mozilla.org/due": "2026-02-30" } } });
    const r = await run(environmentNamespaceMetadata, [unlabelled]);
    expect(r).toEqual(expect.arrayContaining([expect.stringMatching(/holder-email must be/), expect.stringMatching(/label releng.mozilla.org\/due must be a date/)]));
    expect(await run(environmentNamespaceMetadata, [kube("scratch", "Namespace", { metadata: { name: "kube-system" } })])).toEqual([]);
  });
});

describe("environment-due-within-max", () => {
  it("accepts a due date up to maxDueDays ahead", async () => {
    expect(await run(environmentDueWithinMax, [ns("2026-12-21")], TODAY)).toEqual([]);
  });

  it("flags a due date past the maximum, read from the label when the annotation is missing", async () => {
    expect(await run(environmentDueWithinMax, [ns("2026-12-22")], TODAY)).toEqual([expect.stringMatching(/more than 30 days after 2026-11-21 \(latest allowed: 2026-12-21\)/)]);
    expect(await run(environmentDueWithinMax, [ns("2027-06-01", { annotations: { "releng.mozilla.org/due": undefined } })], TODAY)).toHaveLength(1);
  });

  it("takes maxDueDays and today from config", async () => {
    expect(await run(environmentDueWithinMax, [ns("2027-01-15")], { ...TODAY, maxDueDays: 60 })).toEqual([]);
    expect(await run(environmentDueWithinMax, [ns("2026-12-21")], { today: "2026-11-01" })).toHaveLength(1);
  });
});

describe("environment-not-overdue", () => {
  it("accepts today and later", async () => {
    expect(await run(environmentNotOverdue, [ns("2026-11-21")], TODAY)).toEqual([]);
  });

  it("flags a past due date, also in a namespace without the kind label", async () => {
    expect(await run(environmentNotOverdue, [ns("2026-11-20")], TODAY)).toEqual([expect.stringMatching(/due 2026-11-20 has passed/)]);
    expect(await run(environmentNotOverdue, [kube("scratch", "Namespace", { metadata: { name: "env-bob", annotations: { "releng.mozilla.org/due": "2020-01-01" } } })], TODAY)).toHaveLength(1);
  });

  it("judges as of the configured day, or the current UTC day when none is set", async () => {
    expect(await run(environmentNotOverdue, [ns("2026-11-20")], { today: "2026-11-01" })).toEqual([]);
    expect(todayFrom("", new Date("2031-05-06T23:59:00Z"))).toBe("2031-05-06");
    expect(await run(environmentNotOverdue, [ns("2000-01-01")])).toHaveLength(1);
  });
});

describe("containers-resources", () => {
  it("accepts requests and limits on every container", async () => {
    expect(await run(containersResources, [app({})])).toEqual([]);
  });

  it("flags missing limits or requests, in init containers and CronJobs too", async () => {
    expect(await run(containersResources, [app({ resources: { requests: RESOURCES.requests } })])).toEqual([expect.stringMatching(/limits.cpu, limits.memory/)]);
    expect(await run(containersResources, [app({ resources: undefined }, {}, "CronJob")])).toEqual([expect.stringMatching(/requests.cpu, requests.memory, limits.cpu, limits.memory/)]);
    expect(await run(containersResources, [app({}, { initContainers: [{ name: "init", image: "x", resources: { limits: RESOURCES.limits } }] })])).toEqual([expect.stringMatching(/initContainers\[0\] \(init\): missing resources requests/)]);
  });
});

describe("containers-non-root", () => {
  it("accepts runAsNonRoot from the pod or the container", async () => {
    expect(await run(containersNonRoot, [app({})])).toEqual([]);
    expect(await run(containersNonRoot, [app({ securityContext: { ...SAFE_SC, runAsNonRoot: true } }, { securityContext: {} })])).toEqual([]);
  });

  it("flags a container overriding the pod with root, and a pod without runAsNonRoot", async () => {
    expect(await run(containersNonRoot, [app({ securityContext: { ...SAFE_SC, runAsUser: 0 } })])).toEqual([expect.stringMatching(/runAsUser is 0/)]);
    expect(await run(containersNonRoot, [app({}, { securityContext: { runAsUser: 1000 } }, "Job")])).toEqual([expect.stringMatching(/runAsNonRoot is not true/)]);
  });
});

describe("containers-no-privilege-escalation", () => {
  it("accepts allowPrivilegeEscalation: false", async () => {
    expect(await run(containersNoPrivilegeEscalation, [app({})])).toEqual([]);
  });

  it("flags it unset or true, and privileged containers", async () => {
    expect(await run(containersNoPrivilegeEscalation, [app({ securityContext: { capabilities: { drop: ["ALL"] } } })])).toEqual([expect.stringMatching(/allowPrivilegeEscalation is not false/)]);
    expect(await run(containersNoPrivilegeEscalation, [app({ securityContext: { ...SAFE_SC, privileged: true } }, {}, "Pod")])).toEqual([expect.stringMatching(/runs privileged/)]);
  });
});

describe("containers-drop-all-capabilities", () => {
  it("accepts drop ALL (any case) and adding back only NET_BIND_SERVICE", async () => {
    expect(await run(containersDropAllCapabilities, [app({ securityContext: { ...SAFE_SC, capabilities: { drop: ["all"], add: ["NET_BIND_SERVICE"] } } })])).toEqual([]);
  });

  it("flags a partial drop list and added capabilities", async () => {
    expect(await run(containersDropAllCapabilities, [app({ securityContext: { ...SAFE_SC, capabilities: { drop: ["NET_RAW"] } } })])).toEqual([expect.stringMatching(/does not include ALL/)]);
    expect(await run(containersDropAllCapabilities, [app({ securityContext: { ...SAFE_SC, capabilities: { drop: ["ALL"], add: ["CAP_SYS_ADMIN"] } } })])).toEqual([expect.stringMatching(/adds capabilities SYS_ADMIN/)]);
  });
});

describe("pods-no-host-access", () => {
  it("accepts pods without host namespaces, paths or ports", async () => {
    expect(await run(podsNoHostAccess, [app({}, { volumes: [{ name: "tmp", emptyDir: {} }], hostNetwork: false })])).toEqual([]);
  });

  it("flags hostPID, hostIPC, hostPath volumes and host ports", async () => {
    expect(await run(podsNoHostAccess, [app({}, { hostPID: true, hostIPC: true })])).toEqual([expect.stringMatching(/hostPID/), expect.stringMatching(/hostIPC/)]);
    expect(await run(podsNoHostAccess, [app({ ports: [{ containerPort: 80, hostPort: 80 }] }, { volumes: [{ name: "root", hostPath: { path: "/" } }] })])).toEqual([expect.stringMatching(/hostPath \(\/\)/), expect.stringMatching(/hostPort 80/)]);
  });
});

describe("services-have-probes", () => {
  it("accepts probed services, and skips Jobs and scriptworker pools", async () => {
    expect(await run(servicesHaveProbes, [app({})])).toEqual([]);
    expect(await run(servicesHaveProbes, [app({ readinessProbe: undefined, livenessProbe: undefined }, {}, "Job")])).toEqual([]);
    expect(await run(servicesHaveProbes, pool({ level: "dep" }))).toEqual([]);
  });

  it("leaves containers that serve no port (polling workers) to the advisory worker rule", async () => {
    const agent = app({ ports: undefined, readinessProbe: undefined, livenessProbe: undefined });
    expect(await run(servicesHaveProbes, [agent])).toEqual([]);
    expect(await run(workersHaveLivenessProbe, [agent])).toEqual([expect.stringMatching(/no livenessProbe/)]);
    expect(await run(workersHaveLivenessProbe, [app({ ports: undefined })])).toEqual([]);
  });

  it("flags a missing readiness or liveness probe", async () => {
    expect(await run(servicesHaveProbes, [app({ readinessProbe: undefined })])).toEqual([expect.stringMatching(/no readinessProbe/)]);
    expect(await run(servicesHaveProbes, [app({ readinessProbe: undefined, livenessProbe: undefined })])).toEqual([expect.stringMatching(/no readinessProbe or livenessProbe/)]);
  });
});

describe("workers-have-liveness-probe (advisory)", () => {
  it("is advisory, accepts pools with an exec check and ignores services", async () => {
    expect(workersHaveLivenessProbe.enforcementLevel).toBe("advisory");
    expect(await run(workersHaveLivenessProbe, pool({ level: "dev" }))).toEqual([]);
    expect(await run(workersHaveLivenessProbe, [app({ livenessProbe: undefined })])).toEqual([]);
  });

  it("flags pool containers without a liveness probe, found by ENV alone", async () => {
    const w = deployment("scratch", "w", "x", {}, [container({ livenessProbe: undefined, env: [{ name: "ENV", value: "dev" }, { name: "COT_PRODUCT", value: "firefox" }] })]);
    expect(await run(workersHaveLivenessProbe, [w])).toEqual([expect.stringMatching(/no livenessProbe/)]);
  });
});
