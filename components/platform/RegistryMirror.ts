// releng:platform:RegistryMirror — an Artifact Registry remote repository mirroring Docker Hub, so
// clusters pull the public images (mozilla/balrog, mozilla/releng-*, mysql, ubuntu/squid, …) through
// the project: cached, not rate-limited per node, reachable from private nodes. Readers are granted
// on the repository only.
import * as pulumi from "@pulumi/pulumi";
import { Repository } from "@pulumi/gcp/artifactregistry/repository";
import { RepositoryIamMember } from "@pulumi/gcp/artifactregistry/repositoryIamMember";
import type { PlatformPlan } from "./plan";

export interface RegistryMirrorArgs {
  plan: PlatformPlan;
  /** IAM members that pull through the mirror (the GKE nodes' account). */
  readers: pulumi.Input<string>[];
}

export class RegistryMirror extends pulumi.ComponentResource {
  /** `<location>-docker.pkg.dev/<project>/<repository>`: prefix of every mirrored image. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: RegistryMirrorArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("releng:platform:RegistryMirror", name, {}, opts);
    const { plan } = args;
    const repo = new Repository(
      plan.registryMirror.repository,
      {
        repositoryId: plan.registryMirror.repository,
        project: plan.project,
        location: plan.registryMirror.location,
        format: "DOCKER",
        mode: "REMOTE_REPOSITORY",
        description: "Docker Hub mirror for releng-envs (pools and environments pull through it on GKE)",
        remoteRepositoryConfig: { description: "Docker Hub", dockerRepository: { publicRepository: "DOCKER_HUB" } },
        labels: { "managed-by": "pulumi", "releng-envs-kind": "platform" },
      },
      { parent: this },
    );
    args.readers.forEach(
      (member, i) =>
        new RepositoryIamMember(
          `${plan.registryMirror.repository}-reader-${i}`,
          { project: plan.project, location: plan.registryMirror.location, repository: repo.repositoryId, role: "roles/artifactregistry.reader", member },
          { parent: this },
        ),
    );
    this.url = repo.repositoryId.apply(() => plan.registryMirror.url);
    this.registerOutputs({ url: this.url });
  }
}
