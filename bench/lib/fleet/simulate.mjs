// The fleet simulation: N workloads, each running the package's real provider (its cache, retries
// and refresh timer, as `serve` runs it), start within a second against the emulator's quota model
// (the same token bucket `startEmulator({ throttle })` uses) and run for a simulated day, all in
// one process on a virtual clock. Only the network is replaced: a request is answered at once,
// 201 with fresh credentials when the bucket has a token, 429 ThrottlingException when it has none.
import { createScheduler, seededRandom } from "./scheduler.mjs";

// The package's internal test hooks (src/transport/retryHooks.ts, src/cache/cacheHooks.ts).
const RETRY_HOOKS = Symbol.for("credential-provider-roles-anywhere.retryHooks");
const CACHE_HOOKS = Symbol.for("credential-provider-roles-anywhere.cacheHooks");

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The latest refresh point (and AWS SDK v3's own window): 5 minutes before expiry. */
const LATEST_REFRESH_MS = 5 * MINUTE;
const ARNS = {
  trustAnchorArn: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/11111111-2222-3333-4444-555555555555",
  profileArn: "arn:aws:rolesanywhere:us-east-1:123456789012:profile/66666666-7777-8888-9999-000000000000",
  roleArn: "arn:aws:iam::123456789012:role/Fleet",
};
/** A DER ECDSA signature of the right shape; nobody verifies it (the quota model stands in for the service). */
const SIGNATURE = new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]);
const THROTTLED_BODY = '{"__type":"ThrottlingException","message":"Rate exceeded"}';

const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

const successBody = (expiresMs) =>
  JSON.stringify({
    credentialSet: [
      {
        credentials: {
          accessKeyId: "ASIAFLEETSIMULATION1",
          secretAccessKey: "fleetSimulationSecretAccessKey00000000000",
          sessionToken: "FleetSimulationSessionToken0000",
          expiration: isoSeconds(expiresMs),
        },
        roleArn: ARNS.roleArn,
      },
    ],
  });

const quantile = (sorted, q) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);

/**
 * Runs one fleet for `hours` simulated hours and measures it.
 *
 * @param {object} options
 * @param {{ fromRolesAnywhere: Function, createTokenBucket: Function }} options.lib the package under test (dist/ or src/)
 * @param {string} options.certificatePem an EC (P-256) leaf certificate valid during the simulated day
 * @param {number} options.workloads how many workloads (providers)
 * @param {{ rate: number, burst?: number }} options.quota the CreateSession quota
 * @param {boolean} [options.jitter] false pins the refresh point at 5 minutes before expiry (the behaviour before the jitter)
 * @param {number} [options.hours] simulated hours (default 24)
 * @param {number} [options.durationSeconds] credential lifetime (default 3600)
 * @param {number} [options.startWithinMs] workloads start uniformly within this (default 1000)
 * @param {number} [options.seed] seed of every random draw (default 1)
 * @param {number} [options.startMs] the virtual clock's start, a whole hour (default: the next one)
 */
