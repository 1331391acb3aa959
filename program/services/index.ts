// The registry of library services an environment can check out: total over ServiceName, so a
// service added to the schema fails to compile until it has a module here.
import type { ServiceName } from "../../catalog/services";
import { archive } from "./archive";
import { balrog } from "./balrog";
import { bouncer } from "./bouncer";
import type { ServiceModule } from "./module";
import { shipit } from "./shipit";

/** Each module keeps its own settings type; the registry only needs plan → egress → declare to agree. */
export const SERVICES: Readonly<Record<ServiceName, ServiceModule<unknown>>> = { balrog, bouncer, shipit, archive };
