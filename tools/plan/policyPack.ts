// Runs the policy pack the way the Pulumi engine does and talks to it over the analyzer protocol.
//
// The engine (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer)
// starts a Node.js pack through `pulumi-analyzer-policy`, i.e. `node @pulumi/pulumi/cmd/run-policy-pack
// <engine-address> .` with the pack directory as working directory; run-policy-pack loads index.ts
// with ts-node (type-checked), `new PolicyPack` prints the gRPC port on stdout. The engine then calls
// Handshake (optional), ConfigureStack, GetAnalyzerInfo, Configure, and Analyze per resource and
// AnalyzeStack per stack. This client does the same, starting the pack once for a whole plan. The
// plan starts the repository's pack from its precompiled sources (bin/policy-pack.js), which serves
// the same policies over the same protocol without ts-node's type-check at every start; the engine's
// way stays one option away (StartOptions.start) and is tested on the packed pack.
import type { ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PROJECT_ROOT } from "../../stacks/projectRoot";
import { spawnOwnedNode } from "./ownedChild";

export const POLICY_PACK_DIR = path.join(PROJECT_ROOT, "policies");
/** The repository's pack, precompiled: what the plan starts by default (StartOptions.start). */
const PRECOMPILED_PACK = path.join(PROJECT_ROOT, "bin", "policy-pack.js");
/** The repository's pack started ahead of the plan (PolicyPackProcess.prestart), until taken. */
let prestarted: Promise<PolicyPackProcess> | undefined;
let prestartedChild: ChildProcess | undefined;

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical" | "";

const LEVELS: Record<number, EnforcementLevel> = {
  [proto.EnforcementLevel.ADVISORY]: "advisory",
  [proto.EnforcementLevel.MANDATORY]: "mandatory",
  [proto.EnforcementLevel.REMEDIATE]: "remediate",
  [proto.EnforcementLevel.DISABLED]: "disabled",
};
const LEVEL_CODES: Record<EnforcementLevel, proto.EnforcementLevel> = {
  advisory: proto.EnforcementLevel.ADVISORY,
  mandatory: proto.EnforcementLevel.MANDATORY,
  remediate: proto.EnforcementLevel.REMEDIATE,
  disabled: proto.EnforcementLevel.DISABLED,
};
const SEVERITIES: Record<number, Severity> = {
  [proto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [proto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [proto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [proto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

export interface PolicyInfo {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  remediationSteps: string;
  url: string;
  tags: string[];
  type: "resource" | "stack";
  configSchema?: { properties: Record<string, Record<string, unknown>>; required: string[] };
}

export interface AnalyzerInfo {
  name: string;
  version: string;
  description: string;
  policies: PolicyInfo[];
}

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  urn: string;
}

/** What a remediating policy did to one resource: new properties, or why it could not. */
export interface Remediation {
  policyName: string;
  description: string;
  properties?: Record<string, unknown>;
  diagnostic?: string;
}

/** A policy's config as the engine sends it after reconciling defaults and the user's file. */
export interface PolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** A resource as the engine describes it to an analyzer. */
export interface AnalyzerResourceInput {
  urn: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  parent: string;
  dependencies: string[];
  protect: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace?: boolean;
  provider?: { urn: string; type: string; name: string; properties: Record<string, unknown> };
}

/** JS value → protobuf Struct, the way the engine marshals properties (undefined dropped, `__` keys skipped). */
export function toStruct(value: Record<string, unknown>): Struct {
  const plain = JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
  for (const k of Object.keys(plain)) if (k.startsWith("__")) delete plain[k];
  return Struct.fromJavaScript(plain as Parameters<typeof Struct.fromJavaScript>[0]);
}

function options(r: AnalyzerResourceInput): proto.AnalyzerResourceOptions {
  const o = new proto.AnalyzerResourceOptions();
  o.setProtect(r.protect);
  o.setIgnorechangesList(r.ignoreChanges);
  o.setDeletebeforereplace(!!r.deleteBeforeReplace);
  o.setDeletebeforereplacedefined(r.deleteBeforeReplace !== undefined);
  o.setAdditionalsecretoutputsList([]);
  o.setAliasesList([]);
  const timeouts = new proto.AnalyzerResourceOptions.CustomTimeouts();
  timeouts.setCreate(0);
  timeouts.setUpdate(0);
  timeouts.setDelete(0);
  o.setCustomtimeouts(timeouts);
  o.setParent(r.parent);
  return o;
}

/** The fields every analyzer message about one resource carries (provider, resource, analyze request). */
interface ResourceMessage {
  setUrn(value: string): unknown;
  setType(value: string): unknown;
  setName(value: string): unknown;
  setProperties(value?: Struct): unknown;
}

/**
 * Each properties object is marshalled once: a resource's properties go to Remediate, Analyze and
 * AnalyzeStack, and a provider's with every resource it serves (building a Struct is most of the
 * client's cost). Messages only read a Struct they share, so one serves them all.
 */
const marshalled = new WeakMap<Record<string, unknown>, Struct>();

function structOf(properties: Record<string, unknown>): Struct {
  let struct = marshalled.get(properties);
  if (!struct) marshalled.set(properties, (struct = toStruct(properties)));
  return struct;
}

function withIdentity<M extends ResourceMessage>(m: M, r: { urn: string; type: string; name: string; properties: Record<string, unknown> }): M {
  m.setUrn(r.urn);
  m.setType(r.type);
  m.setName(r.name);
  m.setProperties(structOf(r.properties));
  return m;
}

/** Identity, options and provider: what AnalyzeRequest and AnalyzerResource both say of a resource. */
function withResource<M extends ResourceMessage & { setOptions(value?: proto.AnalyzerResourceOptions): unknown; setProvider(value?: proto.AnalyzerProviderResource): unknown }>(
  m: M,
  r: AnalyzerResourceInput,
): M {
  withIdentity(m, r);
  m.setOptions(options(r));
  if (r.provider) m.setProvider(withIdentity(new proto.AnalyzerProviderResource(), r.provider));
  return m;
}

function diagnosticsOf(resp: proto.AnalyzeResponse): Diagnostic[] {
  return resp.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    policyPackVersion: d.getPolicypackversion(),
    description: d.getDescription(),
    message: d.getMessage(),
    enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
    severity: SEVERITIES[d.getSeverity()] ?? "",
    urn: d.getUrn(),
  }));
}

function call<Req, Res>(fn: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => fn(req, (err, res) => (err ? reject(err) : resolve(res))));
}

