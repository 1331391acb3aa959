// releng:services:ShipIt — an environment's Ship-it copy. Objects come from the pure builders; this
// component adds the credentials (generated ones and those from secret config) as Pulumi secrets.
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { inClusterUrl } from "../../../catalog/endpoints";
import { SHIPIT, type ShipitSecretName } from "../../../catalog/shipit";
import type { EnvironmentPlacement } from "../../env/placement";
import { declarerIn, namespaceOf } from "../../k8s/declare";
import { shipitDatabaseUrl, shipitObjects, type ShipitCopy } from "./builders";

export interface ShipItArgs {
  placement: EnvironmentPlacement;
  settings: ShipitCopy;
  /** Taskcluster and Auth0 credentials, each a Pulumi secret Output (from releng-envs:secrets.shipit.*). */
  credentials: Record<ShipitSecretName, pulumi.Output<string>>;
  /** The environment's namespace (Environment.namespace): every object waits for it and its guardrails. */
  namespace: pulumi.Output<string>;
}

export class ShipIt extends pulumi.ComponentResource {
  readonly apiUrl: pulumi.Output<string>;
  readonly publicApiUrl: pulumi.Output<string>;

  constructor(name: string, args: ShipItArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:services:ShipIt", name, {}, opts);
    const { placement, settings, credentials } = args;
    const objects = shipitObjects(placement, settings);
    const namespace = objects.postgres.metadata!.namespace!;
    const declare = declarerIn(args.namespace, this);

    const generated = (purpose: string, length = 32) => new RandomPassword(`${name}-${purpose}`, { length, special: false }, { parent: this }).result;
    const ownerPassword = generated("postgres-owner");
    const readonlyPassword = generated("postgres-readonly");
    // settings.py decodes SECRET_KEY_BASE64 with base64.b64decode: 48 random characters, encoded.
    const secretKey = generated("secret-key", 48).apply((k) => Buffer.from(k, "utf8").toString("base64"));

    declare(objects.postgresSecret, {}, {
      stringData: pulumi.secret(pulumi.all([ownerPassword, readonlyPassword]).apply(([owner, ro]) => ({ POSTGRES_PASSWORD: owner, SHIPIT_READONLY_PASSWORD: ro }))),
    });
    const credentialEnv = Object.fromEntries(Object.entries(SHIPIT.secrets).map(([k, env]) => [env, credentials[k as ShipitSecretName]]));
    declare(objects.adminSecret, {}, {
      stringData: pulumi.secret(
        pulumi.all([ownerPassword, secretKey, pulumi.all(credentialEnv)]).apply(([owner, key, creds]) => ({
          DATABASE_URL: shipitDatabaseUrl(namespace, SHIPIT.database.user, owner),
          SECRET_KEY_BASE64: key,
          ...(creds as Record<string, string>),
        })),
      ),
    });
    declare(objects.publicSecret, {}, {
      stringData: pulumi.secret(readonlyPassword.apply((ro) => ({ DATABASE_URL: shipitDatabaseUrl(namespace, SHIPIT.database.readonlyUser, ro) }))),
    });
    const init = declare(objects.postgresInit);
    declare(objects.postgresService);
    declare(objects.postgres, { dependsOn: [init] });
    const adminService = declare(objects.adminService);
    declare(objects.admin);
    const publicService = declare(objects.publicService);
    declare(objects.public);

    // URLs come from the Services that serve them: a reader of an output waits for them.
    this.apiUrl = namespaceOf(adminService).apply((ns) => inClusterUrl(ns, "shipitAdmin"));
    this.publicApiUrl = namespaceOf(publicService).apply((ns) => inClusterUrl(ns, "shipitPublic"));
    this.registerOutputs({ apiUrl: this.apiUrl, publicApiUrl: this.publicApiUrl });
  }
}
