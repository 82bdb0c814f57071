import type { Logger } from "@smithy/types";
import { raceAbort } from "../transport/abort";
import {
  COLD_RETRY_BUDGET_MS,
  EARLIEST_REFRESH_MS,
  LATEST_REFRESH_MS,
  WARM_RETRY_FLOOR_MS,
  coldRetryDelayMs,
  refreshLeadMs,
  warmRetryDelayMs,
} from "./refreshTiming";

/**
 * Starts `run` after `delayMs` and returns a function that cancels it: a timer.
 *
 * @internal
 */
export type RefreshTimer = (delayMs: number, run: () => void) => () => void;

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
  /** The latest refresh: refresh when less than this is left at most. Default 5 minutes (AWS SDK v3's own window). */
  readonly refreshWindowMs?: number;
  /** The earliest refresh; each refresh point is drawn uniformly between the two (at most half the lifetime before expiry). Default 15 minutes. */
  readonly earliestRefreshMs?: number;
  /** Callers wait for the refresh when less than this is left. Default 1 minute. */
  readonly mandatoryWindowMs?: number;
  /** After a failed refresh, wait at least this long (plus jitter) before the next one while still-valid credentials exist. Default 10 s. */
  readonly failureBackoffMs?: number;
  /** Draws the jitter: a number in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Waits between the attempts of a throttled cold start. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Which failures of a cold start (no valid credentials) are worth waiting out, e.g. throttling:
   * those are retried with full-jitter backoff for up to `coldStartBudgetMs`. Default: none.
   */
  readonly coldStartRetry?: (error: unknown) => boolean;
  /** How long a cold start keeps retrying the failures `coldStartRetry` accepts. Default 30 minutes. */
  readonly coldStartBudgetMs?: number;
  /**
   * When given, each refresh starts at its refresh point (and each retry after a failed one at
   * its time) by this timer, without waiting for a caller: for long-running servers (`serve`).
   */
  readonly timer?: RefreshTimer;
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

/** A timer-driven refresh never follows the previous one sooner than this. */
const MIN_TIMER_MS = 1_000;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Wraps `load` (given 0, or the number of throttled attempts a cold start already waited out, and
 * whether the load is a background refresh with time to spare) so
 * that concurrent callers share one in-flight call, results are
 * reused until their refresh point, refreshed in the background after it, and awaited
 * inside `mandatoryWindowMs`.
 *
 * Fleet behaviour: each credential's refresh point is drawn uniformly between
 * `earliestRefreshMs` and `refreshWindowMs` before expiry, so providers that started
 * together do not refresh together. A cold start (nothing valid cached) whose failure
 * `coldStartRetry` accepts (throttling) is retried with full-jitter backoff for up to
 * `coldStartBudgetMs`, all callers sharing it.
 *
 * Static stability: failures are never cached, but while the cached value is still
 * valid a failed refresh serves it (one warning per failed refresh, not per caller)
 * and no new refresh starts for `failureBackoffMs` plus jitter, however many callers
 * arrive, so a failing service sees at most one load per backoff period. An expired
 * value is never served.
 *
 * Every value a caller receives goes through `handOut` first (the credential provider passes a
 * function that makes each caller its own copy); by default callers get the cached value itself.
 *
 * @internal
 */
