import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coldRetryDelayMs, refreshLeadMs, warmRetryDelayMs } from "../../src/cache/refreshTiming";

const MINUTE = 60_000;
const fixed = (value: number) => () => value;

describe("refreshLeadMs", () => {
  it("draws the refresh point uniformly between 15 and 5 minutes before expiry for one-hour credentials", () => {
    expect(refreshLeadMs(60 * MINUTE, fixed(0))).toBe(5 * MINUTE);
    expect(refreshLeadMs(60 * MINUTE, fixed(0.5))).toBe(10 * MINUTE);
    expect(refreshLeadMs(60 * MINUTE, fixed(0.999999))).toBeCloseTo(15 * MINUTE, -2);
  });

  it("never refreshes later than 5 minutes before expiry, nor more than half the lifetime early", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10 * MINUTE, max: 12 * 60 * MINUTE }), fc.double({ min: -1, max: 2, noNaN: true }), (lifetime, r) => {
        const lead = refreshLeadMs(lifetime, fixed(r));
        expect(lead).toBeGreaterThanOrEqual(5 * MINUTE);
        expect(lead).toBeLessThanOrEqual(Math.min(15 * MINUTE, lifetime / 2));
      }),
    );
    expect(refreshLeadMs(15 * MINUTE, fixed(0.999999))).toBeCloseTo(7.5 * MINUTE, -2); // 900-second sessions
    expect(refreshLeadMs(8 * MINUTE, fixed(0))).toBe(4 * MINUTE); // arrived with little left: half of it
    expect(refreshLeadMs(60 * MINUTE, fixed(Number.NaN))).toBe(5 * MINUTE);
  });

  it("spreads a fleet: 10,000 draws fill the 10-minute window evenly", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const perMinute = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) perMinute[Math.floor((refreshLeadMs(60 * MINUTE, random) - 5 * MINUTE) / MINUTE)]!++;
    for (const count of perMinute) expect(count).toBeGreaterThan(850);
  });
});

describe("warmRetryDelayMs", () => {
  it("is the 10 s floor plus full jitter over a range doubling per failure, at most 2 minutes", () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => warmRetryDelayMs(n, fixed(0)))).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
    expect([1, 2, 3, 4, 5, 9].map((n) => warmRetryDelayMs(n, fixed(0.5)))).toEqual([15_000, 25_000, 45_000, 65_000, 65_000, 65_000]);
    expect(warmRetryDelayMs(60, fixed(0.999999))).toBeLessThanOrEqual(120_000);
  });
});

describe("coldRetryDelayMs", () => {
  it("is full jitter over 1 s × 2^attempt, at most a minute", () => {
    expect([0, 1, 2, 5, 6, 40].map((n) => coldRetryDelayMs(n, fixed(0.5)))).toEqual([500, 1000, 2000, 16_000, 30_000, 30_000]);
    expect(coldRetryDelayMs(3, fixed(0))).toBe(0);
  });
});
