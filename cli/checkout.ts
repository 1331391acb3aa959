// `releng-envs checkout <name>`: writes a new, validated environment stack file.
import * as fs from "node:fs";
import YAML from "yaml";
import { isConfigError } from "../stacks/errors";
import { addDays } from "../domain/dates";
import { NAMESPACE } from "../stacks/load";
import { ENV_STACK_PREFIX, MAX_ENV_NAME } from "../catalog/environment";
import { SERVICE_NAMES } from "../catalog/services";
import { dnsLabel } from "../stacks/schema/common";
import { shownPath, type CliContext } from "./context";
import { checkEnvironmentName, createFileAtomically, environmentFile, stackOf, validateStackText } from "./environments";
import { CliError, problemBlock } from "./errors";
import { parseDays, parseDate, showConfigError } from "./options";
import { renderDirectory, renderTargetProblems } from "../program/renderTarget";
import { PROJECT_ROOT } from "../stacks/stackFile";

export interface CheckoutOptions {
  holder: string;
  services: string;
  days?: string;
  due?: string;
  purpose: string;
  /** `--set path=value`, repeatable: any other (non-secret) key of the stack file. */
  set?: string[];
  /** `--no-policies` sets this false: skip the policy pack (it takes a few seconds to start). */
  policies?: boolean;
}

// How each config key is given on this command line, so errors name the option to fix.
const CHECKOUT_OPTION: Record<string, { option: string; fix: string }> = {
  name: { option: "<name>", fix: "use lower-case letters, digits and '-', starting and ending with a letter or digit, e.g. jane-fx150" },
  holder: { option: "--holder", fix: "pass your email address, e.g. --holder jane@mozilla.com" },
  purpose: { option: "--purpose", fix: 'say what the environment is for, e.g. --purpose "Staging release of Firefox 150.0b3"' },
  services: { option: "--services", fix: `pass a comma-separated subset of ${SERVICE_NAMES.join(", ")}, e.g. --services balrog,archive` },
  due: { option: "--days / --due", fix: "check out for fewer days (at most the maximum), or a due date between today and the maximum" },
};

/** One `--set path=value`: a key path under `releng-envs:` and its value (typed as YAML reads it). */
export interface Setting {
  path: string[];
  value: unknown;
}

/**
 * Parses `--set services.bouncer.images.redirector=REG/go-bouncer:v1`. Secrets are refused: they
 * belong in Pulumi secret config, never in the file this writes.
 */
export function parseSetting(text: string): Setting {
  const eq = text.indexOf("=");
  const path = (eq > 0 ? text.slice(0, eq) : "").split(".");
  const bad = (problem: string, fix: string) =>
    // The value is never echoed: a hurried user may have pasted a secret.
    new CliError(problemBlock(`Cannot apply --set ${eq > 0 ? text.slice(0, eq) : "(no key)"}=…`, [{ key: "--set", problem, fix }]));
  if (eq <= 0 || path.some((p) => !/^[A-Za-z0-9_-]+$/.test(p) || ["__proto__", "constructor", "prototype"].includes(p))) {
    throw bad("must be KEY.PATH=VALUE with a dotted key path", "e.g. --set services.bouncer.images.redirector=REGISTRY/go-bouncer:TAG (keys: docs/config.md)");
  }
  if (path[0] === "secrets") {
    throw bad("would write a secret into the stack file", `set secrets after \`pulumi stack init\`: pulumi config set --secret --path 'releng-envs:${path.join(".")}' VALUE`);
  }
  if (["kind", "name", "holder", "purpose", "checkedOut", "due"].includes(path[0])) {
    throw bad(`sets ${path[0]}, which checkout writes from its own options`, "use the matching option (--holder, --purpose, --days/--due) instead");
  }
  // Parsed as YAML (so numbers and lists keep their type), without letting the parser quote the value.
  const doc = YAML.parseDocument(text.slice(eq + 1) || '""');
  if (doc.errors.length > 0) {
    throw bad("has a value that is not valid YAML (it is not shown here)", `quote the value, e.g. --set '${path.join(".")}="VALUE"', or write the key in the stack file after checkout`);
  }
  try {
    return { path, value: doc.toJS({ maxAliasCount: 10 }) };
  } catch {
    throw bad("has a value whose YAML aliases expand too far", "write the value out without aliases (*name)");
  }
}

export function checkoutFileText(args: { name: string; holder: string; purpose: string; today: string; due: string; services: string[]; settings?: Setting[] }): string {
  const doc = new YAML.Document({
    config: {
      [`${NAMESPACE}:kind`]: "environment",
      [`${NAMESPACE}:name`]: args.name,
      [`${NAMESPACE}:holder`]: args.holder,
      [`${NAMESPACE}:purpose`]: args.purpose,
      [`${NAMESPACE}:checkedOut`]: args.today,
      [`${NAMESPACE}:due`]: args.due,
      [`${NAMESPACE}:services`]: Object.fromEntries(args.services.map((s) => [s, {}])),
    },
  });
  for (const { path, value } of args.settings ?? []) doc.setIn(["config", `${NAMESPACE}:${path[0]}`, ...path.slice(1)], value);
  doc.commentBefore =
    ` Library checkout of environment '${args.name}' by ${args.holder} on ${args.today} (npx releng-envs checkout).\n` +
    ` Renew: npx releng-envs renew ${args.name} --days N     Return: npx releng-envs return ${args.name}\n` +
    ` Every key: docs/config.md (environment). Secrets only under releng-envs:secrets (pulumi config set --secret).`;
  // Dates quoted, as in the sample stack: YAML 1.1 readers would otherwise make them timestamps.
  for (const key of ["checkedOut", "due"]) {
    const node = doc.getIn(["config", `${NAMESPACE}:${key}`], true) as YAML.Scalar;
    node.type = YAML.Scalar.QUOTE_DOUBLE;
  }
  return doc.toString({ lineWidth: 0 });
}

