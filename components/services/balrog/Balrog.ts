// releng:services:Balrog — a private Balrog (admin, public, agent, MySQL) inside an environment,
// seeded by a Job from a production dump, a snapshot URL, or an empty schema.
import * as pulumi from "@pulumi/pulumi";
import { BALROG_SECRET_PATHS } from "../../../catalog/balrog";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { RandomString } from "@pulumi/random/randomString";
import type { SecretSource } from "../../../domain/secrets";
import type { EnvironmentPlacement } from "../../env/placement";
import { declarerIn, nameOf, namespaceOf } from "../../k8s/declare";
import { wsgiConfigMap } from "./app";
import { balrogObjects } from "./builders";
import { adminApiRoot, balrogBuildArgs, dbUri, dumpUrl, publicUrl, SECRET_KEYS, type BalrogCopy } from "./common";
import { seedScriptText } from "./seedScript";

export interface BalrogArgs {
  placement: EnvironmentPlacement;
  settings: BalrogCopy;
  /** The environment's namespace (Environment.namespace): every object waits for it and its guardrails. */
  namespace: pulumi.Output<string>;
  secrets: SecretSource;
  /** The environment's own download hosts Balrog accepts in release blobs (wsgiEntry.ts balrogDownloadDomains). */
  downloadDomains: pulumi.Input<Record<string, string>>;
}


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
    const build = balrogBuildArgs(args.placement, args.settings, seedScriptText());
    const { namespace } = build;
    const objects = balrogObjects(build);
    const child = { parent: this };
    const declare = declarerIn(args.namespace, this);

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

    const dbSecret = declare(objects.secrets.db, {}, {
      stringData: pulumi.secret(
        pulumi.all([rootPassword, appPassword]).apply(([root, app]) => ({
          [SECRET_KEYS.db.rootPassword]: root,
          [SECRET_KEYS.db.appPassword]: app,
          [SECRET_KEYS.db.dbUri]: dbUri(namespace, app),
        })),
      ),
    });
    const appSecret = declare(objects.secrets.app, {}, {
      stringData: pulumi.secret(secretKey.apply((k) => ({ [SECRET_KEYS.app.secretKey]: k }))),
    });
    const agentSecret = declare(objects.secrets.agent, {}, {
      stringData: pulumi.secret(pulumi.all([m2mId, m2mSecret]).apply(([id, s]) => ({ [SECRET_KEYS.agent.clientId]: id, [SECRET_KEYS.agent.clientSecret]: s }))),
    });
    const script = declare(objects.seedScript);
    // The seed job owns the data from then on: later plans must not reset what it wrote.
    const provenance = declare(objects.provenance, { ignoreChanges: ["data"] });

    const pvc = declare(objects.database.pvc);
    const dbService = declare(objects.database.service);
    const db = declare(objects.database.statefulSet, { dependsOn: [pvc, dbSecret] });

    if (objects.redis) {
      declare(objects.redis.service);
      declare(objects.redis.deployment);
    }

    const seedAccount = declare(objects.seed.serviceAccount);
    const seedRole = declare(objects.seed.role);
    const seedBinding = declare(objects.seed.roleBinding, { dependsOn: [seedAccount, seedRole] });
    const seedPolicy = declare(objects.seed.apiServerPolicy);
    const job = declare(objects.seed.job, {
      dependsOn: [db, dbService, dbSecret, script, provenance, seedBinding, seedPolicy],
      // A Job's pod template is immutable: a new seed identity is a new Job (seedJobName).
      deleteBeforeReplace: true,
    });

    const wsgi = declare(objects.wsgi, {}, { data: pulumi.output(args.downloadDomains).apply((d) => wsgiConfigMap(build, d).data!) });
    const apps = [dbSecret, appSecret, script, dbService, wsgi];
    const adminService = declare(objects.services.admin);
    const publicService = declare(objects.services.public);
    const admin = declare(objects.admin, { dependsOn: [...apps, job] });
    // Admin rolls out before public: on a new image admin runs against the upgraded schema first,
    // and public (read-only, tolerant of additive changes) follows once admin is ready.
    declare(objects.public, { dependsOn: [...apps, job, admin] });
    declare(objects.agent, { dependsOn: [agentSecret] });

    // URLs come from the Services that serve them, the seed's names from the Job and the ConfigMap:
    // a reader of an output waits for them.
    this.adminApiRoot = namespaceOf(adminService).apply(adminApiRoot);
    this.publicUrl = namespaceOf(publicService).apply(publicUrl);
    const readWith = pulumi.interpolate`kubectl -n ${namespaceOf(provenance)} get configmap ${nameOf(provenance)} -o jsonpath='{.data}'`;
    const seedOutput = {
      source: build.settings.seed.source,
      url: dumpUrl(build.settings.seed) ?? "none",
      generation: build.settings.seed.generation,
      job: nameOf(job),
      provenanceConfigMap: nameOf(provenance),
      // What the job recorded (dump URL, Last-Modified, import time, row counts), as of the last
      // refresh of the stack; `readWith` shows it live.
      provenance: (provenance as unknown as { data: pulumi.Output<Record<string, string>> }).data,
      readWith,
    };
    this.seed = pulumi.output(seedOutput) as pulumi.Output<BalrogSeedOutput>;
    this.registerOutputs({ adminApiRoot: this.adminApiRoot, publicUrl: this.publicUrl, seed: this.seed });
  }
}
