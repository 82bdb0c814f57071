/**
 * The shape rules for temporary AWS credentials, for everything that accepts credentials from
 * outside the process (a service response, a cache file): an access key id is an IAM id (16–128
 * upper-case letters and digits), the secret and the session token are base64 text of a bounded
 * length (session tokens grow with session tags). Values that pass hold no line break, control
 * character, quote or space, so they cannot inject text into an INI file, a shell line or JSON.
 */

/** One field's rule: its alphabet (as a pattern) and length bounds. @internal */
export interface CredentialFieldRule {
  readonly pattern: RegExp;
  readonly min: number;
  readonly max: number;
  readonly alphabet: string;
}

/** The rule of each credential field. @internal */
export const CREDENTIAL_FIELD_RULES = {
  accessKeyId: { pattern: /^[A-Z0-9]+$/, min: 16, max: 128, alphabet: "upper-case letters and digits" },
  secretAccessKey: { pattern: /^[A-Za-z0-9+/]+={0,2}$/, min: 16, max: 256, alphabet: "base64 characters" },
  sessionToken: { pattern: /^[A-Za-z0-9+/]+={0,2}$/, min: 16, max: 16_384, alphabet: "base64 characters" },
} as const satisfies Record<string, CredentialFieldRule>;

/** Credential fields as found, before they are trusted. @internal */
export type CredentialFieldValues = { readonly [name in keyof typeof CREDENTIAL_FIELD_RULES]: unknown };

/**
 * Names the first field of `values` that breaks its rule (the value itself is never shown: it
 * may be a secret), or returns `undefined` when all three are well formed.
 * @internal
 */
export const credentialFieldProblem = (values: CredentialFieldValues): string | undefined => {
  for (const [name, rule] of Object.entries(CREDENTIAL_FIELD_RULES) as [keyof typeof CREDENTIAL_FIELD_RULES, CredentialFieldRule][]) {
    const value = values[name];
    if (typeof value !== "string") return `${name} is missing or not a string`;
    if (value.length < rule.min || value.length > rule.max) return `${name} has ${value.length} characters, not ${rule.min}–${rule.max}`;
    if (!rule.pattern.test(value)) return `${name} holds characters other than ${rule.alphabet}`;
  }
  return undefined;
};
