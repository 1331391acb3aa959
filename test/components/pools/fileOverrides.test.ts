import { Deployment as DeploymentModel } from "kubernetes-models/apps/v1/Deployment";
import { describe, expect, it } from "vitest";
import { configHashAnnotation, fileOverrideMounts, fileOverridesOf, type FileOverride } from "../../../components/pools/fileOverrides";
import type { PodSpec } from "../../../components/k8s/types";

const passwords: FileOverride = { path: "/app/docker.d/passwords.yml", from: { configMap: "pool-signing-config" }, key: "passwords.yml" };
const init: FileOverride = { path: "/app/docker.d/init_worker.sh", from: { configMap: "pool-signing-config" }, key: "init_worker.sh", mode: 0o555 };
const creds: FileOverride = { path: "/app/configs/creds.json", from: { secret: "pool-secrets" }, key: "creds.json" };

describe("fileOverrideMounts", () => {
  it("mounts each entry read-only with subPath at exactly the path the image reads", () => {
    const { volumes, volumeMounts } = fileOverrideMounts([passwords, init, creds]);
    expect(volumeMounts).toEqual([
      { name: "override-passwords-yml", mountPath: "/app/docker.d/passwords.yml", subPath: "passwords.yml", readOnly: true },
      { name: "override-init-worker-sh", mountPath: "/app/docker.d/init_worker.sh", subPath: "init_worker.sh", readOnly: true },
      { name: "override-creds-json", mountPath: "/app/configs/creds.json", subPath: "creds.json", readOnly: true },
    ]);
    expect(volumes).toEqual([
      { name: "override-passwords-yml", configMap: { name: "pool-signing-config", items: [{ key: "passwords.yml", path: "passwords.yml", mode: 0o444 }] } },
      { name: "override-init-worker-sh", configMap: { name: "pool-signing-config", items: [{ key: "init_worker.sh", path: "init_worker.sh", mode: 0o555 }] } },
      { name: "override-creds-json", secret: { secretName: "pool-secrets", items: [{ key: "creds.json", path: "creds.json", mode: 0o444 }] } },
    ]);
  });

  it("gives files with the same name distinct volume names", () => {
    const a = { ...passwords, path: "/a/passwords.yml" };
    const b = { ...passwords, path: "/b/passwords.yml" };
    expect(fileOverrideMounts([a, b]).volumes.map((v) => v.name)).toEqual(["override-passwords-yml", "override-passwords-yml-2"]);
  });

  it("refuses a relative path, a directory and a path replaced twice", () => {
    expect(() => fileOverrideMounts([{ ...passwords, path: "app/docker.d/passwords.yml" }])).toThrow(/absolute/);
    expect(() => fileOverrideMounts([{ ...passwords, path: "/app/docker.d/" }])).toThrow(/absolute file path/);
    expect(() => fileOverrideMounts([passwords, { ...passwords, key: "other" }])).toThrow(/twice/);
  });

  it("yields a pod the Kubernetes schema accepts, and fileOverridesOf reads the overrides back", () => {
    const { volumes, volumeMounts } = fileOverrideMounts([passwords, init, creds]);
    const spec: PodSpec = { volumes, containers: [{ name: "signingscript", image: "mozilla/releng-signingscript:production", volumeMounts }] };
    new DeploymentModel({ metadata: { name: "x" }, spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec } } }).validate();
    const back = fileOverridesOf(spec, "signingscript");
    expect([...back.values()]).toEqual([{ ...passwords, mode: 0o444 }, init, { ...creds, mode: 0o444 }]);
    expect(fileOverridesOf(spec, "other").size).toBe(0);
  });

  it("hashes contents so a changed file changes the pod template", () => {
    const a = configHashAnnotation({ "x/passwords.yml": "{}" });
    expect(a["releng.mozilla.org/config-sha256"]).toMatch(/^[a-f0-9]{64}$/);
    expect(configHashAnnotation({ "x/passwords.yml": "{} " })).not.toEqual(a);
    expect(configHashAnnotation({ "x/a": "1", "x/b": "2" })).toEqual(configHashAnnotation({ "x/b": "2", "x/a": "1" }));
    expect(configHashAnnotation({ "x/a": "1", "x/b": "2" })).not.toEqual(configHashAnnotation({ "x/a": "12", "x/b": "" }));
  });
});
