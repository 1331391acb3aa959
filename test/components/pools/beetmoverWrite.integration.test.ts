// beetmover writes to the environment's store (issue #15, point 5), end to end on 127.0.0.1:
// - the env pool's generated worker.yml, rendered with json-e as configloader does, is a valid
//   beetmoverscript config (its real config_schema.json at the commit in test/upstream.json);
// - boto3 in python3, with only the generated ~/.aws/config to go on (scriptworker runs under `env -`),
//   makes the presigned PUT exactly as beetmoverscript's upload_to_s3 does, into a real S3 server
//   (s3rver, from npm) standing in for the archive's SeaweedFS store;
// - the archive front (generated nginx.conf, real nginx) serves the upload from the store and sends
//   a miss to production, as it does today.
// Skipped, with the reason in the name, without python3 + boto3 (.ci/run installs python3-boto3),
// nginx, or the upstream schema.
import { handoffInputOf } from "../../../program/placement";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import jsone from "json-e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARCHIVE } from "../../../catalog/archive";
import { beetmoverAwsConfig, envPoolFiles, resolveEnvPool, type EnvPoolArgs } from "../../../components/pools/envPools";
import { SCRIPTWORKER_PATHS } from "../../../catalog/envPools";
import { stagingRelease } from "../../../components/services/handoff/stagingRelease";
import { parseStackConfig, type EnvironmentStack } from "../../../stacks/load";
import { NGINX, NginxFront, request } from "../../archiveFront";
import { envRaw, TODAY } from "../../helpers";
import { findExecutable, freePort } from "../../servers";
import { upstreamSource } from "../../upstream";

