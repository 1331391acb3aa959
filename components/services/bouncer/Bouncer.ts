// releng:services:Bouncer — an environment's Bouncer copy. Objects come from the pure builders;
// this component only adds generated credentials (Pulumi secrets) and declares the resources.
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import type { EnvironmentStack } from "../../../stacks/load";
import type { BouncerSettings } from "../../../stacks/schema/services/bouncer";
import { inClusterUrl } from "../../../catalog/endpoints";
import { declareObject } from "../../k8s/declare";
import { authUsersJson, bouncerDsn, bouncerObjects, pinnedBaseUrls } from "./builders";

export interface BouncerArgs {
  config: EnvironmentStack;
  settings: BouncerSettings;
  /** Namespace guardrails that must exist first. */
  dependsOn?: pulumi.Resource[];
}

export class Bouncer extends pulumi.ComponentResource {
  readonly redirectorUrl: pulumi.Output<string>;
  readonly adminApiUrl: pulumi.Output<string>;
  /** Whether go-bouncer points at the environment's archive or the production CDN. */
  readonly downloadsFrom: pulumi.Output<string>;

  constructor(name: string, args: BouncerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:services:Bouncer", name, {}, opts);
    const { config, settings } = args;
    const objects = bouncerObjects(config, settings);
    const namespace = objects.mysql.metadata!.namespace!;
    const child = { parent: this, dependsOn: args.dependsOn ?? [] };

    // Alphanumeric only: the password sits inside a DSN (user:pass@tcp(...)) unescaped.
    const password = (purpose: string) => new RandomPassword(`${name}-${purpose}`, { length: 32, special: false }, { parent: this }).result;
    const rootPassword = password("mysql-root");
    const userPassword = password("mysql-user");
    const adminUsers = Object.fromEntries(settings.adminUsers.map((u) => [u, password(`admin-${u}`)]));

    declareObject(objects.mysqlSecret, child, {
      stringData: pulumi.secret(pulumi.all([rootPassword, userPassword]).apply(([root, user]) => ({ MYSQL_ROOT_PASSWORD: root, MYSQL_PASSWORD: user }))),
    });
    declareObject(objects.redirectorSecret, child, {
      stringData: pulumi.secret(userPassword.apply((pw) => ({ BOUNCER_DB_DSN: bouncerDsn(namespace, pw) }))),
    });
    declareObject(objects.adminSecret, child, {
      // The first user also under the names bouncerscript reads, for the environment's own bouncer pool.
      stringData: pulumi.secret(
        pulumi.all(adminUsers).apply((users) => ({ AUTH_USERS: authUsersJson(users), BOUNCER_USERNAME: settings.adminUsers[0], BOUNCER_PASSWORD: users[settings.adminUsers[0]] })),
      ),
    });
    const init = declareObject(objects.mysqlInit, child);
    declareObject(objects.mysqlService, child);
    declareObject(objects.mysql, { ...child, dependsOn: [...child.dependsOn, init] });
    declareObject(objects.redirectorService, child);
    declareObject(objects.redirector, child);
    declareObject(objects.adminService, child);
    declareObject(objects.admin, child);

    this.redirectorUrl = pulumi.output(inClusterUrl(namespace, "bouncerRedirector"));
    this.adminApiUrl = pulumi.output(`${inClusterUrl(namespace, "bouncerAdmin")}/api`);
    this.downloadsFrom = pulumi.output(pinnedBaseUrls(config, settings).source);
    this.registerOutputs({ redirectorUrl: this.redirectorUrl, adminApiUrl: this.adminApiUrl, downloadsFrom: this.downloadsFrom });
  }
}
