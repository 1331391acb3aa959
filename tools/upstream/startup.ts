// Observes what scriptworker's start-up scripts (docker.d/init.sh, which sources
// <script>/docker.d/init_worker.sh) demand of a pod, by running the real scripts in bash with the
// image's collaborators stubbed, rather than re-implementing a shell parser: bash itself decides
// every `case`, `if` and `[ ... ]`, so the facts are what the pod would meet.
//
// How: bash sources BASH_ENV before the script; ours sets a DEBUG trap (inherited by functions and
// sourced files, `set -T`) that runs before every command. Before each `test_var_set NAME` it
// records NAME, the file checking it and whether it was already set, and if it was not, sets it to
// a placeholder so the run goes on (one run finds every check on the path this ENV/COT_PRODUCT
// takes). configloader and scriptworker are stubs that record their arguments and environment.
// The scripts run in a fresh temporary APP_DIR with a PATH of a few ordinary tools; an unknown
// command fails the run visibly ("command not found"), it is never run.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A value that passes `test_var_set` and `base64 -d` ("dummy"). */
export const PLACEHOLDER = "ZHVtbXk=";

/**
 * Image tools the start-up scripts call for side effects that do not decide what is required
 * (pushapkscript's `openssl rand` and `keytool -importcert`, treescript's hg/git set-up): stubs
 * that succeed and print nothing, never the real tools.
 */
const STUBBED_TOOLS = ["openssl", "keytool", "hg", "git", "gpg", "curl", "wget", "ssh-keyscan", "python", "python3", "flatpak", "ostree"];

/** Tools the start-up scripts may call; everything else is "command not found". */
const ALLOWED_TOOLS = ["bash", "mkdir", "chmod", "base64", "cat", "echo", "dirname", "basename", "env", "rm", "cp", "ln", "printf", "tr", "cut", "sed", "head", "tail", "touch", "true", "false", "test", "grep", "ls", "wc", "sort", "uniq", "mktemp", "id", "whoami"];

export interface StartupCheck {
  /** The script file that runs the check (`init.sh`, `init_worker.sh`, or a mounted replacement's name). */
  file: string;
  name: string;
  /** The variable was unset when checked (the pod must provide it). */
  wasUnset: boolean;
}

export interface ConfigLoaderCall {
  /** Template path as the image sees it (APP_DIR rewritten to /app). */
  template: string;
  output: string;
  /** Environment configloader renders with (values of pod variables are placeholders). */
  env: Record<string, string>;
}

export interface StartupObservation {
  exitCode: number;
  /** The scripts got as far as exec'ing scriptworker. */
  started: boolean;
  checks: StartupCheck[];
  configLoader: ConfigLoaderCall[];
  /** Last lines of the scripts' output, for a failed run. */
  output: string;
}

export interface StartupScripts {
  /** docker.d/init.sh */
  init: string;
  /** <script>/docker.d/init_worker.sh (or its replacement) */
  initWorker: string;
  /**
   * Other image files the scripts read, by their path in the image (`/app/...`): laid down under the
   * sandbox's app directory, and the scripts' references to those exact paths point there (the
   * sandbox stands in for the image's file system; nothing else is rewritten).
   */
  imageFiles?: Record<string, string>;
}

/** A tool on this machine's PATH (looked up without a process per tool). */
function which(tool: string): string | undefined {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(":")) {
    const path = join(dir, tool);
    if (dir.startsWith("/") && existsSync(path)) return path;
  }
  return undefined;
}

let toolDir: string | undefined;
/** One directory of symlinks to the allowed tools, made once per process. */
function tools(): string {
  if (toolDir && existsSync(toolDir)) return toolDir;
  toolDir = mkdtempSync(join(tmpdir(), "upstream-tools-"));
  for (const tool of ALLOWED_TOOLS) {
    const path = which(tool);
    if (path && path.startsWith("/")) symlinkSync(path, join(toolDir, tool));
  }
  const bash = which("bash") ?? "/bin/bash";
  for (const tool of STUBBED_TOOLS) {
    writeFileSync(join(toolDir, tool), `#!${bash}\nexit 0\n`);
    chmodSync(join(toolDir, tool), 0o755);
  }
  return toolDir;
}

const TRAP = `set -T
__observe_check() {
  case "$BASH_COMMAND" in
    "test_var_set "*)
      local __name
      # The argument is a literal name, quoted or not; no subshell (a fork per check is slow).
      __name=\${BASH_COMMAND#test_var_set }
      __name=\${__name//[\\'\\"]/}
      if [[ -z "\${!__name}" ]]; then
        printf '%s %s unset\\n' "\${BASH_SOURCE[1]##*/}" "$__name" >> "$OBSERVE_DIR/checks"
        export "$__name=${PLACEHOLDER}"
      else
        printf '%s %s set\\n' "\${BASH_SOURCE[1]##*/}" "$__name" >> "$OBSERVE_DIR/checks"
      fi
      ;;
  esac
}
trap __observe_check DEBUG
`;

/**
 * Runs init.sh (+ init_worker.sh) with `env` as the pod's environment. `env` values are what the
 * pod gives; variables the scripts demand beyond it are filled with PLACEHOLDER and reported.
 */
