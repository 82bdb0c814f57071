/**
 * A token bucket: `burst` tokens at most, refilled continuously at `rate` tokens per second, one
 * token per admitted request. It starts full. Pure: the caller passes the time of each request,
 * so the emulator (with its injected clock) and the fleet simulation (with a virtual one) run the
 * same quota model.
 * @public
 */
export interface TokenBucket {
  /** Admits one request at `nowMs` (epoch milliseconds) and takes a token, or refuses it (no token taken). */
  take(nowMs: number): boolean;
  /** Tokens left at `nowMs`, without taking one. */
  available(nowMs: number): number;
}

/**
 * A request quota: `rate` requests per second on average, up to `burst` at once.
 * @public
 */
export interface TokenBucketOptions {
  /** Sustained requests per second (> 0). */
  readonly rate: number;
  /** Bucket size: requests admitted at once after a quiet period (≥ 1). Default: `rate` rounded up, at least 1. */
  readonly burst?: number;
}

/**
 * Creates a {@link TokenBucket}. Time that runs backwards (a clock set back) refills nothing.
 *
 * @example
 * ```ts
 * const bucket = createTokenBucket({ rate: 10, burst: 10 });
 * bucket.take(Date.now()); // true until the burst is spent, then 10 per second
 * ```
 * @throws RangeError when `rate` is not a positive finite number or `burst` is below 1.
 * @public
 */
export function createTokenBucket({ rate, burst = Math.max(1, Math.ceil(rate)) }: TokenBucketOptions): TokenBucket {
  if (!(typeof rate === "number" && Number.isFinite(rate) && rate > 0))
    throw new RangeError(`rate must be a positive number; got ${String(rate)}`);
  if (!(typeof burst === "number" && Number.isFinite(burst) && burst >= 1))
    throw new RangeError(`burst must be a number ≥ 1; got ${String(burst)}`);
  let tokens = burst;
  let last: number | undefined;
  const refill = (nowMs: number): void => {
    if (last !== undefined && nowMs > last) tokens = Math.min(burst, tokens + ((nowMs - last) * rate) / 1000);
    if (last === undefined || nowMs > last) last = nowMs;
  };
  return {
    take(nowMs) {
      refill(nowMs);
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    available(nowMs) {
      refill(nowMs);
      return tokens;
    },
  };
}
