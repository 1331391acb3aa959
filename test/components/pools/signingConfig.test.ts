// The generated signing config is what the stock image reads: rendered with json-e against the pod's
// environment (as configloader does) and sourced by bash (as docker.d/init.sh does).
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import jsone from "json-e";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { AUTOGRAPH_HOSTS } from "../../../catalog/trust";
import { SIGNING_IMAGE_FILES } from "../../../catalog/signing";
import { poolDeploymentObject, poolObjects } from "../../../components/pools/builders";
import { resolvePool, type ResolvedPool } from "../../../components/pools/resolve";
import { fileOverridesOf } from "../../../components/pools/fileOverrides";
import { initWorkerScript, passwordsTemplate } from "../../../components/pools/signingConfig";
import { poolSchema } from "../../../stacks/schema/pools";

const UPSTREAM = "/work/.mirror/mozilla-releng+scriptworker-scripts/repo";

function pool(level: "prod" | "dep" | "dev", raw: unknown): ResolvedPool {
  return resolvePool(level, poolSchema.parse(raw));
}

const depFirefox = pool("dep", {
  script: "signing",
  product: "firefox",
  autograph: [
    { server: "prod", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" },
    { server: "prod", formats: ["gcp_prod_autograph_hash_only_mar384"], keyId: "firefox_dep1", credentialsEnv: "AUTOGRAPH_MAR" },
  ],
});
const devMobile = pool("dev", {
  script: "signing",
  product: "mobile",
  autograph: [
    { server: "prod", formats: ["gcp_prod_autograph_apk"], credentialsEnv: "AUTOGRAPH_REFERENCE_BROWSER" },
    { server: "stage", formats: ["stage_autograph_apk"], keyId: "dummyapp_android", credentialsEnv: "AUTOGRAPH_STAGE_REFERENCE_BROWSER" },
  ],
});
const prodMobile = pool("prod", {
  script: "signing",
  product: "mobile",
  autograph: [{ server: "prod", certScope: "release-signing", formats: ["gcp_prod_autograph_apk"], credentialsEnv: "AUTOGRAPH_REFERENCE_BROWSER" }],
});

/** The pod's environment: plain env vars plus every secret env var (dummy values, as the Secret would give). */
function podEnv(p: ResolvedPool): Record<string, string> {
  const c = poolDeploymentObject(p).spec!.template.spec!.containers[0];
  return Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? `value-of-${e.name}`]));
}

