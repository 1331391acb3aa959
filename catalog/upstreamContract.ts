// The upstream contract: facts each image and autoscaler config holds, read from the upstream
// repositories by `npm run upstream` and committed as data under catalog/upstream/ (one JSON file
// per repository, each naming its repository and commit). Types and a loader; no logic.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ImageFacts {
  /** Image name (taskgraph docker-image task, or the app). */
  name: string;
  dockerfile: string;
  entrypoint?: string[];
  cmd?: string[];
  user?: string;
  workdir?: string;
  expose?: number[];
  env?: Record<string, string>;
  /** Files a pod may run or mount over (scripts, templates, configs; not Python or Go sources). */
  files: string[];
  /** Directories holding laid-down files (scriptworker images). */
  directories: string[];
  /** Symlinks from `RUN ln -s`: link → target. */
  links: Record<string, string>;
}

export interface TemplateFacts {
  /** Repository file the image's copy comes from. */
  source: string;
  /** Every context variable the template mentions (json-e expressions; `$let`/`each` bindings excluded). */
  references: string[];
}

/** One entry of signingscript's rendered passwords.json: which formats go to which Autograph, with which credentials. */
export interface AutographEntryFacts {
  certScope: string;
  url: string;
  /** The variables that fill the username and password. */
  username: string;
  password: string;
  formats: string[];
  keyId?: string;
}

export type StartupFacts =
  | {
      starts: true;
      /** Pod variables demanded, per file: `init.sh`, `init_worker.sh` (test_var_set) and each template path (json-e lookups). */
      requires: Record<string, string[]>;
      /** signingscript only: the stock passwords.yml rendered for this ENV and COT_PRODUCT. */
      autograph?: AutographEntryFacts[];
    }
  | { starts: false; exitCode: number; output: string };

export interface ScriptFacts {
  image: ImageFacts;
  /** Templates in the image's template dir (/app/docker.d), by image path. */
  templates: Record<string, TemplateFacts>;
  /** Variables the start-up scripts export before configloader runs (not the pod's to provide). */
  exports: string[];
  /** ENV → COT_PRODUCT → what start-up does. */
  startup: Record<string, Record<string, StartupFacts>>;
}

export interface ScriptworkerFacts {
  repository: string;
  commit: string;
  startupScript: string;
  scripts: Record<string, ScriptFacts>;
}

export interface EnvRead {
  name: string;
  /** `required`: read without a default; `optional`: read with a default or behind a test. */
  use: "required" | "optional";
  files: string[];
}

export interface Route {
  path: string;
  methods?: string[];
  file: string;
}

export interface AppFacts {
  image: ImageFacts;
  /** The process the container runs by default: ENTRYPOINT + (the app's args or CMD). */
  process: string[];
  env: EnvRead[];
  routes: Route[];
  health: string[];
  /** Ports: EXPOSE, a literal listen address, or `env:NAME[:-default]` when a variable decides. */
  ports: (number | string)[];
}

export interface ServiceFacts {
  repository: string;
  commit: string;
  apps: Record<string, AppFacts>;
}

export interface AutoscaledWorker {
  workerType: string;
  provisioner: string;
  namespace: string;
  deployment: string;
  maxReplicas?: number;
}

export interface AutoscaleFacts {
  repository: string;
  commit: string;
  /** configs/<cluster>/config.yml → its worker types. */
  clusters: Record<string, AutoscaledWorker[]>;
}

export interface UpstreamData {
  "scriptworker-scripts": ScriptworkerFacts;
  balrog: ServiceFacts;
  shipit: ServiceFacts;
  "go-bouncer": ServiceFacts;
  "bouncer-admin": ServiceFacts;
  "k8s-autoscale": AutoscaleFacts;
}
export type UpstreamDataName = keyof UpstreamData;
export const UPSTREAM_DATA_NAMES: readonly UpstreamDataName[] = ["scriptworker-scripts", "balrog", "shipit", "go-bouncer", "bouncer-admin", "k8s-autoscale"];

export const UPSTREAM_DATA_DIR = join(__dirname, "upstream");

/** Reads the contract data of `dir` (default: the committed catalog/upstream/). */
export function readUpstreamData(dir: string = UPSTREAM_DATA_DIR): UpstreamData {
  const out: Partial<Record<UpstreamDataName, unknown>> = {};
  for (const name of UPSTREAM_DATA_NAMES) {
    const file = join(dir, `${name}.json`);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new Error(`${file} is missing: run \`npm run upstream -- <dir-with-checkouts>\` (docs/upstream.md)`);
    }
    out[name] = JSON.parse(text);
  }
  return out as UpstreamData;
}

let committed: UpstreamData | undefined;
/**
 * The committed contract data, read once.
 * @public For the contract tests (issue #14), which are landing next; knip otherwise sees no reader yet.
 */
export function upstreamData(): UpstreamData {
  return (committed ??= readUpstreamData());
}
