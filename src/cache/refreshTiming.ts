/**
 * When the cache refreshes and how long it waits after a failure: pure functions of the draw of an
 * injected `random()` (a number in [0, 1)), so a fleet spreads itself and tests stay deterministic.
 * The numbers are explained in docs/reliability.md.
 * @module
 */

/** The latest refresh: 5 minutes before expiry, the window in which AWS SDK v3 refreshes its own cached credentials. @internal */
export const LATEST_REFRESH_MS = 5 * 60_000;
/** The earliest refresh: 15 minutes before expiry. @internal */
export const EARLIEST_REFRESH_MS = 15 * 60_000;
/** After a failed refresh while the credentials are still valid: never a new one sooner than this. @internal */
export const WARM_RETRY_FLOOR_MS = 10_000;
/** … nor later than this. @internal */
export const WARM_RETRY_CAP_MS = 120_000;
/** A cold start (no valid credentials) that is throttled waits `random × min(cap, base × 2^n)` between attempts… @internal */
export const COLD_RETRY_BASE_MS = 1_000;
/** … with this cap. @internal */
export const COLD_RETRY_CAP_MS = 60_000;
/** … and gives up after this long. @internal */
export const COLD_RETRY_BUDGET_MS = 30 * 60_000;

/** `random()` kept inside [0, 1), whatever an injected source returns. */
const draw = (random: () => number): number => {
  const value = random();
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1 - Number.EPSILON) : 0;
};

/**
 * How long before expiry to refresh credentials that are valid for `lifetimeMs` from now: uniformly
 * between `latestMs` and `earliestMs` (5 and 15 minutes), but never more than half the lifetime
 * (15-minute sessions refresh between 7.5 and 5 minutes before expiry; credentials that arrive with
 * less than 10 minutes left, after half of what is left). `random() = 0` is the latest point.
 * @internal
 */
export const refreshLeadMs = (
  lifetimeMs: number,
  random: () => number,
  latestMs: number = LATEST_REFRESH_MS,
  earliestMs: number = EARLIEST_REFRESH_MS,
): number => {
  const half = Math.max(0, lifetimeMs / 2);
  const earliest = Math.max(latestMs, Math.min(earliestMs, half));
  return Math.min(half, latestMs + draw(random) * (earliest - latestMs));
};

/**
 * The wait after the `failures`-th failed refresh in a row while the cached credentials are still
 * valid: the floor plus full jitter over a range that doubles per failure (10–20 s, 10–40 s,
 * 10–80 s, then 10–120 s).
 * @internal
 */
export const warmRetryDelayMs = (
  failures: number,
  random: () => number,
  floorMs: number = WARM_RETRY_FLOOR_MS,
  capMs: number = WARM_RETRY_CAP_MS,
): number => floorMs + Math.floor(draw(random) * Math.max(0, Math.min(capMs - floorMs, floorMs * (2 ** Math.max(1, failures) - 1))));

/**
 * The wait before the next attempt of a throttled cold start, after `attempt` throttled ones
 * (0-based): full jitter, `random × min(60 s, 1 s × 2^attempt)`.
 * @internal
 */
export const coldRetryDelayMs = (attempt: number, random: () => number): number =>
  Math.floor(draw(random) * Math.min(COLD_RETRY_CAP_MS, COLD_RETRY_BASE_MS * 2 ** Math.min(attempt, 30)));