describe("passwords.yml (generated)", () => {
  it("renders with json-e against the pod's environment into signingscript's passwords.json shape", () => {
    const rendered = jsone(parseYaml(passwordsTemplate(depFirefox)), podEnv(depFirefox));
    expect(rendered).toEqual({
      "project:releng:signing:cert:dep-signing": [
        [`https://${AUTOGRAPH_HOSTS.prod}`, "value-of-AUTOGRAPH_GPG_USERNAME", "value-of-AUTOGRAPH_GPG_PASSWORD", ["gcp_prod_autograph_gpg"]],
        [`https://${AUTOGRAPH_HOSTS.prod}`, "value-of-AUTOGRAPH_MAR_USERNAME", "value-of-AUTOGRAPH_MAR_PASSWORD", ["gcp_prod_autograph_hash_only_mar384"], "firefox_dep1"],
      ],
    });
  });

  it("a dep pool's config and environment hold no Autograph stage host and no stage credential", () => {
    const text = passwordsTemplate(depFirefox) + initWorkerScript(depFirefox);
    expect(text).not.toMatch(/stage/i);
    expect(Object.keys(podEnv(depFirefox)).filter((n) => /STAGE/.test(n))).toEqual([]);
  });

  it("lists Autograph stage for a dev pool that declares it, and nothing the pool does not declare", () => {
    const rendered = jsone(parseYaml(passwordsTemplate(devMobile)), podEnv(devMobile)) as Record<string, unknown[][]>;
    expect(Object.keys(rendered)).toEqual(["project:mobile:reference-browser:releng:signing:cert:dep-signing"]);
    expect(Object.values(rendered)[0].map((r) => [r[0], r[3]])).toEqual([
      [`https://${AUTOGRAPH_HOSTS.prod}`, ["gcp_prod_autograph_apk"]],
      [`https://${AUTOGRAPH_HOSTS.stage}`, ["stage_autograph_apk"]],
    ]);
  });

  it("groups a prod pool's entries by their one cert scope each", () => {
    const p = pool("prod", {
      script: "signing",
      product: "firefox",
      autograph: [
        { server: "prod", certScope: "release-signing", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" },
        { server: "prod", certScope: "nightly-signing", formats: ["gcp_prod_autograph_gpg"], credentialsEnv: "AUTOGRAPH_GPG" },
      ],
    });
    expect(Object.keys(JSON.parse(passwordsTemplate(p)))).toEqual(["project:releng:signing:cert:nightly-signing", "project:releng:signing:cert:release-signing"]);
  });
});

describe("the pool mounts both files over the image's own", () => {
  it("at the paths the image reads, from the ConfigMap it declares", () => {
    const objects = poolObjects(depFirefox);
    const spec = objects.deployment.spec!.template.spec!;
    const overrides = fileOverridesOf(spec, "signingscript");
    expect([...overrides.keys()].sort()).toEqual([SIGNING_IMAGE_FILES.initWorker, SIGNING_IMAGE_FILES.passwordsTemplate].sort());
    const [cm] = objects.configMaps;
    for (const o of overrides.values()) {
      expect(o.from).toEqual({ configMap: cm.metadata!.name });
      expect(cm.data![o.key]).toBeTruthy();
    }
    expect(cm.data!["passwords.yml"]).toBe(passwordsTemplate(depFirefox));
    expect(objects.deployment.spec!.template.metadata!.annotations!["releng.mozilla.org/config-sha256"]).toMatch(/^[a-f0-9]{64}$/);
  });

  it("non-signing pools replace nothing", () => {
    const tree = pool("dep", { script: "tree", product: "firefox" });
    expect(poolObjects(tree).configMaps).toEqual([]);
    expect(poolObjects(tree).deployment.spec!.template.spec!.volumes).toBeUndefined();
  });
});

/** Sources `init_worker.sh` the way docker.d/init.sh does, with a configloader that renders json-e against the environment. */
function startUp(script: string, env: Record<string, string>): { status: number | null; out: string; rendered: Record<string, unknown> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signing-init-"));
  const app = path.join(dir, "app");
  const templates = path.join(app, "docker.d");
  const configs = path.join(app, "configs");
  fs.mkdirSync(templates, { recursive: true });
  fs.mkdirSync(configs);
  fs.writeFileSync(path.join(templates, "init_worker.sh"), script, { mode: 0o555 });
  fs.writeFileSync(path.join(templates, "passwords.yml"), env.__PASSWORDS ?? "{}");
  fs.writeFileSync(path.join(templates, "apple_notarization_creds.yml"), "{}");
  fs.writeFileSync(path.join(templates, "mar-channels.yml"), "{}");
  const loader = path.join(dir, "configloader");
  const renderer = path.join(dir, "render.cjs");
  fs.writeFileSync(
    renderer,
    `const fs=require("fs");const jsone=require(${JSON.stringify(require.resolve("json-e"))});const yaml=require(${JSON.stringify(require.resolve("yaml"))});` +
      `fs.writeFileSync(process.argv[3], JSON.stringify(jsone(yaml.parse(fs.readFileSync(process.argv[2],"utf8")), process.env)));`,
  );
  fs.writeFileSync(loader, `#!/bin/bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(renderer)} "$@"\n`, { mode: 0o755 });
  const { __PASSWORDS: _, ...podEnvironment } = env;
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", `source ${templates}/init_worker.sh`], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...podEnvironment, APP_DIR: app, CONFIG_DIR: configs, CONFIG_LOADER: loader, TEMPLATE_DIR: templates },
    encoding: "utf8",
  });
  const out = path.join(configs, "passwords.json");
  const rendered = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, "utf8")) : {};
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, out: r.stdout + r.stderr, rendered };
}

// Each start-up runs configloader (a Node process) three times: slow on a loaded machine.
describe("init_worker.sh (generated) starts the stock image's sequence", { timeout: 120_000 }, () => {
  it("a dep firefox pod with no stage credential starts and renders its passwords.json", () => {
    const r = startUp(initWorkerScript(depFirefox), { ...podEnv(depFirefox), WIDEVINE_CERT: Buffer.from("cert").toString("base64"), __PASSWORDS: passwordsTemplate(depFirefox) });
    expect(r.out).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(Object.keys(r.rendered)).toEqual(["project:releng:signing:cert:dep-signing"]);
    expect(JSON.stringify(r.rendered)).not.toContain(AUTOGRAPH_HOSTS.stage);
  });

  it("refuses to start without a credential passwords.yml references", () => {
    const env = podEnv(depFirefox);
    delete env.AUTOGRAPH_MAR_PASSWORD;
    const r = startUp(initWorkerScript(depFirefox), { ...env, __PASSWORDS: passwordsTemplate(depFirefox) });
    expect(r.status).toBe(1);
    expect(r.out).toContain("error: AUTOGRAPH_MAR_PASSWORD is not set");
  });

  it("a prod mobile pod starts without the stage credential the stock script demands at prod", () => {
    const r = startUp(initWorkerScript(prodMobile), { ...podEnv(prodMobile), __PASSWORDS: passwordsTemplate(prodMobile) });
    expect(r.status).toBe(0);
    expect(initWorkerScript(prodMobile)).toContain("gpg_pubkey_prod.asc");
    expect(initWorkerScript(depFirefox)).not.toContain("_prod");
  });

  it.skipIf(!fs.existsSync(UPSTREAM))("the stock init_worker.sh (upstream, read from the fetched mirror) refuses the same dep pod: why the override exists", () => {
    const stock = execFileSync("git", ["--git-dir", UPSTREAM, "show", "HEAD:signingscript/docker.d/init_worker.sh"], { encoding: "utf8" });
    const r = startUp(stock, { ...podEnv(depFirefox), ENV: "fake-prod", WIDEVINE_CERT: "Y2VydA==" });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/AUTHENTICODE_SHA2_PASSWORD is not set|AUTOGRAPH_STAGE_\w+ is not set/);
  });
});
