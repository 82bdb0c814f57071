import { invalidOption } from "../state/errors";
import type { EmulatorThrottleOptions } from "../types";
import { type TokenBucket, createTokenBucket } from "./tokenBucket";

/**
 * AWS's default CreateSession quota: 10 requests per second per region (adjustable in Service
 * Quotas). AWS documents no burst; the emulator's default burst is one
 * second's worth (docs/emulator.md).
 * @internal
 */
export const AWS_CREATE_SESSION_RATE = 10;

const positive = (value: unknown, name: string, min: number, rule: string): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || (min === 0 && value === 0)) {
    throw invalidOption(`throttle.${name} must be ${rule}; got ${JSON.stringify(value) ?? String(value)}.`);
  }
  return value;
};

/**
 * The CreateSession quota of `startEmulator({ throttle })`: one token bucket for the emulator's
 * account and region, or none when the option is absent.
 * @throws RolesAnywhereError `ERR_INVALID_OPTION` for a rate that is not positive or a burst below 1.
 * @internal
 */
export function throttleOf(option: EmulatorThrottleOptions | undefined): TokenBucket | undefined {
  if (option === undefined) return undefined;
  if (typeof option !== "object" || option === null) throw invalidOption("throttle must be an object such as { rate: 10, burst: 10 }.");
  const rate =
    option.rate === undefined ? AWS_CREATE_SESSION_RATE : positive(option.rate, "rate", 0, "a positive number of requests per second");
  const burst = option.burst === undefined ? undefined : positive(option.burst, "burst", 1, "a number of requests, at least 1");
  return createTokenBucket({ rate, ...(burst === undefined ? {} : { burst }) });
}

/**
 * Reads `--throttle RATE[:BURST]` (e.g. `10`, `10:20`, `0.5:1`).
 * @returns `undefined` when the text is malformed.
 * @internal
 */
export function parseThrottle(text: string): EmulatorThrottleOptions | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!match) return undefined;
  const rate = Number(match[1]);
  const burst = match[2] === undefined ? undefined : Number(match[2]);
  if (rate <= 0 || (burst !== undefined && burst < 1)) return undefined;
  return { rate, ...(burst === undefined ? {} : { burst }) };
}
