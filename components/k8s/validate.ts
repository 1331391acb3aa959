// Offline schema validation of Kubernetes objects with kubernetes-models (the API's OpenAPI
// schemas, ~10 µs an object). It does not flag unknown fields; the builders' TypeScript types do.

export interface SchemaError {
  object: string;
  message: string;
}

const modelCache = new Map<string, (new (data: unknown) => { validate(): void }) | null>();

function modelFor(apiVersion: string, kind: string) {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    // Core objects live under kubernetes-models/v1/, grouped ones under kubernetes-models/<group>/<version>/;
    // GKE's custom resources (ManagedCertificate) under @kubernetes-models/gke/<group>/<version>/.
    const modulePath = apiVersion.split("/")[0].endsWith(".gke.io") ? `@kubernetes-models/gke/${apiVersion}/${kind}` : `kubernetes-models/${apiVersion}/${kind}`;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      modelCache.set(key, require(modulePath)[kind]);
    } catch {
      modelCache.set(key, null);
    }
  }
  return modelCache.get(key) ?? null;
}

/** Validate one object; returns the problems (none when valid). Unknown kinds are an error too. */
export function validateKubeObject(obj: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } }): SchemaError[] {
  const id = `${obj.kind ?? "?"}/${obj.metadata?.namespace ? obj.metadata.namespace + "/" : ""}${obj.metadata?.name ?? "?"}`;
  if (!obj.apiVersion || !obj.kind) return [{ object: id, message: "missing apiVersion or kind" }];
  const Model = modelFor(obj.apiVersion, obj.kind);
  if (!Model) return [{ object: id, message: `no schema known for ${obj.apiVersion} ${obj.kind}` }];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    return [{ object: id, message: e instanceof Error ? e.message : String(e) }];
  }
}
