// Shapes of well-known credentials: a value matching one is a secret pasted where text belongs
// (a purpose, an image, a --set value) and is refused without being echoed. Plain data; the check
// is stacks/schema/credentials.ts. Prefixes are the issuers' documented token formats.

export const CREDENTIAL_SHAPES: readonly { name: string; pattern: RegExp }[] = [
  { name: "a URL with a user name or password in it", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@]+@/i },
  { name: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { name: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { name: "a Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  // Taskcluster access tokens are 44 characters of URL-safe base64 (slugid pairs); random ones mix
  // upper case, lower case and digits, which keeps words and hex digests out.
  { name: "a Taskcluster access token", pattern: /(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{44}(?![A-Za-z0-9_-])/ },
];
