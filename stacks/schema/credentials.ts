// Credential-shaped text: the one check behind every free-text field, `--set` value and URL.
import { CREDENTIAL_SHAPES } from "../../catalog/credentials";

/** What kind of credential `text` looks like (e.g. "an AWS access key ID"), or undefined. */
export function credentialShape(text: string): string | undefined {
  return CREDENTIAL_SHAPES.find((s) => s.pattern.test(text))?.name;
}