export const createCachedProvider = <T extends { readonly expiration: Date }>(
  load: (coldRetry: number, spare: boolean) => Promise<T>,
  {
    now,
    nowMs = () => now().getTime(),
    logger,
    refreshWindowMs = LATEST_REFRESH_MS,
    earliestRefreshMs = EARLIEST_REFRESH_MS,
    mandatoryWindowMs = 60_000,
    failureBackoffMs = WARM_RETRY_FLOOR_MS,
    random = Math.random,
    sleep = realSleep,
    coldStartRetry,
    coldStartBudgetMs = COLD_RETRY_BUDGET_MS,
    timer,
  }: CacheOptions,
  handOut: (value: T) => T = (value) => value,
): ((options?: ProviderCallOptions) => Promise<T>) => {
  let cached: T | undefined;
  let refreshAt = 0;
  let inFlight: Promise<T> | undefined;
  let nextAttemptAt = 0;
  let failures = 0;
  let cancelTimer: (() => void) | undefined;

  const isValid = (value: T | undefined): value is T => value !== undefined && value.expiration.getTime() > nowMs();

  /** With a timer, the next refresh starts at `at` whether or not a caller comes. */
  const arm = (at: number): void => {
    if (!timer) return;
    cancelTimer?.();
    cancelTimer = timer(Math.max(MIN_TIMER_MS, at - nowMs()), () => {
      cancelTimer = undefined;
      if (!inFlight) refresh(true).catch(ignore);
    });
  };

  /** `load`, retried while nothing valid is cached and the failure is one worth waiting out. */
  const loadCold = async (spare: boolean): Promise<T> => {
    const started = nowMs();
    for (let attempt = 0; ; attempt++) {
      try {
        return await load(attempt, spare);
      } catch (error) {
        if (!coldStartRetry?.(error) || isValid(cached)) throw error;
        const delay = coldRetryDelayMs(attempt, random);
        if (nowMs() + delay - started > coldStartBudgetMs) throw error;
        const say = attempt === 0 ? logger?.warn : logger?.debug;
        say?.(
          `roles-anywhere: no credentials yet and CreateSession was refused for now (${reasonOf(error)}); trying again in ${Math.round(delay / 100) / 10} s, for up to ${Math.round(coldStartBudgetMs / 60_000)} minutes in all.`,
        );
        await sleep(delay);
      }
    }
  };

  const onSuccess = (value: T): T => {
    cached = value;
    failures = 0;
    nextAttemptAt = 0;
    const time = nowMs();
    const expiresAt = value.expiration.getTime();
    refreshAt = expiresAt - refreshLeadMs(expiresAt - time, random, refreshWindowMs, earliestRefreshMs);
    arm(refreshAt);
    return value;
  };

  const onFailure = (error: unknown): never => {
    failures++;
    nextAttemptAt = nowMs() + warmRetryDelayMs(failures, random, failureBackoffMs);
    arm(nextAttemptAt);
    const current = cached;
    if (isValid(current)) {
      logger?.warn?.(
        `roles-anywhere: refreshing credentials failed; still serving the cached ones (valid until ${current.expiration.toISOString()}) to callers that do not force a refresh. ${reasonOf(error)}`,
      );
    }
    throw error;
  };

  /**
   * A background refresh (no caller waiting) of credentials that stay valid past the mandatory
   * window has time to spare: `load` is told so (a throttled one then fails at once and is tried
   * again after the jittered backoff, instead of retrying quickly into the same quota).
   */
  const hasSpare = (): boolean => {
    const current = cached;
    return current !== undefined && current.expiration.getTime() - nowMs() > mandatoryWindowMs;
  };

  const refresh = (background = false): Promise<T> =>
    (inFlight ??= loadCold(background && hasSpare())
      .then(onSuccess, onFailure)
      .finally(() => {
        inFlight = undefined;
      }));

  // `handOut` runs inside this function's own promise: the hot path (a cached value before its
  // refresh point) costs one async call, not a second wrapper around it.
  return async (options) => {
    const signal = options?.abortSignal;
    if (options?.forceRefresh) return handOut(await raceAbort(refresh(), signal));
    const current = cached;
    const time = nowMs();
    if (current && time < refreshAt) return handOut(current);
    const left = current ? current.expiration.getTime() - time : 0;
    if (current && left > 0) {
      const backingOff = time < nextAttemptAt;
      if (left > mandatoryWindowMs || (backingOff && !inFlight)) {
        if (!inFlight && !backingOff) refresh(true).catch(ignore);
        return handOut(current);
      }
      try {
        return handOut(await raceAbort(refresh(), signal));
      } catch (error) {
        if (isValid(current)) return handOut(current);
        throw error;
      }
    }
    return handOut(await raceAbort(refresh(), signal));
  };
};
