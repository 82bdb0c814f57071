import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { MAX_DELAY_MS, isRetryable, parseRetryAfter, retryDelay } from "../../src/transport/retryPolicy";

const now = new Date("2026-11-25T10:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    ["2", 2000],
    ["0", 0],
    ["1.5", 1500],
    ["Wed, 25 Nov 2026 10:00:07 GMT", 7000],
    ["Wed, 25 Nov 2026 09:59:00 GMT", 0],
    ["3, 9", 3000],
  ])("reads %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([[undefined], [""], ["-1"], ["soon"], ["12abc"], ["1e3"], ["2026-11-25"]])("ignores %j", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("retryDelay", () => {
  it("draws full jitter from an exponentially growing ceiling", () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelay(attempt, () => 0.999999, undefined, now))).toEqual([99, 199, 399, 799]);
    expect(retryDelay(5, () => 0, undefined, now)).toBe(0);
  });

  it("caps the ceiling and any Retry-After at 20 s", () => {
    expect(retryDelay(30, () => 0.999999, undefined, now)).toBeLessThanOrEqual(MAX_DELAY_MS);
    expect(retryDelay(0, () => 0.5, "3600", now)).toBe(MAX_DELAY_MS);
    expect(retryDelay(0, () => 0.5, "Wed, 25 Nov 2026 11:00:00 GMT", now)).toBe(MAX_DELAY_MS);
  });

  it("prefers a readable Retry-After over jitter (seconds and HTTP-date)", () => {
    expect(retryDelay(3, () => 0.5, "1", now)).toBe(1000);
    expect(retryDelay(3, () => 0.5, "Wed, 25 Nov 2026 10:00:02 GMT", now)).toBe(2000);
    expect(retryDelay(0, () => 0.5, "garbage", now)).toBe(50);
  });
});

describe("isRetryable", () => {
  const error = (code: RolesAnywhereError["code"], statusCode?: number) =>
    new RolesAnywhereError(code, "x", statusCode === undefined ? {} : { statusCode });
  it.each([
    ["throttling (429)", error("ERR_THROTTLED", 429), true],
    ["throttling type on a 400", error("ERR_THROTTLED", 400), true],
    ["500", error("ERR_SERVICE", 500), true],
    ["503", error("ERR_SERVICE", 503), true],
    ["timeout", error("ERR_TIMEOUT"), true],
    ["network", error("ERR_NETWORK"), true],
    ["403", error("ERR_ACCESS_DENIED", 403), false],
    ["400", error("ERR_VALIDATION", 400), false],
    ["404", error("ERR_NOT_FOUND", 404), false],
    ["408/other 4xx", error("ERR_SERVICE", 408), false],
    ["a bad body", error("ERR_BAD_RESPONSE"), false],
  ])("%s → %s", (_name, value, expected) => {
    expect(isRetryable(value)).toBe(expected);
  });
});
