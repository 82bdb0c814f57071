/**
 * Soak: a simulated clock runs through 48 hours of one-hour credentials while callers ask
 * every minute. With the refresh point pinned at its latest (random() = 0: 5 minutes before
 * expiry) a session lasts 55 minutes in the cache, so exactly one CreateSession happens per
 * 55-minute period, and nobody ever gets expired credentials. No real time passes. (The
 * jittered refresh point is soaked by the fleet simulation, test/bench/fleet.spec.ts.)
 */
import { STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCachedProvider } from "../../src/cache/cache";
import { guardUnhandledRejections } from "../support/guards";
import { providerOnFakeDate } from "../support/providerInit";

guardUnhandledRejections();

const MINUTE = 60_000;
const PERIOD = 55 * MINUTE;
const SOAK_MINUTES = 48 * 60;
const EXPECTED_REFRESHES = Math.floor((SOAK_MINUTES * MINUTE) / PERIOD) + 1; // 53: at 0, 55, …, 2860 minutes

/** Minutes between consecutive refreshes (callers ask once a simulated minute). */
const gaps = (times: readonly number[]): number[] => times.slice(1).map((time, i) => Math.round((time - times[i]!) / MINUTE));

afterEach(() => {
  vi.useRealTimers();
});

describe("soak over 48 simulated hours", () => {
  it("the cache alone: one load per period, every value served unexpired", async () => {
    let time = Date.UTC(2026, 10, 25);
    const loads: number[] = [];
    const provider = createCachedProvider(
      async () => {
        loads.push(time);
        return { expiration: new Date(time + 60 * MINUTE) };
      },
      { now: () => new Date(time), random: () => 0 },
    );
    for (let minute = 0; minute <= SOAK_MINUTES; minute++) {
      time = Date.UTC(2026, 10, 25) + minute * MINUTE;
      const values = await Promise.all(Array.from({ length: 20 }, () => provider()));
      expect(values.every((value) => value.expiration.getTime() > time)).toBe(true);
      await vi.waitFor(async () => expect((await provider()).expiration.getTime() - time).toBeGreaterThan(5 * MINUTE), { interval: 1 });
    }
    expect(loads).toHaveLength(EXPECTED_REFRESHES);
    expect(new Set(gaps(loads))).toEqual(new Set([PERIOD / MINUTE]));
  });

  it("the provider shared by 5 SDK clients: one CreateSession per period", async () => {
    const { start, provider, requests } = await providerOnFakeDate(0);
    const clients = Array.from({ length: 5 }, () => new STSClient({ region: "us-east-1", credentials: provider }));
    try {
      for (let minute = 0; minute <= SOAK_MINUTES; minute++) {
        vi.setSystemTime(start + minute * MINUTE);
        const lookups = [
          ...clients.map((client) => (client.config.credentials as unknown as () => Promise<{ expiration?: Date }>)()),
          provider(),
          provider(),
        ];
        const values = await Promise.all(lookups);
        expect(values.every((value) => value.expiration!.getTime() > Date.now())).toBe(true);
        await vi.waitFor(async () => expect((await provider()).expiration.getTime() - Date.now()).toBeGreaterThan(5 * MINUTE), {
          interval: 1,
        });
      }
    } finally {
      for (const client of clients) client.destroy();
    }
    expect(requests).toHaveLength(EXPECTED_REFRESHES);
    expect(new Set(gaps(requests))).toEqual(new Set([PERIOD / MINUTE]));
  });
});
