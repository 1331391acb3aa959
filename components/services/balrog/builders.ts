// Every object of an environment's Balrog copy, from its subsystems: common.ts (names, Secrets,
// build arguments), database.ts (MySQL), seed.ts (the seed Job), app.ts (admin, public, agent).
import { adminDeployment, agentDeployment, appServices, publicDeployment, redisObjects, wsgiConfigMap } from "./app";
import { secretObjects, type BalrogBuildArgs } from "./common";
import { databaseObjects } from "./database";
import { provenanceConfigMap, seedObjects, seedScriptConfigMap } from "./seed";

/** Every object of a Balrog copy, grouped by what the component needs to order them. */
export function balrogObjects(args: BalrogBuildArgs) {
  return {
    seedScript: seedScriptConfigMap(args),
    provenance: provenanceConfigMap(args),
    secrets: secretObjects(args),
    database: databaseObjects(args),
    redis: redisObjects(args),
    seed: seedObjects(args),
    admin: adminDeployment(args),
    public: publicDeployment(args),
    agent: agentDeployment(args),
    services: appServices(args),
    wsgi: wsgiConfigMap(args),
  };
}
