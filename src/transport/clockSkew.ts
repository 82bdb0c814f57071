import { systemClock } from "../runtime/defaults";
import { parseHttpDate } from "./httpDate";
import type { RolesAnywhereError } from "../errors";

/** Offsets below this are left alone: the service itself tolerates about 5 minutes. @internal */
export const CLOCK_SKEW_THRESHOLD_MS = 4 * 60_000;

/**
 * A clock that can be corrected by the offset the service's `Date` header reveals,
 * like SDK v3's `systemClockOffset`. One per provider.
 *
 * @internal
 */
export interface CorrectedClock {
  /** The local clock plus the stored offset. */
  now(): Date;
  /** The same in epoch milliseconds, without allocating a Date when the local clock is the system's. */
  nowMs(): number;
  /** Milliseconds added to the local clock (server time − local time); 0 until corrected. */
  readonly offsetMs: number;
  /** Stores a new offset. */
  setOffset(offsetMs: number): void;
}

/**
 * Wraps a local clock with a correctable offset.
 *
 * @internal
 */
export const createCorrectedClock = (local: () => Date): CorrectedClock => {
  let offsetMs = 0;
  const localMs = local === systemClock ? Date.now : () => local().getTime();
  return {
    now: () => new Date(localMs() + offsetMs),
    nowMs: () => localMs() + offsetMs,
    get offsetMs() {
      return offsetMs;
    },
    setOffset(value) {
      offsetMs = value;
    },
  };
};

/**
 * When `error` is the service's `Invalid signature` and its `Date` header (`date`)
 * differs from `clockNow` by more than {@link CLOCK_SKEW_THRESHOLD_MS}, returns the
 * correction to add to that clock (server − clock); otherwise `undefined`.
 *
 * @internal
 */
export const skewCorrectionFor = (error: RolesAnywhereError, date: string | undefined, clockNow: Date): number | undefined => {
  if (error.code !== "ERR_ACCESS_DENIED" || !/invalid signature/i.test(error.serviceMessage ?? "")) return undefined;
  const serverTime = parseHttpDate(date);
  if (serverTime === undefined) return undefined;
  const offset = serverTime - clockNow.getTime();
  return Math.abs(offset) > CLOCK_SKEW_THRESHOLD_MS ? offset : undefined;
};
