// The readers behind `npm run upstream`: Dockerfile layout, json-e references, start-up observation,
// environment reads and routes. Small inputs written here, so each rule is visible.
import { describe, expect, it } from "vitest";
import { imageLayout } from "../../../tools/upstream/dockerfile";
import { codeRoutes, envReads, openapiRoutes } from "../../../tools/upstream/services";
import { observeStartup, podRequired } from "../../../tools/upstream/startup";
import { expressionNames, renderLikeConfigloader, templateReferences } from "../../../tools/upstream/templates";

describe("imageLayout", () => {
  const repoFiles = ["docker.d/init.sh", "docker.d/worker.yml", "tool/docker.d/worker.yml", "tool/src/x.py", "uwsgi/admin.ini", "run.sh"];

  it("follows taskgraph contexts, multi-stage copies, ARG scoping, links and cp -R", () => {
    const layout = imageLayout({
      repoFiles,
      args: { NAME: "tool" },
      text: [
        "ARG BASE",
        "FROM python:3 AS builder",
        "ARG SRC=topsrcdir",
        "COPY ${SRC}/uwsgi/ /app/uwsgi/",
        "FROM python:3",
        "# SRC is not declared in this stage: Docker expands it to nothing",
        "COPY --from=builder /app/uwsgi /app/uwsgi",
        "ADD --chown=app:app topsrcdir/docker.d /app/docker.d",
        "ADD topsrcdir/$NAME /app/$NAME",
        "WORKDIR /app",
        "COPY ${SRC}/run.sh /app",
        "RUN ln -s /app/docker.d/init.sh /bin/start \\",
        " && cp -R /app/$NAME/docker.d/* /app/docker.d/",
        "USER app",
        "EXPOSE 8000/tcp",
        'ENTRYPOINT ["/bin/bash", "/app/run.sh"]',
        'CMD ["public"]',
      ].join("\n"),
    });
    expect([...layout.files].sort()).toEqual(["/app/docker.d/init.sh", "/app/docker.d/worker.yml", "/app/run.sh", "/app/tool/docker.d/worker.yml", "/app/tool/src/x.py", "/app/uwsgi/admin.ini"]);
    expect(layout.links).toEqual({ "/bin/start": "/app/docker.d/init.sh" });
    expect(layout.entrypoint).toEqual(["/bin/bash", "/app/run.sh"]);
    expect(layout.cmd).toEqual(["public"]);
    expect(layout.user).toBe("app");
    expect(layout.expose).toEqual([8000]);
  });

  it("inherits the taskgraph parent's layout for FROM $DOCKER_IMAGE_PARENT; shell-form CMD runs in /bin/sh", () => {
    const parent = imageLayout({ repoFiles, text: "FROM x\nADD topsrcdir/docker.d /app/docker.d\nCMD [\"/app/docker.d/init.sh\"]" });
    const child = imageLayout({ repoFiles, parent, text: "FROM $DOCKER_IMAGE_PARENT\nCMD go run ." });
    expect(child.files.has("/app/docker.d/init.sh")).toBe(true);
    expect(child.cmd).toEqual(["/bin/sh", "-c", "go run ."]);
  });
});

describe("json-e references", () => {
  it("names context variables, not properties, built-ins, strings or object keys", () => {
    expect(expressionNames("ENV == 'prod' && len(A.b) > 0 && {k: B}['k'] && defined('C')")).toEqual(["ENV", "A", "B"]);
  });

  it("walks $eval, $if, $match keys and interpolation; drops $let and each() bindings", () => {
    const template = {
      a: { $eval: "X" },
      b: { $if: "ENV == 'dev'", then: "${Y}-${ 'lit' }", else: "$${NOT_INTERPOLATED}" },
      c: { $match: { "COT_PRODUCT == 'firefox'": { $let: { tmp: { $eval: "Z" } }, in: { $eval: "tmp" } } } },
      d: { $map: { $eval: "LIST" }, "each(item)": { $eval: "item.name + W" } },
    };
    expect(templateReferences(template)).toEqual(["COT_PRODUCT", "ENV", "LIST", "W", "X", "Y", "Z"]);
  });

  it("renders like configloader: undefined names are found one after another; known names are told apart", () => {
    const template = { $if: "ENV == 'prod'", then: { a: { $eval: "PROD_ONLY" } }, else: { a: { $eval: "DEP_KEY" }, b: { $eval: "OTHER" } } };
    const result = renderLikeConfigloader(template, {}, { ENV: "fake-prod", OTHER: "x" });
    expect(result.lookedUp).toEqual(["ENV", "OTHER"]);
    expect(result.undefinedNames).toEqual(["DEP_KEY"]);
    expect(result.error).toBeUndefined();
  });
});

