import type { Logger } from "@smithy/types";

/**
 * Cache timing.
 *
 * @internal
 */
export interface CacheOptions {
  readonly now: () => Date;
  readonly logger?: Partial<Logger>;
  /** Refresh in the background when less than this is left. Default 5 minutes. */
  readonly refreshWindowMs?: number;
  /** Callers wait for the refresh when less than this is left. Default 1 minute. */
  readonly mandatoryWindowMs?: number;
  /** Wait at least this long after a failed background refresh before the next one. Default 10 s. */
  readonly failureBackoffMs?: number;
}

/**
 * What the cached provider accepts from the SDK.
 *
 * @public
 */
export interface ProviderCallOptions {
  /** Skip the cache and fetch new credentials. */
  readonly forceRefresh?: boolean;
}

/**
 * Wraps `load` so that concurrent callers share one in-flight call, results are
 * reused until `refreshWindowMs` before expiry, refreshed in the background inside
 * that window, and awaited inside `mandatoryWindowMs`. Failures are never cached; if
 * a refresh fails while the cached value is still valid, the cached value is served
 * and a warning is logged. An expired value is never served.
 *
 * @internal
 */
export const createCachedProvider = <T extends { readonly expiration: Date }>(
  load: () => Promise<T>,
  { now, logger, refreshWindowMs = 300_000, mandatoryWindowMs = 60_000, failureBackoffMs = 10_000 }: CacheOptions,
): ((options?: ProviderCallOptions) => Promise<T>) => {
  let cached: T | undefined;
  let inFlight: Promise<T> | undefined;
  let nextBackgroundAttempt = 0;

  const refresh = (): Promise<T> =>
    (inFlight ??= load()
      .then((value) => {
        cached = value;
        return value;
      })
      .finally(() => {
        inFlight = undefined;
      }));

  const warn = (error: unknown, expiration: Date): void => {
    const reason = error instanceof Error ? error.message : String(error);
    logger?.warn?.(`roles-anywhere: refreshing credentials failed; still serving the cached ones, valid until ${expiration.toISOString()}. ${reason}`);
  };

  return async (options) => {
    const time = now().getTime();
    if (options?.forceRefresh) return refresh();
    const current = cached;
    if (current) {
      const left = current.expiration.getTime() - time;
      if (left > refreshWindowMs) return current;
      if (left > mandatoryWindowMs) {
        if (!inFlight && time >= nextBackgroundAttempt) {
          refresh().catch((error: unknown) => {
            nextBackgroundAttempt = now().getTime() + failureBackoffMs;
            warn(error, current.expiration);
          });
        }
        return current;
      }
      if (left > 0) {
        try {
          return await refresh();
        } catch (error) {
          if (current.expiration.getTime() > now().getTime()) {
            warn(error, current.expiration);
            return current;
          }
          throw error;
        }
      }
    }
    return refresh();
  };
};
