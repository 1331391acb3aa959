// Errors a command reports to the user: one readable block (what, which key or option, the fix),
// no stack trace, a non-zero exit code, and never a changed file. Shared with `npm run plan`
// (tools/failure.ts holds the one error path).
export { CliError, problemBlock } from "../tools/failure";

/** Exit code when the Pulumi CLI is missing: distinct, so the reaper can tell it from a failure. */
export const EXIT_NO_PULUMI_CLI = 3;
