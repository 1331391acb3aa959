// Errors a command reports to the user: one readable block (what, which key or option, the fix),
// no stack trace, a non-zero exit code, and never a changed file. Shared with `npm run plan`
// (tools/failure.ts holds the one error path).
export { CliError, problemBlock } from "../tools/failure";
