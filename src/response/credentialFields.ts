/**
 * The shape rules for temporary AWS credentials, shared by everything that accepts credentials
 * from outside the process (a service response, a cache file): an access key id is 16–128
 * upper-case letters and digits (IAM's alphabet), the secret and the token are printable ASCII
 * without spaces, quotes, backticks or backslashes (base64 in practice), and nothing is absurdly
 * long. Values that pass hold no line break or control character, so they cannot inject lines into
 * an INI file or JSON, and single-quoting them for a shell is enough.
 */

/** Credential fields as strings, before they are trusted. @internal */
export interface CredentialFieldValues {
  readonly accessKeyId: unknown;
  readonly secretAccessKey: unknown;
  readonly sessionToken: unknown;
}

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
/** Printable ASCII minus space, `"`, `'`, `\` and backtick. */
const OPAQUE = /^[!#-&(-[\]-_a-~]+$/;
const MAX_SECRET_LENGTH = 1024;
const MAX_TOKEN_LENGTH = 16_384;

/**
 * Names the first field of `values` that breaks the rules (the value itself is never shown: it
 * may be a secret), or returns `undefined` when all three are well formed.
 * @internal
 */
export const credentialFieldProblem = (values: CredentialFieldValues): string | undefined => {
  const { accessKeyId, secretAccessKey, sessionToken } = values;
  if (typeof accessKeyId !== "string" || !ACCESS_KEY_ID.test(accessKeyId))
    return "accessKeyId is not 16 to 128 upper-case letters and digits";
  if (typeof secretAccessKey !== "string" || secretAccessKey.length > MAX_SECRET_LENGTH || !OPAQUE.test(secretAccessKey)) {
    return `secretAccessKey is not 1 to ${MAX_SECRET_LENGTH} printable characters without spaces or quotes`;
  }
  if (typeof sessionToken !== "string" || sessionToken.length > MAX_TOKEN_LENGTH || !OPAQUE.test(sessionToken)) {
    return `sessionToken is not 1 to ${MAX_TOKEN_LENGTH} printable characters without spaces or quotes`;
  }
  return undefined;
};
