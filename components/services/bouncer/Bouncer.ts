// releng:services:Bouncer — an environment's Bouncer copy. Objects come from the pure builders;
// this component only adds generated credentials (Pulumi secrets) and declares the resources.
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { inClusterUrl } from "../../../catalog/endpoints";
import type { EnvironmentPlacement } from "../../env/placement";
import { declarerIn, namespaceOf } from "../../k8s/declare";
import type { HandoffInput } from "../handoff/stagingRelease";
import { authUsersJson, bouncerDsn, bouncerObjects, pinnedBaseUrls, type BouncerCopy } from "./builders";

export interface BouncerArgs {
  placement: EnvironmentPlacement;
  settings: BouncerCopy;
  /** The environment's handoff: go-bouncer redirects to its archive when the environment has its own. */
  handoff: HandoffInput;
  /** The environment's namespace (Environment.namespace): every object waits for it and its guardrails. */
  namespace: pulumi.Output<string>;
  /** Base domain of the environment's public hosts (an Output on gke); undefined: in-cluster only. */
  publicDomain?: pulumi.Input<string>;
}

export class Bouncer extends pulumi.ComponentResource {
  readonly redirectorUrl: pulumi.Output<string>;
  readonly adminApiUrl: pulumi.Output<string>;
  /** Whether go-bouncer points at the environment's archive or the production CDN. */
  readonly downloadsFrom: pulumi.Output<string>;

  constructor(name: string, args: BouncerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:services:Bouncer", name, {}, opts);
    const { placement, settings, handoff } = args;
    const objects = bouncerObjects(placement, settings, handoff);
    const namespace = objects.mysql.metadata!.namespace!;
    const declare = declarerIn(args.namespace, this);

    // Alphanumeric only: the password sits inside a DSN (user:pass@tcp(...)) unescaped.
    const password = (purpose: string) => new RandomPassword(`${name}-${purpose}`, { length: 32, special: false }, { parent: this }).result;
    const rootPassword = password("mysql-root");
    const userPassword = password("mysql-user");
    const adminUsers = Object.fromEntries(settings.adminUsers.map((u) => [u, password(`admin-${u}`)]));

    declare(objects.mysqlSecret, {}, {
      stringData: pulumi.secret(pulumi.all([rootPassword, userPassword]).apply(([root, user]) => ({ MYSQL_ROOT_PASSWORD: root, MYSQL_PASSWORD: user }))),
    });
    declare(objects.redirectorSecret, {}, {
      stringData: pulumi.secret(userPassword.apply((pw) => ({ BOUNCER_DB_DSN: bouncerDsn(namespace, pw) }))),
    });
    declare(objects.adminSecret, {}, {
      // The first user also under the names bouncerscript reads, for the environment's own bouncer pool.
      stringData: pulumi.secret(
        pulumi.all(adminUsers).apply((users) => ({ AUTH_USERS: authUsersJson(users), BOUNCER_USERNAME: settings.adminUsers[0], BOUNCER_PASSWORD: users[settings.adminUsers[0]] })),
      ),
    });
    const init = declare(objects.mysqlInit);
    declare(objects.mysqlService);
    declare(objects.mysql, { dependsOn: [init] });
    const redirectorService = declare(objects.redirectorService);
    // Redirects must name the archive's public host, known on gke only once the DNS zone resolves.
    const published = pulumi.output(args.publicDomain).apply((d) => bouncerObjects(placement, settings, handoff, d));
    declare(objects.redirector, {}, { spec: published.apply((b) => b.redirector.spec!) });
    const adminService = declare(objects.adminService);
    declare(objects.admin);

    // URLs come from the Services that serve them: a reader of an output waits for them.
    this.redirectorUrl = namespaceOf(redirectorService).apply((ns) => inClusterUrl(ns, "bouncerRedirector"));
    this.adminApiUrl = namespaceOf(adminService).apply((ns) => `${inClusterUrl(ns, "bouncerAdmin")}/api`);
    this.downloadsFrom = pulumi.output(pinnedBaseUrls(handoff, settings.cdn).source);
    this.registerOutputs({ redirectorUrl: this.redirectorUrl, adminApiUrl: this.adminApiUrl, downloadsFrom: this.downloadsFrom });
  }
}
