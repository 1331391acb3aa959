// Runs a stack's program under the Pulumi SDK's mocks and records every resource registration:
// type, name, parent, provider, options and inputs (secrets kept marked, so they can be redacted).
// First: the SDK then starts without the TypeScript compiler and Arborist (tools/deferClosureDeps.ts).
import "../deferClosureDeps";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { installFastStruct } from "./fastStruct";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
  setMockOptions(monitor: unknown, project?: string, stack?: string, preview?: boolean): void;
  disconnect(): Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resproto = require("@pulumi/pulumi/proto/resource_pb") as { RegisterResourceResponse: new () => { setUrn(u: string): void; setId(i: string): void; setObject(o: unknown): void } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string };

// Every registration is marshalled into a protobuf Struct by the SDK: in one pass, not quadratically.
installFastStruct();

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  /** `urn::id` of the explicit provider, empty for components and default providers. */
  provider: string;
  dependsOn: string[];
  options: { deleteBeforeReplace: boolean; ignoreChanges: string[]; protect: boolean };
  /** Inputs as registered; secret values stay wrapped (see isSecretValue). */
  inputs: Record<string, unknown>;
}

export function isSecretValue(v: unknown): v is { value: unknown } {
  return !!v && typeof v === "object" && (v as Record<string, unknown>)[rpc.specialSigKey] === rpc.specialSecretSig;
}

/** Replace every secret value with `[secret]` (for files and reports). */
export function redactSecrets(v: unknown): unknown {
  if (isSecretValue(v)) return "[secret]";
  if (Array.isArray(v)) return v.map(redactSecrets);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, redactSecrets(c)]));
  return v;
}

/** Unwrap secret markers, keeping the (placeholder) values: for schema validation only. */
export function unwrapSecrets(v: unknown): unknown {
  if (isSecretValue(v)) return unwrapSecrets(v.value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, unwrapSecrets(c)]));
  return v;
}

/** Outputs a provider would compute that the program reads; everything else echoes the inputs. */
function fakeOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case "random:index/randomPassword:RandomPassword":
    case "random:index/randomString:RandomString":
      return { result: `generated-${name}-${"x".repeat(Number(inputs.length ?? 16))}`.slice(0, Number(inputs.length ?? 32)) };
    case "random:index/randomId:RandomId":
      return { hex: "0123456789abcdef".slice(0, Number(inputs.byteLength ?? 4) * 2), b64Url: "AQID" };
    // GCP: what the platform and environment programs read back (documentation addresses, RFC 5737).
    case "gcp:container/cluster:Cluster":
      return { endpoint: "203.0.113.10", masterAuth: { clusterCaCertificate: Buffer.from(`mock CA of ${name}`).toString("base64") } };
    case "gcp:serviceaccount/account:Account": {
      const email = `${inputs.accountId}@${inputs.project ?? "mock-project"}.iam.gserviceaccount.com`;
      return { email, name: `projects/${inputs.project ?? "mock-project"}/serviceAccounts/${email}`, member: `serviceAccount:${email}` };
    }
    case "gcp:compute/globalAddress:GlobalAddress":
      return { address: "203.0.113.20" };
    case "gcp:dns/managedZone:ManagedZone":
      return { nameServers: ["ns-mock-1.example.net.", "ns-mock-2.example.net."] };
    default:
      return {};
  }
}

/** Outputs of a stack a StackReference reads, and which of them are secret. */
export interface MockStackOutputs {
  outputs: Record<string, unknown>;
  secretOutputNames?: readonly string[];
}

/**
 * Under mocks a StackReference is a read of `pulumi:pulumi:StackReference` whose state carries
 * `outputs` (and `secretOutputNames`). Looks `name` up by full name (`org/project/stack`) or stack name.
 */
export function stackReferenceState(stacks: Record<string, MockStackOutputs>, name: string): Record<string, unknown> {
  const found = stacks[name] ?? stacks[name.split("/").at(-1) ?? name];
  if (!found) {
    throw new Error(
      `StackReference ${name}: no mocked outputs for this stack (known: ${Object.keys(stacks).join(", ") || "none"}). ` +
        `The offline plan supplies the outputs of the platform stacks in stacks/; tests pass stackOutputs to evaluateStack.`,
    );
  }
  return { name, outputs: found.outputs, secretOutputNames: [...(found.secretOutputNames ?? [])] };
}