export interface StartOptions {
  /** Pack directory (holds PulumiPolicy.yaml); default policies/. */
  packDir?: string;
  /**
   * How the pack process starts. `engine`: exactly as the Pulumi engine does (run-policy-pack, which
   * type-checks the sources with ts-node at every start: about 2 s of CPU). `precompiled`: the same
   * sources precompiled (bin/policy-pack.js), for the repository's own pack only. Default: precompiled
   * for the repository's pack (its types are checked by `npm test`), engine for any other directory.
   */
  start?: "engine" | "precompiled";
  /** Called with the pack's process as soon as it is spawned (before it serves). */
  onSpawn?: (child: ChildProcess) => void;
  /** Give up if the pack has not printed its port by then (type-checking takes a while). */
  timeoutMs?: number;
}

export class PolicyPackProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: analyzerrpc.AnalyzerClient,
    readonly address: string,
    private readonly stderr: () => string,
  ) {}

  /**
   * Starts the repository's pack now, for the plan's start() to take: bin/plan.js calls it before
   * the plan's own modules load (about a second), so the pack is ready sooner. A pack nobody took is
   * stopped by discardPrestarted().
   */
  static prestart(): void {
    if (prestarted) return;
    prestarted = PolicyPackProcess.start({ onSpawn: (child) => (prestartedChild = child) });
    prestarted.catch(() => undefined); // reported to whoever takes it
  }

  /** Ends a prestarted pack that was not taken (the plan ended before its policy step), ready or not. */
  static async discardPrestarted(): Promise<void> {
    const [p, child] = [prestarted, prestartedChild];
    prestarted = prestartedChild = undefined;
    if (!p) return;
    if (child && child.exitCode === null) child.kill("SIGTERM");
    await (await p.catch(() => undefined))?.stop();
  }

  /** Start the pack (as `pulumi preview --policy-pack <dir>` does, or precompiled) and connect to it. */
  static async start(opts: StartOptions = {}): Promise<PolicyPackProcess> {
    if (prestarted && opts.packDir === undefined && opts.start === undefined && !opts.onSpawn) {
      const taken = prestarted;
      prestarted = prestartedChild = undefined;
      return taken;
    }
    const packDir = opts.packDir ?? POLICY_PACK_DIR;
    const how = opts.start ?? (packDir === POLICY_PACK_DIR ? "precompiled" : "engine");
    if (how === "precompiled" && packDir !== POLICY_PACK_DIR) throw new Error(`policy pack in ${packDir}: only the repository's own pack (${POLICY_PACK_DIR}) can start precompiled; start it as the engine does`);
    // The engine's first argument is its address; run-policy-pack drops it (nothing in the pack
    // calls back into an engine), so the plan passes a placeholder.
    const [script, args] = how === "engine" ? [require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] }), ["127.0.0.1:0", "."]] : [PRECOMPILED_PACK, []];
    // Owned: ended with this process on every exit path and signal, even when it is killed outright.
    const child = spawnOwnedNode(script, args, { cwd: packDir });
    opts.onSpawn?.(child);
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += String(d)));
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`policy pack in ${packDir} did not start within ${opts.timeoutMs ?? 120_000} ms\n${stderr}`));
      }, opts.timeoutMs ?? 120_000);
      child.stdout!.on("data", (d) => {
        stdout += String(d);
        const m = /^(\d+)\s*$/m.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`policy pack in ${packDir} exited (code ${code}) before serving:\n${stderr || stdout}`));
      });
    });
    const address = `127.0.0.1:${port}`;
    const client = new analyzerrpc.AnalyzerClient(address, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    const pack = new PolicyPackProcess(child, client, address, () => stderr);
    try {
      await pack.handshake(packDir);
    } catch (e) {
      await pack.stop();
      throw e;
    }
    return pack;
  }

  /** Handshake is optional: @pulumi/policy packs answer UNIMPLEMENTED and the engine carries on. */
  private async handshake(packDir: string): Promise<void> {
    const req = new proto.AnalyzerHandshakeRequest();
    req.setEngineAddress("127.0.0.1:0");
    req.setRootDirectory(packDir);
    req.setProgramDirectory(packDir);
    try {
      await call(this.client.handshake.bind(this.client), req);
    } catch (e) {
      if ((e as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) throw e;
    }
  }

  async pluginVersion(): Promise<string> {
    const info = await call<Empty, pluginproto.PluginInfo>(this.client.getPluginInfo.bind(this.client), new Empty());
    return info.getVersion();
  }

  async analyzerInfo(): Promise<AnalyzerInfo> {
    const info = await call<Empty, proto.AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new Empty());
    return {
      name: info.getName(),
      version: info.getVersion(),
      description: info.getDescription(),
      policies: info.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
          severity: SEVERITIES[p.getSeverity()] ?? "",
          remediationSteps: p.getRemediationSteps(),
          url: p.getUrl(),
          tags: p.getTagsList(),
          type: p.getPolicyType() === proto.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
          configSchema: schema ? { properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>, required: schema.getRequiredList() } : undefined,
        };
      }),
    };
  }

  /** Which stack comes next (engine: once per pack process, here once per stack). */
  async configureStack(stack: string, project: string, config: Record<string, string>, secretKeys: string[], dryRun = true): Promise<void> {
    const req = new proto.AnalyzerStackConfigureRequest();
    req.setStack(stack);
    req.setProject(project);
    req.setOrganization("");
    req.setDryRun(dryRun);
    req.setConfigSecretKeysList(secretKeys);
    for (const [k, v] of Object.entries(config)) req.getConfigMap().set(k, v);
    await call(this.client.configureStack.bind(this.client), req);
  }

  async configure(config: Record<string, PolicyConfig>): Promise<void> {
    const req = new proto.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(config)) {
      const pc = new proto.PolicyConfig();
      pc.setEnforcementlevel(LEVEL_CODES[c.enforcementLevel]);
      pc.setProperties(toStruct(c.properties));
      req.getPolicyconfigMap().set(name, pc);
    }
    await call(this.client.configure.bind(this.client), req);
  }

  async analyze(r: AnalyzerResourceInput): Promise<Diagnostic[]> {
    const req = withResource(new proto.AnalyzeRequest(), r);
    return diagnosticsOf(await call(this.client.analyze.bind(this.client), req));
  }

  /** Remediate (engine: before Analyze, for policies at `remediate`); the last properties returned are what would be deployed. */
  async remediate(r: AnalyzerResourceInput): Promise<Remediation[]> {
    const req = withResource(new proto.AnalyzeRequest(), r);
    const resp = await call<proto.AnalyzeRequest, proto.RemediateResponse>(this.client.remediate.bind(this.client), req);
    return resp.getRemediationsList().map((m) => {
      const props = m.getProperties()?.toJavaScript() as Record<string, unknown> | undefined;
      return { policyName: m.getPolicyname(), description: m.getDescription(), ...(props ? { properties: props } : {}), ...(m.getDiagnostic() ? { diagnostic: m.getDiagnostic() } : {}) };
    });
  }

  async analyzeStack(resources: AnalyzerResourceInput[]): Promise<Diagnostic[]> {
    const req = new proto.AnalyzeStackRequest();
    req.setResourcesList(
      resources.map((r) => {
        const ar = withResource(new proto.AnalyzerResource(), r);
        ar.setParent(r.parent);
        ar.setDependenciesList(r.dependencies);
        return ar;
      }),
    );
    return diagnosticsOf(await call(this.client.analyzeStack.bind(this.client), req));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** What the pack wrote on stderr (its own errors, type errors at start). */
  get log(): string {
    return this.stderr();
  }

  /** Stop the pack (by its own PID) and close the channel. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }
}