/** The first python3 (PATH order, then the system's) that imports boto3, and its botocore version. */
const [PYTHON, botocore] = (() => {
  const candidates = [...(process.env.PATH ?? "").split(":").map((d) => path.join(d, "python3")), findExecutable(["python3"])].filter((p): p is string => !!p && fs.existsSync(p));
  for (const python of [...new Set(candidates)]) {
    try {
      return [python, execFileSync(python, ["-c", "import boto3, botocore; print(botocore.__version__)"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()];
    } catch {
      /* next */
    }
  }
  return [candidates[0], undefined];
})();
const SCHEMA = upstreamSource("scriptworker");
const skip = !PYTHON
  ? "python3 is not installed"
  : !botocore
    ? "boto3 is not installed (apt-get install python3-boto3; .ci/run does)"
    : Number(botocore.split(".")[1]) < 31 && botocore.startsWith("1.")
      ? `botocore ${botocore} predates per-service endpoints in ~/.aws/config (1.31)`
      : !NGINX
        ? "nginx is not installed"
        : "skip" in SCHEMA
          ? SCHEMA.skip
          : undefined;
const SUITE = `beetmover writes to the environment's store${skip ? ` — SKIPPED: ${skip}` : ""}`;
if (skip) console.warn(`[beetmover] ${SUITE}`);

// s3rver ships no types; its credentials are fixed (lib/models/account.js: S3RVER / S3RVER).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (o: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> };
const STORE_KEYS = { id: "S3RVER", key: "S3RVER" };

const run = promisify(execFile);
const KEY = "pub/firefox/candidates/150.0b3-candidates/build1/linux-x86_64/en-US/firefox-150.0b3.tar.xz";

/** beetmoverscript's upload_to_s3 (script.py): boto3 client from the config's credentials, presigned PUT, then the PUT. */
const UPLOAD = `
import json, sys, urllib.request
import boto3
cfg, key, body = json.load(open(sys.argv[1])), sys.argv[2], open(sys.argv[3], "rb").read()
aws = cfg["clouds"]["aws"]["dep"]
assert aws["enabled"] is True and cfg["clouds"]["gcloud"]["dep"]["enabled"] is False
s3 = boto3.client("s3", aws_access_key_id=aws["credentials"]["id"], aws_secret_access_key=aws["credentials"]["key"])
kwargs = {"Bucket": aws["product_buckets"]["firefox"], "Key": key, "ContentType": "application/x-xz"}
url = s3.generate_presigned_url("put_object", kwargs, ExpiresIn=1800, HttpMethod="PUT")
req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "application/x-xz", "Cache-Control": "public, max-age=3600"})
print(json.dumps({"url": url.split("?")[0], "status": urllib.request.urlopen(req).status}))
`;

function envConfig(): EnvironmentStack {
  return parseStackConfig(envRaw({ services: { balrog: {}, archive: {} }, pools: ["beetmover"], ingress: { domain: "envs.example.org" } }), { today: TODAY }) as EnvironmentStack;
}

describe.skipIf(!!skip)(SUITE, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "beetmover-write-"));
  let store: InstanceType<typeof S3rver>;
  let storePort = 0;
  let front: NginxFront;
  const config = envConfig();
  const handoff = stagingRelease(handoffInputOf(config), "envs.example.org");
  const args: EnvPoolArgs = { script: "beetmover", environment: config.name, namespace: `env-${config.name}`, envLabels: {}, handoff, secretNames: [], asleep: false };
  const files = Object.fromEntries(envPoolFiles(args, resolveEnvPool(args).names.workerType).map((f) => [f.path, f.content]));

  beforeAll(async () => {
    storePort = await freePort();
    store = new S3rver({ port: storePort, address: "127.0.0.1", silent: true, directory: path.join(work, "s3"), configureBuckets: [{ name: ARCHIVE.bucket }] });
    await store.run();
    front = await new NginxFront({
      store: `127.0.0.1:${storePort}`,
      bucket: ARCHIVE.bucket,
      fallback: "redirect",
      productionBaseUrl: "https://archive.mozilla.org",
      productionUpstream: "127.0.0.1:9",
      productionHost: "archive.mozilla.org",
    }).start();
  });
  afterAll(async () => {
    await front?.stop();
    await store?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("renders a beetmoverscript config that its own schema accepts: dep to S3 only, the environment's bucket and public prefix", () => {
    const template = JSON.parse(files[SCRIPTWORKER_PATHS.workerTemplate]);
    const rendered = jsone(template, { WORK_DIR: "/app/workdir", ARTIFACTS_DIR: "/app/artifacts", VERBOSE: "true", DEP_ID: "id", DEP_KEY: "key" }) as Record<string, any>;
    const schema = JSON.parse(fs.readFileSync(path.join((SCHEMA as { dir: string }).dir, "beetmoverscript/src/beetmoverscript/data/config_schema.json"), "utf8"));
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(rendered), JSON.stringify(validate.errors)).toBe(true);
    expect(rendered.url_prefix).toEqual({ dep: "https://archive.jane-fx150.envs.example.org" });
    expect(rendered.clouds.aws.dep).toMatchObject({ enabled: true, credentials: { id: "id", key: "key" } });
    expect(Object.values(rendered.clouds.aws.dep.product_buckets)).toEqual(["archive", "archive", "archive", "archive"]);
    expect(rendered.clouds.gcloud.dep.enabled).toBe(false);
  });

  it("uploads through boto3 with only the generated ~/.aws/config, into the store, and the front serves it", async () => {
    // The pod's ~/.aws/config names the in-cluster store; here the same generator names the local one.
    expect(files[SCRIPTWORKER_PATHS.awsConfig]).toBe(beetmoverAwsConfig(`http://archive-store.env-jane-fx150.svc.cluster.local`));
    const home = path.join(work, "home");
    fs.mkdirSync(path.join(home, ".aws"), { recursive: true });
    fs.writeFileSync(path.join(home, ".aws", "config"), beetmoverAwsConfig(`http://127.0.0.1:${storePort}`));
    const template = JSON.parse(files[SCRIPTWORKER_PATHS.workerTemplate]);
    fs.writeFileSync(path.join(work, "worker.json"), JSON.stringify(jsone(template, { WORK_DIR: "/w", ARTIFACTS_DIR: "/a", VERBOSE: "true", DEP_ID: STORE_KEYS.id, DEP_KEY: STORE_KEYS.key })));
    const body = Buffer.from(`firefox 150.0b3 ${Date.now()}`);
    fs.writeFileSync(path.join(work, "artifact"), body);
    // Like scriptworker under `env -`: no AWS_* variables, only what the file says.
    // Asynchronously: the S3 server runs in this process and must answer while python waits.
    const { stdout: out } = await run(PYTHON!, ["-c", UPLOAD, path.join(work, "worker.json"), KEY, path.join(work, "artifact")], { encoding: "utf8", env: { HOME: home, PATH: process.env.PATH ?? "/usr/bin" } });
    const result = JSON.parse(out.trim().split("\n").at(-1)!);
    expect(result).toEqual({ url: `http://127.0.0.1:${storePort}/archive/${KEY}`, status: 200 });

    const served = await request(front, "GET", `/${KEY}`);
    expect(served.status).toBe(200);
    expect(served.headers[ARCHIVE.sourceHeader.toLowerCase()]).toBe("env");
    expect(served.body.toString()).toBe(body.toString());
  });

  it("still sends a read the store misses to production through the front", async () => {
    const missing = await request(front, "GET", "/pub/firefox/releases/149.0/linux-x86_64/en-US/firefox-149.0.tar.xz");
    expect(missing.status).toBe(302);
    expect(missing.headers.location).toBe("https://archive.mozilla.org/pub/firefox/releases/149.0/linux-x86_64/en-US/firefox-149.0.tar.xz");
    expect(missing.headers[ARCHIVE.sourceHeader.toLowerCase()]).toBe("production");
  });

  it("refuses an upload signed with other keys (writes stay authenticated)", async () => {
    const template = JSON.parse(files[SCRIPTWORKER_PATHS.workerTemplate]);
    fs.writeFileSync(path.join(work, "wrong.json"), JSON.stringify(jsone(template, { WORK_DIR: "/w", ARTIFACTS_DIR: "/a", VERBOSE: "true", DEP_ID: "S3RVER", DEP_KEY: "not-the-key" })));
    await expect(run(PYTHON!, ["-c", UPLOAD, path.join(work, "wrong.json"), KEY, path.join(work, "artifact")], { encoding: "utf8", env: { HOME: path.join(work, "home"), PATH: process.env.PATH ?? "/usr/bin" } })).rejects.toThrow(
      /403|Forbidden|SignatureDoesNotMatch/,
    );
  });
});
