import { join } from "node:path";
import type { CliCredentials } from "../session";
import { decodeCacheEntry } from "./cacheEntry";
import { readCacheFile } from "./cacheFiles";

/** Where the cache logs: `debug` only with --debug, `warn` always. @internal */
export interface CacheLog {
  debug(message: string): void;
  warn(message: string): void;
}

/** The files of one cache key. @internal */
export interface CacheLocation {
  readonly key: string;
  readonly entryPath: string;
  readonly lockPath: string;
}

/** The entry and lock paths of `key` in `dir`. @internal */
export const cacheLocation = (dir: string, key: string): CacheLocation => ({
  key,
  entryPath: join(dir, `${key}.json`),
  lockPath: join(dir, `${key}.lock`),
});

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/**
 * The entry's credentials when it is present, trusted, well formed and valid for more than
 * `minRemainingMs` after `nowMs`; else `undefined`, with the reason logged (an entry that another
 * user could have written or read is a warning, anything else a debug line). The entry is never
 * changed here: a fetch replaces it.
 * @internal
 */
export async function readFreshEntry(
  location: CacheLocation,
  minRemainingMs: number,
  nowMs: number,
  log: CacheLog,
): Promise<CliCredentials | undefined> {
  const read = await readCacheFile(location.entryPath);
  if ("missing" in read) {
    log.debug("roles-anywhere: cache miss: no entry");
    return undefined;
  }
  if ("untrusted" in read) {
    log.warn(`roles-anywhere: not using the cached credentials: ${read.untrusted}. Fetching new ones, which replace the entry.`);
    return undefined;
  }
  if ("unreadable" in read) {
    log.debug(`roles-anywhere: cache miss: the entry cannot be read (${read.unreadable}); a fetch replaces it`);
    return undefined;
  }
  const decoded = decodeCacheEntry(read.text, location.key, nowMs);
  if ("problem" in decoded) {
    log.debug(`roles-anywhere: cache miss: the entry is not usable (${decoded.problem}); a fetch replaces it`);
    return undefined;
  }
  const left = decoded.credentials.expiration.getTime() - nowMs;
  if (left <= minRemainingMs) {
    log.debug(`roles-anywhere: cache miss: the entry has ${seconds(Math.max(left, 0))} left, not more than ${seconds(minRemainingMs)}`);
    return undefined;
  }
  log.debug(`roles-anywhere: cache hit: valid until ${decoded.credentials.expiration.toISOString()} (${seconds(left)} left)`);
  return decoded.credentials;
}
