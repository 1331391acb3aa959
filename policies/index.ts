// The policy pack's entry point, and nothing else: `new PolicyPack` starts the analyzer gRPC server,
// prints its port, reads ./package.json for the version and may exit the process. The policies
// live in rules/ (collected in pack.ts) so tests and docs can import them without a server.
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_NAME, POLICIES } from "./pack";

new PolicyPack(PACK_NAME, { description: PACK_DESCRIPTION, enforcementLevel: "mandatory", policies: POLICIES });