export async function observeStartup(scripts: StartupScripts, env: Record<string, string>): Promise<StartupObservation> {
  const root = mkdtempSync(join(tmpdir(), "upstream-startup-"));
  try {
    const app = join(root, "app");
    const obs = join(root, "observe");
    mkdirSync(join(app, "docker.d"), { recursive: true });
    mkdirSync(join(app, "configloader_venv", "bin"), { recursive: true });
    mkdirSync(join(app, ".venv", "bin"), { recursive: true });
    mkdirSync(obs);
    const bash = which("bash") ?? "/bin/bash";
    writeFileSync(join(app, "docker.d", "init.sh"), scripts.init, { mode: 0o755 });
    let initWorker = scripts.initWorker;
    for (const [imagePath, text] of Object.entries(scripts.imageFiles ?? {})) {
      if (!/^\/app\/[^\s'"$;]+$/.test(imagePath)) throw new Error(`image file ${imagePath}: only plain paths under /app can be laid down`);
      const local = join(app, imagePath.slice("/app/".length));
      mkdirSync(dirname(local), { recursive: true });
      writeFileSync(local, text, { mode: 0o755 });
      initWorker = initWorker.split(imagePath).join(local);
    }
    writeFileSync(join(app, "docker.d", "init_worker.sh"), initWorker, { mode: 0o755 });
    writeFileSync(join(root, "trap.sh"), TRAP);
    const loader = join(app, "configloader_venv", "bin", "configloader");
    writeFileSync(
      loader,
      `#!${bash}
i=0; while [[ -e "${obs}/loader.$i.args" ]]; do i=$((i+1)); done
printf '%s\\n' "$@" > "${obs}/loader.$i.args"
env -0 > "${obs}/loader.$i.env"
: > "\${@: -1}"
`,
    );
    chmodSync(loader, 0o755);
    const worker = join(app, ".venv", "bin", "scriptworker");
    writeFileSync(worker, `#!${bash}\n: > "${obs}/started"\n`);
    chmodSync(worker, 0o755);

    const result = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        bash,
        [join(app, "docker.d", "init.sh")],
        { env: { ...env, PATH: tools(), HOME: app, APP_DIR: app, BASH_ENV: join(root, "trap.sh"), OBSERVE_DIR: obs }, encoding: "utf8", timeout: 60_000 },
        (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
      );
    });
    const normalise = (s: string) => s.split(app).join("/app");
    const checks: StartupCheck[] = existsSync(join(obs, "checks"))
      ? readFileSync(join(obs, "checks"), "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => {
            const [file, name, state] = line.split(" ");
            return { file, name, wasUnset: state === "unset" };
          })
      : [];
    const configLoader: ConfigLoaderCall[] = [];
    const calls = readdirSync(obs).filter((f) => /^loader\.\d+\.args$/.test(f)).sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
    for (const call of calls) {
      const n = call.split(".")[1];
      const args = normalise(readFileSync(join(obs, call), "utf8")).split("\n").filter(Boolean);
      const positional = args.filter((a) => !a.startsWith("--"));
      const pairs = readFileSync(join(obs, `loader.${n}.env`), "utf8").split("\0").filter(Boolean);
      const recorded: Record<string, string> = {};
      for (const pair of pairs) {
        const eq = pair.indexOf("=");
        const name = pair.slice(0, eq);
        if (["BASH_ENV", "OBSERVE_DIR", "PATH", "HOME", "SHLVL", "PWD", "OLDPWD", "_"].includes(name)) continue;
        recorded[name] = normalise(pair.slice(eq + 1));
      }
      configLoader.push({ template: positional[0], output: positional[1], env: recorded });
    }
    const output = normalise(`${result.stdout ?? ""}${result.stderr ?? ""}`).trim().split("\n").slice(-5).join("\n");
    return { exitCode: result.status, started: existsSync(join(obs, "started")), checks, configLoader, output };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Pod variables the run demanded, per checking file, in check order (no duplicates). */
export function podRequired(observation: StartupObservation, podEnv: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const check of observation.checks) {
    if (!check.wasUnset && !(check.name in podEnv)) continue;
    const list = (out[check.file] ??= []);
    if (!list.includes(check.name)) list.push(check.name);
  }
  return out;
}

/**
 * What init.sh gives a sourced init_worker.sh, for running a *replacement* init_worker.sh (one a
 * pod mounts over the image's): `test_var_set` as init.sh defines it, the directories it exports,
 * then the replacement, then scriptworker. The image's own init.sh is not in this project; its
 * other exports come in `env` (the contract data lists them).
 */
const REPLACEMENT_HARNESS = `#!/bin/bash
set -o errexit -o pipefail
test_var_set() {
  local varname=$1
  if [[ -z "\${!varname}" ]]; then
    echo "error: \${varname} is not set"
    exit 1
  fi
}
export CONFIG_DIR=$APP_DIR/configs TEMPLATE_DIR=$APP_DIR/docker.d CONFIG_LOADER=$APP_DIR/configloader_venv/bin/configloader
mkdir -p -m 700 $CONFIG_DIR
source $(dirname $0)/init_worker.sh
exec env - $APP_DIR/.venv/bin/scriptworker
`;

export interface ScriptObservation {
  /** The script ran to its end (scriptworker would start). */
  finished: boolean;
  /** Pod variables it checks with test_var_set that `env` does not set. */
  required: string[];
  /** Templates it hands to configloader (image paths). */
  templates: string[];
  output: string;
}

/** Runs a replacement init_worker.sh with `env` (the pod's variables and init.sh's exports); `imageFiles`: image files it sources. */
export async function observeScript(initWorker: string, env: Record<string, string>, imageFiles: Record<string, string> = {}): Promise<ScriptObservation> {
  const { APP_DIR: _a, CONFIG_DIR: _c, TEMPLATE_DIR: _t, CONFIG_LOADER: _l, ...rest } = env;
  const seen = await observeStartup({ init: REPLACEMENT_HARNESS, initWorker, imageFiles }, rest);
  return {
    finished: seen.started,
    required: [...new Set(seen.checks.filter((c) => c.file === "init_worker.sh" && c.wasUnset).map((c) => c.name))],
    templates: seen.configLoader.map((c) => c.template),
    output: seen.output,
  };
}
