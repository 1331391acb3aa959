// One problem with a stack's config: the key, what is wrong and the fix. Config checks in every layer
// return these; stacks/errors.ts gathers them into the one ConfigError a user sees.

export interface ConfigProblem {
  /** Key path as `pulumi config set --path` spells it, e.g. `releng-envs:services.balrog.image`. */
  key: string;
  problem: string;
  fix: string;
}
