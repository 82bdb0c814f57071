import type { AwsCredentialIdentity } from "@smithy/types";
import { RolesAnywhereError } from "../errors";
import { parseArn } from "../protocol/arn";

/**
 * Temporary credentials from Roles Anywhere. Always frozen, always complete.
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

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

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

/**
 * Maps a successful CreateSession body (`credentialSet[0]`) to credentials. Any
 * missing or malformed field is `ERR_BAD_RESPONSE`, never `undefined` credentials.
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
  const accessKeyId = requireString(credentials, "accessKeyId", where);
  const secretAccessKey = requireString(credentials, "secretAccessKey", where);
  const sessionToken = requireString(credentials, "sessionToken", where);
  const expirationText = requireString(credentials, "expiration", where);
  const expiration = new Date(expirationText);
  if (!ISO_UTC.test(expirationText) || Number.isNaN(expiration.getTime()))
    bad(`${where}.expiration "${expirationText}" is not an ISO-8601 time`);
  const assumedRoleArn = field(field(first, "assumedRoleUser"), "arn");
  const roleArn = field(first, "roleArn");
  const accountId = [assumedRoleArn, roleArn].map((arn) => (typeof arn === "string" ? parseArn(arn)?.accountId : undefined)).find(Boolean);
  return Object.freeze({ accessKeyId, secretAccessKey, sessionToken, expiration, ...(accountId ? { accountId } : {}) });
};
