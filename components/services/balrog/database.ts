// A Balrog copy's MySQL: its StatefulSet, the claim it keeps its data on, and its Service. Pure.
import { BALROG_DATABASE, BALROG_PORTS, BALROG_RESOURCES, BALROG_UIDS } from "../../../catalog/balrog";
import { restrictedContainerSecurityContext } from "../../k8s/security";
import type { PersistentVolumeClaim, Service, StatefulSet } from "../../k8s/types";
import { databaseStatefulSet, namedPortService, secretEnv } from "../objects";
import { BALROG_NAMES, identity, resources, SECRET_KEYS, type BalrogBuildArgs } from "./common";

export function databaseObjects(args: BalrogBuildArgs): { pvc: PersistentVolumeClaim; statefulSet: StatefulSet; service: Service } {
  const { statefulSet, claim } = databaseStatefulSet({
    id: identity(args, "db"),
    name: BALROG_NAMES.db,
    replicas: args.replicas,
    pod: { uid: BALROG_UIDS.mysql, terminationGracePeriodSeconds: 60 },
    container: {
      name: "mysql",
      image: args.settings.images.mysql,
      // The official image creates MYSQL_DATABASE and MYSQL_USER (with all privileges on it) on first start.
      env: [
        secretEnv("MYSQL_ROOT_PASSWORD", BALROG_NAMES.dbSecret, SECRET_KEYS.db.rootPassword),
        { name: "MYSQL_DATABASE", value: BALROG_DATABASE.name },
        { name: "MYSQL_USER", value: BALROG_DATABASE.user },
        secretEnv("MYSQL_PASSWORD", BALROG_NAMES.dbSecret, SECRET_KEYS.db.appPassword),
      ],
      ports: [{ name: "mysql", containerPort: BALROG_PORTS.mysql }],
      // The entrypoint's first-start init runs a server without networking, so TCP answers only when
      // the real server (users and database created) is up.
      readinessProbe: { tcpSocket: { port: BALROG_PORTS.mysql }, periodSeconds: 10, failureThreshold: 3 },
      livenessProbe: { tcpSocket: { port: BALROG_PORTS.mysql }, initialDelaySeconds: 120, periodSeconds: 20, failureThreshold: 6 },
      resources: resources(args.settings.sizes.database, BALROG_RESOURCES.database),
      // Not read-only: the official entrypoint writes outside the data directory on first start.
      securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: false }),
    },
    // The claim is declared on its own (not a volumeClaimTemplate) so returning the environment deletes it.
    data: { mount: { mountPath: "/var/lib/mysql" }, storage: args.settings.sizes.databaseStorage, claimName: BALROG_NAMES.dbData },
    runPath: "/var/run/mysqld",
  });
  return { pvc: claim!, statefulSet, service: namedPortService(identity(args, "db"), BALROG_NAMES.db, "mysql", BALROG_PORTS.mysql, BALROG_PORTS.mysql) };
}
