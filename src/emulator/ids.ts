import { randomBytes, randomUUID } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Random characters from IAM's id alphabet (upper-case base32). @internal */
export function randomIdChars(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += BASE32[byte & 31];
  return out;
}

/** A fresh resource id, a lower-case UUID as Roles Anywhere uses. @internal */
export const newResourceId = (): string => randomUUID();

/** A fresh IAM role unique id: `AROA` + 17 characters (21 in all). @internal */
export const newRoleId = (): string => `AROA${randomIdChars(17)}`;

/** A fresh temporary access key id: `ASIA` + 16 characters. @internal */
export const newAccessKeyId = (): string => `ASIA${randomIdChars(16)}`;

/** A fresh 40-character secret access key. @internal */
export const newSecretAccessKey = (): string => randomBytes(30).toString("base64");

/** A fresh opaque session token (base64, like STS tokens). @internal */
export const newSessionToken = (): string => randomBytes(96).toString("base64");

/** A fresh request id (UUID). @internal */
export const newRequestId = (): string => randomUUID();

/** Fresh temporary credentials that last `durationSeconds` from `now`. @internal */
export interface MintedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/**
 * Mints temporary credentials (`ASIA…` key id, random secret and token). Expiration is
 * `now + durationSeconds`, with `now` truncated to whole seconds.
 * @internal
 */
export const mintCredentials = (now: Date, durationSeconds: number): MintedCredentials => ({
  accessKeyId: newAccessKeyId(),
  secretAccessKey: newSecretAccessKey(),
  sessionToken: newSessionToken(),
  expiration: new Date(Math.floor(now.getTime() / 1000) * 1000 + durationSeconds * 1000),
});
