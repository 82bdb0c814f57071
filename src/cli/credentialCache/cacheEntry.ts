import { credentialFieldProblem } from "../../response/credentialFields";
import type { CliCredentials } from "../session";

/** Written into every entry, checked on every read: a file of another format is not an entry. */
const ENTRY_FORMAT = "roles-anywhere-credential-cache/1";
/** Roles Anywhere sessions last at most 12 hours; an entry claiming more was not written by us. */
const MAX_SESSION_MS = 43_200_000;
/** Clock differences between the service and this host tolerated on top of that. */
const CLOCK_ALLOWANCE_MS = 300_000;
const EXPIRATION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * The file content for `credentials` stored under `key`: JSON holding the credentials and the key
 * they belong to (never key material).
 * @internal
 */
export const encodeCacheEntry = (key: string, credentials: CliCredentials): string =>
  `${JSON.stringify({
    format: ENTRY_FORMAT,
    key,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration.toISOString(),
      ...(credentials.accountId === undefined ? {} : { accountId: credentials.accountId }),
    },
  })}\n`;

/** What reading an entry gave: credentials, or why the file is not used. @internal */
export type DecodedEntry = { readonly credentials: CliCredentials } | { readonly problem: string };

const field = (record: unknown, name: string): unknown =>
  typeof record === "object" && record !== null && !Array.isArray(record) ? (record as Record<string, unknown>)[name] : undefined;

/**
 * Reads an entry as strictly as a service response: the format and key must match, each
 * credential field must have the shape AWS gives it, and the expiration must be a UTC time no
 * further than a session can last from `nowMs`. Anything else is a `problem` (naming the field,
 * never its value), so a corrupt, truncated or planted file is never served.
 * @internal
 */
export const decodeCacheEntry = (text: string, key: string, nowMs: number): DecodedEntry => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: "it is not JSON (truncated or corrupt)" };
  }
  if (field(json, "format") !== ENTRY_FORMAT) return { problem: `its format is not ${ENTRY_FORMAT}` };
  if (field(json, "key") !== key) return { problem: "it belongs to another key" };
  const stored = field(json, "credentials");
  const accessKeyId = field(stored, "accessKeyId");
  const secretAccessKey = field(stored, "secretAccessKey");
  const sessionToken = field(stored, "sessionToken");
  const problem = credentialFieldProblem({ accessKeyId, secretAccessKey, sessionToken });
  if (problem !== undefined) return { problem };
  const expirationText = field(stored, "expiration");
  const expiration = typeof expirationText === "string" && EXPIRATION.test(expirationText) ? new Date(expirationText) : undefined;
  if (expiration === undefined || Number.isNaN(expiration.getTime())) return { problem: "expiration is not an ISO-8601 UTC time" };
  if (expiration.getTime() - nowMs > MAX_SESSION_MS + CLOCK_ALLOWANCE_MS)
    return { problem: "expiration is later than any session can last" };
  const accountId = field(stored, "accountId");
  if (accountId !== undefined && (typeof accountId !== "string" || !ACCOUNT_ID.test(accountId)))
    return { problem: "accountId is not 12 digits" };
  return {
    credentials: Object.freeze({
      accessKeyId: accessKeyId as string,
      secretAccessKey: secretAccessKey as string,
      sessionToken: sessionToken as string,
      expiration,
      ...(accountId === undefined ? {} : { accountId }),
    }),
  };
};
