// releng:platform:SecretsKey — a Cloud KMS key ring and key for Pulumi's `gcpkms://` secrets
// provider, so shared stacks (pools, platform, CI) encrypt config secrets with a key the team holds
// through IAM instead of a passphrase. Users are granted encrypt/decrypt on this key only.
// Key rings cannot be deleted in GCP, and a destroyed key makes every stack secret unreadable: the
// key is protected.
import * as pulumi from "@pulumi/pulumi";
import { CryptoKey } from "@pulumi/gcp/kms/cryptoKey";
import { CryptoKeyIAMMember } from "@pulumi/gcp/kms/cryptoKeyIAMMember";
import { KeyRing } from "@pulumi/gcp/kms/keyRing";
import type { PlatformPlan } from "./plan";

export class SecretsKey extends pulumi.ComponentResource {
  /** `gcpkms://projects/…/cryptoKeys/<key>`: pass to `pulumi stack init --secrets-provider`. */
  readonly secretsProvider: pulumi.Output<string>;

  constructor(name: string, args: { plan: PlatformPlan }, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:platform:SecretsKey", name, {}, opts);
    const { plan } = args;
    const ring = new KeyRing(plan.kms.keyRing, { name: plan.kms.keyRing, project: plan.project, location: plan.kms.location }, { parent: this, protect: true });
    const key = new CryptoKey(
      plan.kms.key,
      { name: plan.kms.key, keyRing: ring.id, purpose: "ENCRYPT_DECRYPT", rotationPeriod: "7776000s", labels: { "managed-by": "pulumi", "releng-envs-kind": "platform" } },
      { parent: this, protect: true },
    );
    plan.kms.users.forEach(
      (member) =>
        new CryptoKeyIAMMember(`${plan.kms.key}-${member.replace(/[^a-zA-Z0-9]+/g, "-")}`, { cryptoKeyId: key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member }, { parent: this }),
    );
    this.secretsProvider = key.id.apply(() => plan.kms.secretsProvider);
    this.registerOutputs({ secretsProvider: this.secretsProvider });
  }
}
