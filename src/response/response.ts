import type { AwsCredentialIdentity } from "@smithy/types";
import { RolesAnywhereError } from "../errors";
import { parseArn } from "../protocol/arn";

/**
 * Temporary credentials from Roles Anywhere: always complete, and a plain object that the
 * holder may extend (the AWS SDK v3 records where credentials came from by adding `$source` to
 * them). The provider hands every caller its own copy, so such changes never reach other callers.
 *
 * @public
 */
export interface RolesAnywhereCredentials extends AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  /** The role's account, from the assumed-role ARN. */
  readonly accountId?: string;
}

/**
 * The shape every credential field must have. Values end up in credentials files, environment
 * variables, `export` lines and HTTP headers, so anything outside these alphabets (a line break
 * above all) is refused: a hostile endpoint must not be able to inject text into those places.
 * Access key ids are IAM ids (STS: 16–128 characters; upper-case letters and digits); secrets and
 * session tokens are base64 text (STS session tokens grow with session tags, hence the large bound).
 *
 * @internal
 */
export const CREDENTIAL_FIELD_RULES = {
  accessKeyId: { pattern: /^[A-Z0-9]+$/, min: 16, max: 128, alphabet: "upper-case letters and digits" },
  secretAccessKey: { pattern: /^[A-Za-z0-9+/]+={0,2}$/, min: 16, max: 256, alphabet: "base64 characters" },
  sessionToken: { pattern: /^[A-Za-z0-9+/]+={0,2}$/, min: 16, max: 16_384, alphabet: "base64 characters" },
} as const;

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

const bad = (detail: string): never => {
  throw new RolesAnywhereError(
    "ERR_BAD_RESPONSE",
    `CreateSession answered with an unusable body: ${detail}. Check that the endpoint is a Roles Anywhere endpoint.`,
  );
};

const field = (record: unknown, name: string): unknown =>
  typeof record === "object" && record !== null ? (record as Record<string, unknown>)[name] : undefined;

const requireString = (record: unknown, name: string, where: string): string => {
  const value = field(record, name);
  if (typeof value !== "string" || value === "") bad(`${where}.${name} is missing or not a string`);
  return value as string;
};

/** Checks a credential field against its rule; the message names the rule, never the value (it is secret). */
const requireCredential = (record: unknown, name: keyof typeof CREDENTIAL_FIELD_RULES, where: string): string => {
  const value = requireString(record, name, where);
  const rule = CREDENTIAL_FIELD_RULES[name];
  if (value.length < rule.min || value.length > rule.max)
    bad(`${where}.${name} has ${value.length} characters, not ${rule.min}–${rule.max}`);
  if (!rule.pattern.test(value)) bad(`${where}.${name} holds characters other than ${rule.alphabet}`);
  return value;
};

/** An RFC 3339 time whose fields are a real date and time (not 2030-02-31 or 25:00). */
const requireTimestamp = (record: unknown, name: string, where: string): Date => {
  const text = requireString(record, name, where);
  const shown = JSON.stringify(text.slice(0, 40));
  const match = text.length <= 40 ? ISO_UTC.exec(text) : null;
  const date = new Date(text);
  if (!match || Number.isNaN(date.getTime())) return bad(`${where}.${name} ${shown} is not an ISO-8601 time`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const real =
    calendar.getUTCFullYear() === year &&
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    calendar.getUTCHours() === hour &&
    calendar.getUTCMinutes() === minute &&
    calendar.getUTCSeconds() === second;
  if (!real || year < 1970) return bad(`${where}.${name} ${shown} is not a real date and time`);
  return date;
};

/**
 * Maps a successful CreateSession body (`credentialSet[0]`) to credentials. Any
 * missing or malformed field is `ERR_BAD_RESPONSE`, never `undefined` credentials:
 * the access key id must be 16–128 upper-case letters and digits, the secret and session token
 * base64 text of a bounded length, the expiration a real RFC 3339 time, and the account id (from
 * the assumed-role or role ARN) 12 digits. No control character or line break can pass.
 * The body is never echoed: it holds secrets.
 *
 * @public
 */
export const parseCreateSessionBody = (body: string): RolesAnywhereCredentials => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return bad("it is not JSON");
  }
  const set = field(json, "credentialSet");
  if (!Array.isArray(set) || set.length === 0) return bad("credentialSet is missing or empty");
  const first: unknown = set[0];
  const credentials = field(first, "credentials");
  const where = "credentialSet[0].credentials";
  const accessKeyId = requireCredential(credentials, "accessKeyId", where);
  const secretAccessKey = requireCredential(credentials, "secretAccessKey", where);
  const sessionToken = requireCredential(credentials, "sessionToken", where);
  const expiration = requireTimestamp(credentials, "expiration", where);
  const assumedRoleArn = field(field(first, "assumedRoleUser"), "arn");
  const roleArn = field(first, "roleArn");
  const accountId = [assumedRoleArn, roleArn]
    .map((arn) => (typeof arn === "string" && arn.length <= 2048 ? parseArn(arn)?.accountId : undefined))
    .find((id) => id !== undefined && /^\d{12}$/.test(id));
  return { accessKeyId, secretAccessKey, sessionToken, expiration, ...(accountId ? { accountId } : {}) };
};
