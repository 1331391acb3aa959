// Imported first by every offline entry point (the plan, the bench, the test workers): defers two
// libraries the Pulumi SDK loads at start to their first use.
//
// `@pulumi/pulumi`'s index loads its closure serializer (runtime/closure: what turns a JavaScript
// function into deployable code, for dynamic providers, callbacks and `pulumi.runtime.serializeFunction`),
// and that loads the TypeScript compiler (parseFunction.js through typescript-shim.js) and npm's
// Arborist (codePaths.js) at the top: about 0.7 s of CPU each, in every process that imports the SDK —
// over half of what importing the SDK costs (docs/benchmarks.md). Nothing offline serializes a
// function. So those two `require`s, from those two files only, return a stand-in that requires the
// real module on its first property access: the SDK behaves the same whether or not the serializer
// is ever used, it only pays when it is. A change in the SDK that renames the files makes this a
// no-op (the libraries load eagerly again), never a failure; test/tools/deferClosureDeps.test.ts
// proves both halves (not loaded at start, and the serializer still works).
import Module from "node:module";
import * as path from "node:path";

/** Which request, from which SDK file, is deferred. */
const DEFERRED: readonly { request: string; from: string }[] = [
  { request: "../../typescript-shim", from: path.join("@pulumi", "pulumi", "runtime", "closure", "parseFunction.js") },
  { request: "@npmcli/arborist", from: path.join("@pulumi", "pulumi", "runtime", "closure", "codePaths.js") },
];

type Load = (request: string, parent: NodeJS.Module | undefined, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const INSTALLED = Symbol.for("releng-envs.deferClosureDeps");

/** A module object that loads `load()` on its first use and forwards everything to it. */
function deferred(load: () => object): object {
  let real: object | undefined;
  const target = (): object => (real ??= load());
  return new Proxy(
    {},
    {
      // `__esModule` keeps TypeScript's __importStar from copying (and so loading) every export up front.
      get: (_, key) => (key === "__esModule" ? true : Reflect.get(target(), key)),
      has: (_, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(target(), key);
        return d && { ...d, configurable: true };
      },
    },
  );
}

if (!(globalThis as Record<symbol, unknown>)[INSTALLED]) {
  (globalThis as Record<symbol, unknown>)[INSTALLED] = true;
  const original = loader._load;
  loader._load = function (this: unknown, request, parent, isMain) {
    const parentFile = parent?.filename;
    if (parentFile && DEFERRED.some((d) => d.request === request && parentFile.endsWith(d.from))) {
      return deferred(() => original.call(this, request, parent, isMain) as object);
    }
    return original.call(this, request, parent, isMain);
  };
}
