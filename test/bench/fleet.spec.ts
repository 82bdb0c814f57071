/**
 * A small fleet through the simulation of `npm run bench:fleet` (bench/lib/fleet/simulate.mjs),
 * driving the provider from src/ on a virtual clock against the emulator's token bucket: 200
 * workloads start within one second against a quota of 10 per second and run for 24 simulated
 * hours. Deterministic (seeded), no real time: the invariants below hold exactly for this seed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { simulateFleet, type FleetResult } from "../../bench/lib/fleet/simulate.mjs";
import { fromRolesAnywhere } from "../../src";
import { createTokenBucket } from "../../src/emulator";
import { testLeaf } from "../support/fixtures";

const QUOTA = { rate: 10, burst: 10 };
const WORKLOADS = 200;
let jittered: FleetResult;
let fixed: FleetResult;

const run = async (jitter: boolean, hours = 24) =>
  simulateFleet({
    lib: { fromRolesAnywhere: fromRolesAnywhere as never, createTokenBucket },
    certificatePem: (await testLeaf()).certificatePem,
    workloads: WORKLOADS,
    quota: QUOTA,
    hours,
    jitter,
    seed: 7,
  });

beforeAll(async () => {
  jittered = await run(true);
  fixed = await run(false);
}, 120_000);

describe("fleet simulation: 200 workloads, 24 hours, quota 10/s", () => {
  it("every workload gets credentials, about as fast as the quota allows (N / rate)", () => {
    expect(jittered.neverGotCredentials).toBe(0);
    expect(jittered.coldStartFailures).toBe(0);
    expect(jittered.firstCredentialsSeconds.max).toBeLessThanOrEqual(WORKLOADS / QUOTA.rate + 60);
  });

  it("no workload is ever without valid credentials after its first fetch", () => {
    expect(jittered.workloadsWithGaps).toBe(0);
    expect(jittered.gapSeconds).toBe(0);
  });

  it("after the cold start, stays under the burst and is never throttled", () => {
    expect(jittered.peakRequestsPerSecondAfterFirstHour).toBeLessThanOrEqual(QUOTA.burst);
    expect(jittered.throttledAfterFirstHour).toBe(0);
  });

  it("sends close to the ideal number of requests (one per credential, refreshed as late as the SDK allows)", () => {
    expect(jittered.accepted).toBeGreaterThanOrEqual(jittered.ideal);
    expect(jittered.accepted).toBeLessThanOrEqual(jittered.ideal * 1.15);
    expect(jittered.requests).toBeLessThanOrEqual(jittered.ideal * 1.5);
  });

  it("the jitter is what keeps the hourly refreshes apart: pinned at 5 minutes before expiry, they bunch up", () => {
    expect(fixed.workloadsWithGaps).toBe(0);
    expect(fixed.peakRequestsPerSecondAfterFirstHour).toBeGreaterThan(jittered.peakRequestsPerSecondAfterFirstHour);
    expect(fixed.throttledAfterFirstHour).toBeGreaterThan(0);
  });

  it("is deterministic: the same seed gives the same run", async () => {
    const again = await run(true, 2);
    const twice = await run(true, 2);
    expect(twice).toEqual(again);
  });
});