export async function checkout(ctx: CliContext, name: string, opts: CheckoutOptions): Promise<void> {
  if (name.startsWith(ENV_STACK_PREFIX)) {
    // `checkout env-jane` would make stack env-env-jane: almost certainly the stack name given by mistake.
    throw new CliError(
      problemBlock(`Bad environment name: it starts with '${ENV_STACK_PREFIX}'.`, [
        { key: "<name>", problem: `is the stack name; the stack of environment <name> is ${ENV_STACK_PREFIX}<name>, so this would make ${ENV_STACK_PREFIX}${name}`, fix: `give the name without the '${ENV_STACK_PREFIX}' prefix${dnsLabel(MAX_ENV_NAME).safeParse(name.slice(ENV_STACK_PREFIX.length)).success ? `: npx releng-envs checkout ${name.slice(ENV_STACK_PREFIX.length)} …` : ""}` },
      ]),
    );
  }
  checkEnvironmentName(name);
  const stack = stackOf(name);
  const dest = environmentFile(ctx, name);

  const services = opts.services
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (services.length === 0) {
    throw new CliError(problemBlock("Nothing to check out.", [{ key: "--services", problem: "names no service", fix: CHECKOUT_OPTION.services.fix }]));
  }
  const unknown = services.filter((s) => !(SERVICE_NAMES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    // A short word is a typo worth showing; anything else may be a pasted secret and is not echoed.
    const shown = unknown.map((s) => (/^[a-z][a-z0-9-]{0,19}$/.test(s) ? `'${s}'` : "(a value not shown)"));
    throw new CliError(
      problemBlock(`Unknown service${unknown.length > 1 ? "s" : ""}.`, [
        { key: "--services (releng-envs:services)", problem: `${shown.join(", ")} ${unknown.length > 1 ? "are not library services" : "is not a library service"}`, fix: CHECKOUT_OPTION.services.fix },
      ]),
    );
  }
  if ((opts.days === undefined) === (opts.due === undefined)) {
    throw new CliError(problemBlock("When is it due?", [{ key: "--days / --due", problem: "give exactly one of them", fix: "pass --days N (due N days from today) or --due YYYY-MM-DD" }]));
  }
  const due = opts.due !== undefined ? parseDate(opts.due, "--due") : addDays(ctx.today, parseDays(opts.days!, "--days"));

  if (fs.existsSync(dest)) throw nameTaken(ctx, name, dest);

  const settings = (opts.set ?? []).map(parseSetting);
  const text = checkoutFileText({ name, holder: opts.holder, purpose: opts.purpose, today: ctx.today, due, services: [...new Set(services)], settings });
  let validated: ReturnType<typeof validateStackText>;
  try {
    validated = validateStackText(ctx, stack, dest, text);
  } catch (e) {
    if (isConfigError(e)) throw new CliError(showConfigError(e, CHECKOUT_OPTION, settings.map((s) => s.path.join("."))));
    throw e;
  }

  // The same offline plan CI runs: a checkout that would not plan is not written.
  // Loaded when needed: the plan and the pack (the Pulumi SDK) stay out of --help, list and renew.
  const { stackStatus } = await import("./status");
  const status = await stackStatus(validated.raw, ctx.today, opts.policies === false ? false : ctx.policies);
  if (!status.ok) {
    throw new CliError([`${shownPath(ctx, dest)} would not plan or breaks a mandatory policy; nothing was written.`, ...status.lines.map((l) => `  ${l}`)].join("\n"));
  }

  try {
    createFileAtomically(dest, text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw nameTaken(ctx, name, dest);
    throw e;
  }

  ctx.out(`Checked out environment '${name}' for ${opts.holder}, due ${due} (stack ${stack}).`);
  ctx.out(`Wrote ${shownPath(ctx, dest)}. Commit it and open a pull request: CI previews it with the policy pack.`);
  ctx.out("");
  ctx.out(`Status of ${stack}:`);
  status.lines.forEach((l) => ctx.out(`  ${l}`));
  ctx.out("");
  ctx.out("Next:");
  ctx.out(`  pulumi login --local                 # or your team's backend`);
  ctx.out(`  pulumi stack init ${stack}`);
  ctx.out(`  pulumi preview --policy-pack policies -s ${stack}`);
  ctx.out(`  pulumi up --policy-pack policies -s ${stack}`);
  const { config } = validated;
  if (config.kind === "environment" && config.kubernetes.target === "render") {
    const refused = renderTargetProblems(config).length > 0;
    ctx.out(
      `  (render target, the default: up writes the YAML under ${shownPath({ projectRoot: PROJECT_ROOT }, renderDirectory(stack, config.kubernetes))}, Secret values in plain text` +
        `${refused ? "; inside a git work tree it refuses until releng-envs:kubernetes.renderDirectory is outside it or allowRenderInWorkTree is true" : ""}; or choose another kubernetes.target: docs/config.md)`,
    );
  }
  ctx.out(`Renew with: npx releng-envs renew ${name} --days N   Return with: npx releng-envs return ${name}`);
}

function nameTaken(ctx: CliContext, name: string, dest: string): CliError {
  return new CliError(
    problemBlock(`Environment '${name}' is already checked out (${shownPath(ctx, dest)} exists).`, [
      { key: "<name>", problem: "is taken", fix: `choose another name, or renew it (npx releng-envs renew ${name} --days N) if it is yours` },
    ]),
  );
}
