// Names of an environment's own dep pools, from (script, environment) alone: the worker type within
// Taskcluster's 38 characters and the Taskcluster client id. Pure; the handoff and the pools agree.
import { ENV_POOL_CLIENT_PREFIX, ENV_POOL_PRODUCT, WORKER_TYPE, type EnvPoolScript } from "../../catalog/envPools";
import { trustDomain, workerLevel } from "./names";
import { readableId } from "../names";

/** `gecko-1-<script>-<env>-<hash>`; the hash covers the whole name, so two environments never share one. */
export function envWorkerType(script: EnvPoolScript, environment: string): string {
  return readableId(`${trustDomain(ENV_POOL_PRODUCT)}-${workerLevel(script, "dep")}-${script}`, environment, WORKER_TYPE.max);
}

/** `project/releng/scriptworker/v2/<script>/env/<worker type>` (fxci-config clients.yml shape). */
export function envPoolClientId(script: EnvPoolScript, workerType: string): string {
  return `${ENV_POOL_CLIENT_PREFIX}/${script}/env/${workerType}`;
}
