// The library services an environment can check out. The stack schema, the program's service
// registry (total over these names), the gateway and the handoff all read this one list.

export const SERVICE_NAMES = ["balrog", "bouncer", "shipit", "archive"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The services present in a `services` map, in catalogue order. */
export function checkedOut(services: Readonly<Partial<Record<ServiceName, unknown>>>): ServiceName[] {
  return SERVICE_NAMES.filter((s) => services[s] !== undefined);
}
