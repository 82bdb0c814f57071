/**
 * What identifies one set of cached credentials: everything that changes what CreateSession
 * returns, and nothing secret. The private key is not part of it (the certificate names the key),
 * and neither are transport settings (proxy, TLS verification), which do not change the answer.
 * @internal
 */
export interface CacheKeyFields {
  /** The endpoint the request goes to, after defaults are applied. */
  readonly endpoint: string;
  readonly region: string;
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  /** Absent when the request names no session (the service then picks one). */
  readonly roleSessionName?: string | undefined;
  readonly durationSeconds: number;
  /** Lowercase hex SHA-256 of the leaf certificate's DER: a renewed certificate gives a new key. */
  readonly leafSha256: string;
}

/** Changes whenever the meaning of the fields (or of the file they name) changes. */
const KEY_VERSION = "roles-anywhere-credential-cache/1";

/**
 * The text whose SHA-256 is the cache key: the fields in a fixed order as a JSON array, so no two
 * different sets of fields give the same text.
 * @internal
 */
export const cacheKeyText = (fields: CacheKeyFields): string =>
  JSON.stringify([
    KEY_VERSION,
    fields.endpoint,
    fields.region,
    fields.trustAnchorArn,
    fields.profileArn,
    fields.roleArn,
    fields.roleSessionName ?? null,
    fields.durationSeconds,
    fields.leafSha256.toLowerCase(),
  ]);

/** A cache key: 64 lowercase hex digits, used as the entry's file name. @internal */
export const CACHE_KEY_SHAPE = /^[0-9a-f]{64}$/;

/**
 * What a file of the cache directory is, by its name: an entry (`<key>.json`), or debris of an
 * interrupted process (a temporary entry, a lock moved aside when it was broken); `undefined`
 * for locks and for files that are not the cache's.
 * @internal
 */
export const isCacheFileName = (name: string): "entry" | "debris" | undefined => {
  if (/^[0-9a-f]{64}\.json$/.test(name)) return "entry";
  if (/^\.[0-9a-f]{64}\.json\.[\w.-]+\.tmp$/.test(name) || /^[0-9a-f]{64}\.lock\.[\w.-]+\.stale$/.test(name)) return "debris";
  return undefined;
};
