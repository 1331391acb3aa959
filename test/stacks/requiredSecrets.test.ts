// A pool's required secrets are what the stock image's start-up demands (catalog/upstream), so a pod
// with them passes upstream's init.sh + init_worker.sh + configloader.
import { describe, expect, it } from "vitest";
import { requiredSecrets } from "../../domain/pools/rules";

describe("requiredSecrets", () => {
  it("beetmover: GCS_DEP_CREDS and MAVEN_NIGHTLY_* below prod; GCS_RELEASE_CREDS and GCS_INTEGRATION_CREDS at prod", () => {
    for (const level of ["dep", "dev"] as const) {
      expect(requiredSecrets({ script: "beetmover", product: "firefox", level })).toEqual(expect.arrayContaining(["GCS_DEP_CREDS", "MAVEN_NIGHTLY_ID", "MAVEN_NIGHTLY_KEY", "TASKCLUSTER_ACCESS_TOKEN"]));
    }
    const prod = requiredSecrets({ script: "beetmover", product: "firefox", level: "prod" });
    expect(prod).toEqual(expect.arrayContaining(["GCS_RELEASE_CREDS", "GCS_INTEGRATION_CREDS", "ED25519_PRIVKEY"]));
    expect(prod).not.toContain("GCS_DEP_CREDS");
  });

  it("treescript: GITHUB_PRIVKEY wherever git is used; SSH_* for hg products", () => {
    expect(requiredSecrets({ script: "tree", product: "mobile", level: "dep" })).toEqual(["GITHUB_OAUTH_TOKEN", "GITHUB_PRIVKEY", "TASKCLUSTER_ACCESS_TOKEN"]);
    expect(requiredSecrets({ script: "tree", product: "thunderbird", level: "dep" })).toEqual(["GITHUB_PRIVKEY", "SSH_KEY", "SSH_USER", "TASKCLUSTER_ACCESS_TOKEN"]);
  });

  it("signing: the configured servers' credentials, never the stock template's Autograph stage ones", () => {
    const names = requiredSecrets({ script: "signing", product: "firefox", level: "dep", autographCredentials: ["AUTOGRAPH_GPG"] });
    expect(names).toEqual(["AUTOGRAPH_GPG_PASSWORD", "AUTOGRAPH_GPG_USERNAME", "TASKCLUSTER_ACCESS_TOKEN", "WIDEVINE_CERT"]);
  });
});