describe("observeStartup (real bash, stubbed image)", () => {
  const init = [
    "#!/bin/bash",
    "set -o errexit -o pipefail",
    'test_var_set() { local varname=$1; if [[ -z "${!varname}" ]]; then echo "error: ${varname} is not set"; exit 1; fi; }',
    "export APP_DIR=${APP_DIR:-/app}",
    "test_var_set 'ENV'",
    'if [ "$ENV" == "prod" ]; then test_var_set "PROD_KEY"; fi',
    "export CONFIG_DIR=$APP_DIR/configs; mkdir -p $CONFIG_DIR",
    "export CONFIG_LOADER=$APP_DIR/configloader_venv/bin/configloader",
    "source $(dirname $0)/init_worker.sh",
    "$CONFIG_LOADER $APP_DIR/docker.d/worker.yml $CONFIG_DIR/worker.json",
    "exec env - $APP_DIR/.venv/bin/scriptworker $CONFIG_DIR/scriptworker.json",
  ].join("\n");
  const initWorker = [
    "test_var_set 'CONFIG_DIR'",
    "case $COT_PRODUCT in",
    "  firefox|thunderbird)",
    "    test_var_set SECRET_A",
    '    echo "$SECRET_A" | base64 -d > $CONFIG_DIR/a',
    "    ;;",
    "  *) exit 1 ;;",
    "esac",
  ].join("\n");

  it("reports what each file demands of the pod, per ENV and COT_PRODUCT, and what configloader renders", async () => {
    const pod = { ENV: "prod", COT_PRODUCT: "thunderbird" };
    const seen = await observeStartup({ init, initWorker }, pod);
    expect(seen.started).toBe(true);
    // CONFIG_DIR is checked but set by init.sh: not the pod's to provide.
    expect(podRequired(seen, pod)).toEqual({ "init.sh": ["ENV", "PROD_KEY"], "init_worker.sh": ["SECRET_A"] });
    expect(seen.configLoader.map((c) => c.template)).toEqual(["/app/docker.d/worker.yml"]);
    expect(seen.configLoader[0].env.CONFIG_DIR).toBe("/app/configs");
  });

  it("reports a product the scripts refuse, and never runs a command outside the allowed tools", async () => {
    const refused = await observeStartup({ init, initWorker }, { ENV: "dev", COT_PRODUCT: "xpi" });
    expect(refused).toMatchObject({ started: false, exitCode: 1 });
    const unknown = await observeStartup({ init, initWorker: "set -e\nnot-a-tool --now" }, { ENV: "dev" });
    expect(unknown.started).toBe(false);
    expect(unknown.output).toMatch(/not-a-tool: command not found/);
  });
});

describe("service readers", () => {
  it("Python: subscripts are required unless guarded by a positive test; a negative test that exits makes them required", () => {
    const text = [
      'A = os.environ["REQ"]',
      'if os.environ.get("FLAG"):',
      '    B = os.environ["GUARDED"]',
      'C = os.environ.get("OPT", "x")',
      'if not os.environ.get("CHECKED"):',
      "    sys.exit(1)",
      'D = config("DECOUPLED")',
      'E = config("WITH_DEFAULT", default=None)',
    ].join("\n");
    const uses = Object.fromEntries(envReads("app.wsgi", text).reduce((m, r) => m.set(r.name, m.get(r.name) === "required" ? "required" : r.use), new Map<string, string>()));
    expect(uses).toEqual({ REQ: "required", FLAG: "optional", GUARDED: "optional", OPT: "optional", CHECKED: "required", DECOUPLED: "required", WITH_DEFAULT: "optional" });
  });

  it("Go flags with EnvVar and a fatal 'must be set'; uwsgi ini ports; shell defaults", () => {
    expect(envReads("main.go", 'EnvVar: "ADDR",\nlog.Fatal("PINNED must be set")')).toEqual([
      { name: "ADDR", use: "optional" },
      { name: "PINNED", use: "required" },
    ]);
    expect(envReads("admin.ini", "http-socket = :$(PORT)")).toEqual([{ name: "PORT", use: "required" }]);
    expect(envReads("run", 'exec uwsgi --http-socket "0.0.0.0:${PORT:-8000}"').map((r) => r.name)).toContain("PORT");
  });

  it("routes from OpenAPI paths under their base path, Flask and Go handlers", () => {
    expect(openapiRoutes("v2.yml", "paths:\n  /releases:\n    get: {}\n    post: {}\n", "/v2")).toEqual([{ path: "/v2/releases", methods: ["GET", "POST"], file: "v2.yml" }]);
    expect(codeRoutes("api.py", '@hb.route("/__heartbeat__", methods=["GET"])')).toEqual([{ path: "/__heartbeat__", methods: ["GET"], file: "api.py" }]);
    // A Blueprint's url_prefix is part of the route (bouncer-admin serves its API under /api).
    const blueprint = 'bp = Blueprint("api", __name__, url_prefix="/api")\nhb = Blueprint("heartbeat", __name__)\n@bp.route("/location_add/", methods=["POST"])\n@hb.route("/__lbheartbeat__")';
    expect(codeRoutes("api.py", blueprint).map((r) => r.path)).toEqual(["/api/location_add/", "/__lbheartbeat__"]);
    expect(codeRoutes("main.go", 'mux.HandleFunc("/__version__", v)').map((r) => r.path)).toEqual(["/__version__"]);
  });
});
