// releng:services:Balrog — a private Balrog (admin, public, agent, MySQL) inside an environment,
// seeded by a Job from a production dump, a snapshot URL, or an empty schema.
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { RandomString } from "@pulumi/random/randomString";
import type { SecretSource } from "../../../domain/secrets";
import type { EnvironmentStack } from "../../../stacks/load";
import { declareObject } from "../../k8s/declare";
import { wsgiConfigMap } from "./app";
import { balrogObjects } from "./builders";
import { adminApiRoot, balrogBuildArgs, BALROG_NAMES, dbUri, dumpUrl, publicUrl, SECRET_KEYS } from "./common";
import { seedJobName } from "./seed";
import { seedScriptText } from "./seedScript";

export interface BalrogArgs {
  config: EnvironmentStack;
  namespace: string;
  secrets: SecretSource;
  /** Namespace and guardrails: must exist before any of these objects. */
  dependsOn: pulumi.Resource[];
  /** The environment's own download hosts Balrog accepts in release blobs (wsgiEntry.ts balrogDownloadDomains). */
  downloadDomains: pulumi.Input<Record<string, string>>;
}

/** Secret config paths the copy reads when present (`releng-envs:secrets.balrog.*`); generated otherwise. */
export const BALROG_SECRET_PATHS = {
  secretKey: "balrog.secretKey",
  m2mClientId: "balrog.auth0M2mClientId",
  m2mClientSecret: "balrog.auth0M2mClientSecret",
} as const;

/** The `seed` stack output: what was configured, and what the seed job recorded. */
export interface BalrogSeedOutput {
  source: string;
  url: string;
  generation: number;
  job: string;
  provenanceConfigMap: string;
  provenance: Record<string, string>;
  readWith: string;
}

export class Balrog extends pulumi.ComponentResource {
  readonly adminApiRoot: pulumi.Output<string>;
  readonly publicUrl: pulumi.Output<string>;
  readonly seed: pulumi.Output<BalrogSeedOutput>;

  constructor(name: string, args: BalrogArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:services:Balrog", name, {}, opts);
    const build = balrogBuildArgs(args.config, args.namespace, seedScriptText());
    const objects = balrogObjects(build);
    const child = { parent: this };
    const inNamespace = { parent: this, dependsOn: args.dependsOn };

    // Generated per environment; URL-safe (no special characters) because the password sits in DBURI.
    const password = (n: string) => new RandomPassword(n, { length: 32, special: false }, child).result;
    const rootPassword = pulumi.secret(password(`${name}-db-root-password`));
    const appPassword = pulumi.secret(password(`${name}-db-app-password`));
    const fromConfigOrGenerated = (path: string, generated: () => pulumi.Output<string>) =>
      pulumi.secret(args.secrets.has(path) ? args.secrets.get(path) : generated());
    const secretKey = fromConfigOrGenerated(BALROG_SECRET_PATHS.secretKey, () => new RandomPassword(`${name}-secret-key`, { length: 50 }, child).result);
    // Generated M2M credentials only let the agent start; it authenticates once the real stage
    // client is configured (docs/balrog.md).
    const m2mId = fromConfigOrGenerated(BALROG_SECRET_PATHS.m2mClientId, () => new RandomString(`${name}-m2m-client-id`, { length: 32, special: false }, child).result);
    const m2mSecret = fromConfigOrGenerated(BALROG_SECRET_PATHS.m2mClientSecret, () => new RandomPassword(`${name}-m2m-client-secret`, { length: 64, special: false }, child).result);

    const dbSecret = declareObject(objects.secrets.db, inNamespace, {
      stringData: pulumi.secret(
        pulumi.all([rootPassword, appPassword]).apply(([root, app]) => ({
          [SECRET_KEYS.db.rootPassword]: root,
          [SECRET_KEYS.db.appPassword]: app,
          [SECRET_KEYS.db.dbUri]: dbUri(args.namespace, app),
        })),
      ),
    });
    const appSecret = declareObject(objects.secrets.app, inNamespace, {
      stringData: pulumi.secret(secretKey.apply((k) => ({ [SECRET_KEYS.app.secretKey]: k }))),
    });
    const agentSecret = declareObject(objects.secrets.agent, inNamespace, {
      stringData: pulumi.secret(pulumi.all([m2mId, m2mSecret]).apply(([id, s]) => ({ [SECRET_KEYS.agent.clientId]: id, [SECRET_KEYS.agent.clientSecret]: s }))),
    });
    const script = declareObject(objects.seedScript, inNamespace);
    // The seed job owns the data from then on: later plans must not reset what it wrote.
    const provenance = declareObject(objects.provenance, { ...inNamespace, ignoreChanges: ["data"] });

    const pvc = declareObject(objects.database.pvc, inNamespace);
    const dbService = declareObject(objects.database.service, inNamespace);
    const db = declareObject(objects.database.statefulSet, { parent: this, dependsOn: [...args.dependsOn, pvc, dbSecret] });

    if (objects.redis) {
      declareObject(objects.redis.service, inNamespace);
      declareObject(objects.redis.deployment, inNamespace);
    }

    const seedAccount = declareObject(objects.seed.serviceAccount, inNamespace);
    const seedRole = declareObject(objects.seed.role, inNamespace);
    const seedBinding = declareObject(objects.seed.roleBinding, { parent: this, dependsOn: [...args.dependsOn, seedAccount, seedRole] });
    const seedPolicy = declareObject(objects.seed.apiServerPolicy, inNamespace);
    const job = declareObject(objects.seed.job, {
      parent: this,
      dependsOn: [...args.dependsOn, db, dbService, dbSecret, script, provenance, seedBinding, seedPolicy],
      // A Job's pod template is immutable: a new seed identity is a new Job (seedJobName).
      deleteBeforeReplace: true,
    });

    const wsgi = declareObject(objects.wsgi, inNamespace, { data: pulumi.output(args.downloadDomains).apply((d) => wsgiConfigMap(build, d).data!) });
    const apps = [...args.dependsOn, dbSecret, appSecret, script, dbService, wsgi];
    declareObject(objects.services.admin, inNamespace);
    declareObject(objects.services.public, inNamespace);
    const admin = declareObject(objects.admin, { parent: this, dependsOn: [...apps, job] });
    // Admin rolls out before public: on a new image admin runs against the upgraded schema first,
    // and public (read-only, tolerant of additive changes) follows once admin is ready.
    declareObject(objects.public, { parent: this, dependsOn: [...apps, job, admin] });
    declareObject(objects.agent, { parent: this, dependsOn: [...args.dependsOn, agentSecret] });

    this.adminApiRoot = pulumi.output(adminApiRoot(args.namespace));
    this.publicUrl = pulumi.output(publicUrl(args.namespace));
    const readWith = `kubectl -n ${args.namespace} get configmap ${BALROG_NAMES.provenance} -o jsonpath='{.data}'`;
    const seedOutput = {
      source: build.settings.seed.source,
      url: dumpUrl(build.settings.seed) ?? "none",
      generation: build.settings.seed.generation,
      job: seedJobName(build),
      provenanceConfigMap: BALROG_NAMES.provenance,
      // What the job recorded (dump URL, Last-Modified, import time, row counts), as of the last
      // refresh of the stack; `readWith` shows it live.
      provenance: (provenance as unknown as { data: pulumi.Output<Record<string, string>> }).data,
      readWith,
    };
    this.seed = pulumi.output(seedOutput) as pulumi.Output<BalrogSeedOutput>;
    this.registerOutputs({ adminApiRoot: this.adminApiRoot, publicUrl: this.publicUrl, seed: this.seed });
  }
}
