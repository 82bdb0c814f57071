// Types of simulate.mjs, for the test that runs a small fleet (test/bench/fleet.spec.ts).

export interface FleetLibrary {
  fromRolesAnywhere: (init: never) => () => Promise<unknown>;
  createTokenBucket: (options: { rate: number; burst?: number }) => { take(nowMs: number): boolean };
}

export interface FleetOptions {
  lib: FleetLibrary;
  certificatePem: string;
  workloads: number;
  quota: { rate: number; burst?: number };
  jitter?: boolean;
  hours?: number;
  durationSeconds?: number;
  startWithinMs?: number;
  seed?: number;
  startMs?: number;
}

export interface FleetResult {
  workloads: number;
  hours: number;
  durationSeconds: number;
  quota: { rate: number; burst: number };
  jitter: boolean;
  firstCredentialsSeconds: { p50: number | null; p99: number | null; max: number | null };
  neverGotCredentials: number;
  coldStartFailures: number;
  workloadsWithGaps: number;
  gapSeconds: number;
  requests: number;
  accepted: number;
  throttled: number;
  throttledAfterFirstHour: number;
  /** Throttled requests in each simulated hour. */
  throttledPerHour: number[];
  ideal: number;
  peakRequestsPerSecond: number;
  peakRequestsPerSecondAfterFirstHour: number;
  peakAcceptedPerSecond: number;
  perMinute: { requests: number[]; accepted: number[] };
}

export function simulateFleet(options: FleetOptions): Promise<FleetResult>;