export type CallHandler = (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> | undefined;

/** A registered resource as MockMonitor keeps it; the state (its wire form) is read only if asked for. */
class EchoedState {
  private set?: unknown;
  constructor(
    readonly urn: string,
    readonly id: string,
    private readonly object: { toJavaScript(): unknown },
  ) {}
  get state(): unknown {
    return this.set ?? this.object.toJavaScript();
  }
  set state(value: unknown) {
    this.set = value;
  }
}

export class RecordingMonitor extends MockMonitor {
  readonly recorded: RecordedResource[] = [];

  constructor(stack: string, project: string, calls: CallHandler[] = [], stackOutputs: Record<string, MockStackOutputs> = {}) {
    super({
      newResource: (args) =>
        args.type === "pulumi:pulumi:StackReference"
          ? { id: String(args.id ?? args.inputs.name), state: stackReferenceState(stackOutputs, String(args.inputs.name ?? args.id)) }
          : { id: mockId(args.name), state: { ...args.inputs, ...fakeOutputs(args.type, args.name, args.inputs) } },
      call: (args) => {
        for (const c of calls) {
          const r = c(args);
          if (r) return r;
        }
        return {};
      },
    });
    void stack;
    void project;
  }

  /**
   * A stack whose program failed part-way leaves registrations in flight; they may complete after the
   * next stack's monitor is installed. Their outputs belong to no resource here: ignore them instead
   * of failing the next stack (the SDK's MockMonitor throws "unknown resource").
   */
  registerResourceOutputs(req: any, callback: (err: unknown, res: unknown) => void): void {
    const known = this.resources.has(req.getUrn());
    if (!known) return callback(null, {});
    return super.registerResourceOutputs(req, callback);
  }

  /** Records a registration or a read: they differ in `custom`, options and where the inputs are. */
  private record(req: any, custom: boolean, options: RecordedResource["options"], inputs: Record<string, unknown>): void {
    const urn = urnOf(this, req);
    this.recorded.push({
      urn,
      type: req.getType(),
      name: req.getName(),
      custom,
      parent: req.getParent(),
      provider: req.getProvider(),
      dependsOn: req.getDependenciesList(),
      options,
      inputs,
    });
  }

  async registerResource(req: any, callback: (err: unknown, res: unknown) => void): Promise<void> {
    const options = { deleteBeforeReplace: req.getDeletebeforereplace(), ignoreChanges: req.getIgnorechangesList(), protect: !!req.getProtect?.() };
    const inputs = deserialize(req.getObject());
    this.record(req, req.getCustom(), options, inputs);
    if (req.getType() === "pulumi:pulumi:StackReference" || Object.keys(fakeOutputs(req.getType(), req.getName(), inputs)).length > 0) return super.registerResource(req, callback);
    // Every other resource's state is its inputs: answer with the registered Struct itself. The SDK's
    // MockMonitor would deserialize it and serialize it back to the same wire form, which costs as
    // much as the rest of a registration (docs/benchmarks.md).
    try {
      const urn = urnOf(this, req);
      const object = req.getObject();
      this.resources.set(urn, new EchoedState(urn, mockId(req.getName()), object));
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(mockId(req.getName()));
      response.setObject(object);
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    }
  }

  /** Reads (StackReferences, `.get` lookups) are recorded too, with the properties they were read with. */
  async readResource(req: any, callback: (err: unknown, res: unknown) => void): Promise<void> {
    this.record(req, true, { deleteBeforeReplace: false, ignoreChanges: [], protect: false }, deserialize(req.getProperties()));
    return super.readResource(req, callback);
  }
}

/** The id a mocked provider gives a resource it creates. */
function mockId(name: string): string {
  return `${name}-id`;
}

/** The URN MockMonitor gives a registration (its newUrn is private in the SDK's types only). */
function urnOf(monitor: MockMonitor, req: any): string {
  return (monitor as unknown as { newUrn(p: string, t: string, n: string): string }).newUrn(req.getParent(), req.getType(), req.getName());
}

function deserialize(struct: any): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { deserializeProperties } = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(s: unknown, keepUnknowns?: boolean): Record<string, unknown> };
  return deserializeProperties(struct, true);
}

/** Install a fresh recording monitor for `stack` (replacing any earlier one) and return it. */
export function installRecordingMocks(
  stack: string,
  config: Record<string, string>,
  secretKeys: string[],
  calls: CallHandler[] = [],
  stackOutputs: Record<string, MockStackOutputs> = {},
  /** A preview (isDryRun) instead of an update (tests of what the program does on each). */
  preview = false,
): RecordingMonitor {
  const monitor = new RecordingMonitor(stack, "releng-envs", calls, stackOutputs);
  settings.setMockOptions(monitor, "releng-envs", stack, preview);
  // Same feature set pulumi.runtime.setMocks enables (mocks support everything but output values).
  const store = state.getStore();
  Object.assign(store, {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: false,
  });
  pulumi.runtime.setAllConfig(config, secretKeys);
  return monitor;
}

/** Wait until every registration the program started has reached the monitor. */
export async function settle(): Promise<void> {
  await settings.disconnect();
}
