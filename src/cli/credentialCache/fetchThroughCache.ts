import { writeFileAtomically } from "../update/atomicFile";
import { breakLock, readLock, staleReason, tryLock } from "../lockFile";
import type { CliCredentials } from "../session";
import { encodeCacheEntry } from "./cacheEntry";
import { type CacheLocation, type CacheLog, readFreshEntry } from "./cacheLookup";

/** What {@link fetchThroughCache} needs. @internal */
export interface FetchThroughCacheOptions {
  readonly location: CacheLocation;
  readonly minRemainingMs: number;
  /** A lock whose holder has shown no sign of life (creation or heartbeat) for this long is stale. */
  readonly lockStaleMs: number;
  /** How long to wait for another process's fetch before fetching without it. */
  readonly waitLimitMs: number;
  /** One CreateSession (never retried or cached here when it fails). */
  readonly fetch: () => Promise<CliCredentials>;
  readonly log: CacheLog;
  /**
   * How soon a waiting process first looks again for the result: default 25 ms, then 1.5× longer
   * each time up to 10× that (so a hundred waiters do not keep a busy machine busier), each
   * with up to 50% of jitter.
   */
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const code = (error: unknown): string => (error as { code?: string } | undefined)?.code ?? "error";

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * After a cache miss: makes sure that of many processes missing at once, one calls CreateSession
 * and the others use its result. The process that takes the lock checks the entry once more,
 * fetches, stores the credentials (atomically, mode 0600) and releases the lock; the others poll
 * for the entry. The holder's lock carries a heartbeat (see lockFile), so a lock is stale only when
 * its holder is gone or silent for `lockStaleMs`; it is then broken, and the process that breaks it
 * fetches. A process that has waited `waitLimitMs` (longer than a fetch can take) fetches on its
 * own. A failed fetch stores nothing: the next process tries again.
 * @internal
 */
export async function fetchThroughCache(options: FetchThroughCacheOptions): Promise<CliCredentials> {
  const { location, log, minRemainingMs } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const firstPollMs = options.pollMs ?? 25;
  let pollMs = firstPollMs;
  // Re-reads (by the lock holder, and polls while waiting) say nothing: the first read logged why it missed.
  const silent: CacheLog = { debug: () => undefined, warn: () => undefined };
  const deadline = now() + options.waitLimitMs;
  let waitingFor: number | undefined;

  const fetchAndStore = async (): Promise<CliCredentials> => {
    const credentials = await options.fetch();
    const left = credentials.expiration.getTime() - now();
    if (left <= minRemainingMs) {
      log.debug(`roles-anywhere: not caching credentials with ${Math.round(left / 1000)} s left: they would never be served`);
      return credentials;
    }
    try {
      await writeFileAtomically(location.entryPath, encodeCacheEntry(location.key, credentials), { mode: 0o600, sync: false });
    } catch (error) {
      log.warn(`roles-anywhere: could not write the cache entry (${code(error)}); the credentials are printed but not cached.`);
    }
    return credentials;
  };

  for (;;) {
    let lock;
    try {
      lock = await tryLock(location.lockPath, now());
    } catch (error) {
      log.warn(`roles-anywhere: cannot create the cache lock (${code(error)}); fetching without it.`);
      return fetchAndStore();
    }
    if (lock) {
      try {
        return (await readFreshEntry(location, minRemainingMs, now(), silent)) ?? (await fetchAndStore());
      } finally {
        await lock.release();
      }
    }
    const holder = await readLock(location.lockPath).catch(() => undefined);
    if (holder !== undefined) {
      const stale = staleReason(holder, { nowMs: now(), staleMs: options.lockStaleMs });
      if (stale !== undefined) {
        log.debug(`roles-anywhere: breaking the cache lock: ${stale}`);
        await breakLock(location.lockPath, holder).catch(() => undefined);
        continue;
      }
      if (now() >= deadline) {
        log.warn(
          `roles-anywhere: waited ${(options.waitLimitMs / 1000).toFixed(1)} s for another process${holder.pid ? ` (pid ${holder.pid})` : ""} fetching the same credentials; fetching them without it.`,
        );
        return fetchAndStore();
      }
      if (waitingFor !== holder.pid) {
        waitingFor = holder.pid;
        log.debug(`roles-anywhere: waiting for another process${holder.pid ? ` (pid ${holder.pid})` : ""} fetching the same credentials`);
      }
      await sleep(pollMs + Math.floor((Math.random() * pollMs) / 2));
      pollMs = Math.min(pollMs * 1.5, firstPollMs * 10);
    }
    const fresh = await readFreshEntry(location, minRemainingMs, now(), silent);
    if (fresh) {
      log.debug(`roles-anywhere: cache hit after waiting: valid until ${fresh.expiration.toISOString()}`);
      return fresh;
    }
  }
}
