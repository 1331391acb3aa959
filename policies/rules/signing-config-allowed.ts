// What a signing worker reads is what it may use: every signing pool mounts the generated
// passwords.yml and init_worker.sh over the image's own (whose passwords.yml adds Autograph stage at
// ENV=fake-prod and whose init_worker.sh demands stage credentials), and the mounted content names
// only servers, formats, cert scopes and credentials the pool's level allows (docs/pools.md).
import { CATALOG } from "../generated/catalog";
import { judgedLevels } from "../lib/allow";
import { docsUrl, type RelengStackPolicy } from "../lib/policy";
import { because } from "../lib/report";
import { initWorkerProblems, mountedFiles, passwordsProblems } from "../lib/signing";
import { buildModel } from "../lib/model";
import { trustOf } from "../lib/trust";
import { findings } from "../lib/report";

const NAME = "signing-config-allowed";

export const signingConfigAllowed: RelengStackPolicy = {
  name: NAME,
  description: "Every signing pool mounts the generated passwords.yml and init_worker.sh over the image's own, and they name only the Autograph servers, formats, cert scopes and credentials its trust level allows.",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "pools", "signing"],
  url: docsUrl(NAME),
  remediationSteps:
    "Declare the pool through the project (releng-envs:pools with its autograph servers) so it mounts the generated files at " +
    `${CATALOG.signingFiles.passwordsTemplate} and ${CATALOG.signingFiles.initWorker}. Prod and dep pools use production Autograph only, ` +
    "with their level's cert scope and credentials; only dev pools may add Autograph stage, for stage formats, with AUTOGRAPH_STAGE_* credentials.",
  validateStack: (args, reportViolation) => {
    const found = findings(reportViolation);
    const model = buildModel(args.resources);
    for (const subject of model.subjects) {
      if (!subject.isWorkload) continue;
      const trust = trustOf(subject, model);
      if (!trust.isPool || trust.script !== "signing") continue;
      const levels = judgedLevels(trust);
      const product = subject.labels[CATALOG.labels.cotProduct] ?? subject.env.find((e) => e.name === "COT_PRODUCT")?.value;
      const files = mountedFiles(subject, model);
      for (const [path, judge] of [
        [CATALOG.signingFiles.passwordsTemplate, (t: string) => passwordsProblems(t, levels, product)],
        [CATALOG.signingFiles.initWorker, (t: string) => initWorkerProblems(t, levels)],
      ] as const) {
        const file = files.get(path);
        if (!file || file.text === undefined) {
          found(subject.resource, path, `the signing pool does not mount a declared replacement at ${path}, so the image's own file applies (it adds Autograph stage below prod)${because(trust.evidence)}`);
          continue;
        }
        for (const problem of judge(file.text)) found(file.source ?? subject.resource, file.where, `${problem}${because(trust.evidence)}`);
      }
    }
  },
};
