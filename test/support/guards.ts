/** Assertions every fault-injection test makes: typed outcome, complete credentials, no unhandled rejection. */
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { RETRY_HOOKS } from "../../src/transport/retryHooks";

/**
 * Registers a process `unhandledRejection` listener for the file and asserts after each
 * test (once pending callbacks have run) that it was never called.
 */
export const guardUnhandledRejections = (): void => {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => void seen.push(reason);
  beforeAll(() => void process.on("unhandledRejection", listener));
  afterEach(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([]);
  });
  afterAll(() => void process.off("unhandledRejection", listener));
};

export { rejection } from "./rejection";

/** Asserts credentials are whole: a plain extensible object, four non-empty fields, a valid future Date. */
export const expectComplete = (identity: unknown, now = new Date()): void => {
  expect(Object.getPrototypeOf(identity)).toBe(Object.prototype);
  expect(Object.isExtensible(identity)).toBe(true);
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = identity as Record<string, unknown>;
  for (const value of [accessKeyId, secretAccessKey, sessionToken]) {
    expect(typeof value).toBe("string");
    expect((value as string).length).toBeGreaterThan(0);
  }
  expect(expiration).toBeInstanceOf(Date);
  expect((expiration as Date).getTime()).toBeGreaterThan(now.getTime());
};

/** Retry waits that take no time, recording each delay; `random` (optional) draws every jitter. */
export const instantRetries = (delays: number[] = [], random?: () => number) => ({
  [RETRY_HOOKS]: { sleep: async (ms: number) => void delays.push(ms), ...(random ? { random } : {}) },
});
