// holders.yaml (project root): who an environment's holder is on GitHub, so the reaper's warnings
// and pull requests can @-mention them. A map of holder email → GitHub login; holders without an
// entry are named by email only.
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { CliError, problemBlock } from "./errors";

export const HOLDERS_FILE = "holders.yaml";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** GitHub logins: alphanumerics and single hyphens, at most 39 characters, no leading hyphen. */
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** Holder email (lower-cased) → GitHub login; empty when the file does not exist. */
export function readHolders(projectRoot: string): Record<string, string> {
  const file = path.join(projectRoot, HOLDERS_FILE);
  if (!fs.existsSync(file)) return {};
  const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"));
  const problems: { key: string; problem: string; fix: string }[] = [];
  const data = doc.errors.length > 0 ? undefined : (doc.toJS() as unknown);
  if (doc.errors.length > 0) problems.push({ key: "(the whole file)", problem: `is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`, fix: "write one `email: github-login` per line" });
  else if (data !== null && (typeof data !== "object" || Array.isArray(data))) problems.push({ key: "(the whole file)", problem: "is not a map", fix: "write one `email: github-login` per line" });
  const out: Record<string, string> = {};
  for (const [email, login] of Object.entries((data ?? {}) as Record<string, unknown>)) {
    if (!EMAIL.test(email)) problems.push({ key: email, problem: "is not an email address", fix: "key each entry by the holder's email, as stack files write it" });
    else if (typeof login !== "string" || !GITHUB_LOGIN.test(login)) problems.push({ key: email, problem: `maps to ${JSON.stringify(login)}, not a GitHub login`, fix: "give the login without @, e.g. jane.doe@mozilla.com: janedoe" });
    else out[email.toLowerCase()] = login;
  }
  if (problems.length > 0) throw new CliError(problemBlock(`${HOLDERS_FILE} is not valid:`, problems, "Fix it; nothing was changed."));
  return out;
}
