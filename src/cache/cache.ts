import type { Logger } from "@smithy/types";
import { raceAbort } from "../transport/abort";

/**
 * Cache timing.
 *
 * @internal
 */
export interface CacheOptions {
  readonly now: () => Date;
  /** The same clock in epoch milliseconds, for the hot path. Default: `now().getTime()`. */
  readonly nowMs?: () => number;
  readonly logger?: Partial<Logger>;
  /** Refresh in the background when less than this is left. Default 5 minutes. */
  readonly refreshWindowMs?: number;
  /** Callers wait for the refresh when less than this is left. Default 1 minute. */
  readonly mandatoryWindowMs?: number;
  /** After a failed refresh, wait at least this long before the next one while still-valid credentials exist. Default 10 s. */
  readonly failureBackoffMs?: number;
}

/**
 * What the cached provider accepts from the SDK (identity properties) or a caller.
 *
 * @public
 */
export interface ProviderCallOptions {
  /** Skip the cache and fetch new credentials. */
  readonly forceRefresh?: boolean;
  /**
   * Stop waiting: the call rejects with `ERR_TIMEOUT` (for `AbortSignal.timeout()`)
   * or `ERR_NETWORK` as soon as the signal aborts, or resolves with still-valid cached
   * credentials if there are any. A request shared with other callers keeps running
   * (bounded by `timeout` and `maxRetries`) and its result is cached.
   */
  readonly abortSignal?: AbortSignal;
}

const ignore = (): void => undefined;

/**
 * Wraps `load` so that concurrent callers share one in-flight call, results are
 * reused until `refreshWindowMs` before expiry, refreshed in the background inside
 * that window, and awaited inside `mandatoryWindowMs`.
 *
 * Static stability: failures are never cached, but while the cached value is still
 * valid a failed refresh serves it (one warning per failed refresh, not per caller)
 * and no new refresh starts for `failureBackoffMs`, however many callers arrive, so a
 * failing service sees at most one CreateSession (with its retries) per backoff
 * period. An expired value is never served.
 *
 * @internal
 */
export const createCachedProvider = <T extends { readonly expiration: Date }>(
  load: () => Promise<T>,
  {
    now,
    nowMs = () => now().getTime(),
    logger,
    refreshWindowMs = 300_000,
    mandatoryWindowMs = 60_000,
    failureBackoffMs = 10_000,
  }: CacheOptions,
): ((options?: ProviderCallOptions) => Promise<T>) => {
  let cached: T | undefined;
  let inFlight: Promise<T> | undefined;
  let nextAttemptAt = 0;

  const isValid = (value: T | undefined): value is T => value !== undefined && value.expiration.getTime() > nowMs();

  const onFailure = (error: unknown): never => {
    nextAttemptAt = nowMs() + failureBackoffMs;
    const current = cached;
    if (isValid(current)) {
      const reason = error instanceof Error ? error.message : String(error);
      logger?.warn?.(
        `roles-anywhere: refreshing credentials failed; still serving the cached ones (valid until ${current.expiration.toISOString()}) to callers that do not force a refresh. ${reason}`,
      );
    }
    throw error;
  };

  const refresh = (): Promise<T> =>
    (inFlight ??= new Promise<T>((resolve) => resolve(load()))
      .then((value) => {
        cached = value;
        nextAttemptAt = 0;
        return value;
      }, onFailure)
      .finally(() => {
        inFlight = undefined;
      }));

  return async (options) => {
    const signal = options?.abortSignal;
    if (options?.forceRefresh) return raceAbort(refresh(), signal);
    const current = cached;
    const time = nowMs();
    const left = current ? current.expiration.getTime() - time : 0;
    if (current && left > 0) {
      if (left > refreshWindowMs) return current;
      const backingOff = time < nextAttemptAt;
      if (left > mandatoryWindowMs || (backingOff && !inFlight)) {
        if (!inFlight && !backingOff) refresh().catch(ignore);
        return current;
      }
      try {
        return await raceAbort(refresh(), signal);
      } catch (error) {
        if (isValid(current)) return current;
        throw error;
      }
    }
    return raceAbort(refresh(), signal);
  };
};