export const simulateFleet = async (options) => {
  const { lib, certificatePem, workloads: n, quota } = options;
  const hours = options.hours ?? 24;
  const durationSeconds = options.durationSeconds ?? 3600;
  const jitter = options.jitter ?? true;
  const startMs = options.startMs ?? Math.ceil(Date.now() / HOUR) * HOUR;
  const endMs = startMs + hours * HOUR;
  const scheduler = createScheduler(startMs);
  const random = seededRandom(options.seed ?? 1);
  const bucket = lib.createTokenBucket(quota);
  const seconds = hours * 3600;
  const attempted = new Uint32Array(seconds + 1);
  const accepted = new Uint32Array(seconds + 1);
  const startedAt = new Float64Array(n);
  const firstAt = new Float64Array(n).fill(Number.NaN);
  const validUntil = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const hadGap = new Uint8Array(n);
  let gapMs = 0;
  let coldStartFailures = 0;
  const now = () => new Date(scheduler.now());
  const signer = { algorithm: "AWS4-X509-ECDSA-SHA256", sign: () => SIGNATURE };
  const throttled = { status: 429, headers: { "x-amzn-errortype": "ThrottlingException" }, text: async () => THROTTLED_BODY };

  const fetchFor = (i) => async () => {
    const time = scheduler.now();
    const second = Math.floor((time - startMs) / 1000);
    attempted[second]++;
    if (!bucket.take(time)) return throttled;
    accepted[second]++;
    const expiresMs = Math.floor(time / 1000) * 1000 + durationSeconds * 1000;
    if (Number.isNaN(firstAt[i])) firstAt[i] = time;
    else if (time > validUntil[i]) {
      hadGap[i] = 1;
      gapMs += time - validUntil[i];
    }
    validUntil[i] = expiresMs;
    const body = successBody(expiresMs);
    return { status: 201, headers: {}, text: async () => body };
  };

  for (let i = 0; i < n; i++) {
    startedAt[i] = startMs + Math.floor(random() * (options.startWithinMs ?? 1000));
    const provider = lib.fromRolesAnywhere({
      ...ARNS,
      endpoint: "https://rolesanywhere.us-east-1.amazonaws.com",
      certificate: certificatePem,
      privateKey: signer,
      durationSeconds,
      fetch: fetchFor(i),
      now,
      [RETRY_HOOKS]: { sleep: scheduler.sleep, random },
      [CACHE_HOOKS]: { timer: scheduler.timer, ...(jitter ? {} : { earliestRefreshMs: LATEST_REFRESH_MS }) },
    });
    scheduler.at(startedAt[i], () => {
      provider().catch(() => {
        coldStartFailures++;
      });
    });
  }
  await scheduler.runUntil(endMs);

  const waits = [];
  let never = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(firstAt[i])) {
      never++;
      continue;
    }
    waits.push((firstAt[i] - startedAt[i]) / 1000);
    if (validUntil[i] < endMs) {
      hadGap[i] = 1;
      gapMs += endMs - validUntil[i];
    }
  }
  waits.sort((a, b) => a - b);
  const sum = (array, from = 0) => array.subarray(from).reduce((a, b) => a + b, 0);
  const max = (array, from = 0) => array.subarray(from).reduce((a, b) => Math.max(a, b), 0);
  const perMinute = (array) => Array.from({ length: hours * 60 }, (_, m) => sum(array.subarray(m * 60, m * 60 + 60)) / 60);
  const idealPerWorkload = 1 + Math.floor((hours * HOUR) / (durationSeconds * 1000 - LATEST_REFRESH_MS));
  const totalAccepted = sum(accepted);
  const totalAttempted = sum(attempted);
  return {
    workloads: n,
    hours,
    durationSeconds,
    quota: { rate: quota.rate, burst: quota.burst ?? Math.max(1, Math.ceil(quota.rate)) },
    jitter,
    firstCredentialsSeconds: { p50: quantile(waits, 0.5), p99: quantile(waits, 0.99), max: waits.at(-1) ?? null },
    neverGotCredentials: never,
    coldStartFailures,
    workloadsWithGaps: hadGap.reduce((a, b) => a + b, 0),
    gapSeconds: Math.round(gapMs / 1000),
    requests: totalAttempted,
    accepted: totalAccepted,
    throttled: totalAttempted - totalAccepted,
    throttledAfterFirstHour: sum(attempted, 3600) - sum(accepted, 3600),
    throttledPerHour: Array.from(
      { length: hours },
      (_, h) => sum(attempted.subarray(h * 3600, h * 3600 + 3600)) - sum(accepted.subarray(h * 3600, h * 3600 + 3600)),
    ),
    ideal: n * idealPerWorkload,
    peakRequestsPerSecond: max(attempted),
    peakRequestsPerSecondAfterFirstHour: max(attempted, 3600),
    peakAcceptedPerSecond: max(accepted),
    perMinute: { requests: perMinute(attempted), accepted: perMinute(accepted) },
  };
};
