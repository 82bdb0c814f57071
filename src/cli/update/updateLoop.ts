import { isoSeconds } from "../../encoding/isoSeconds";
import { refreshLeadMs } from "../../cache/refreshTiming";
import { cliMessage } from "../cliWords";

/**
 * The refresh loop of `roles-anywhere update`, with its clock, sleep and I/O injected.
 * @internal
 */

/** Credentials as the loop needs them. @internal */
export interface LoopCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** @internal */
export interface UpdateLoopOptions {
  fetchCredentials(): Promise<LoopCredentials>;
  write(credentials: LoopCredentials): Promise<void>;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): Date;
  /** One line of progress or failure (no secrets). */
  report(line: string): void;
  once: boolean;
  signal?: AbortSignal;
  /** Draws the jitter of the refresh point and of the retry delays, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Retry delays are full jitter over this (default 5 s), doubled per failure up to `maxRetryDelayMs` (default 5 min). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/** The shortest wait between two attempts of the loop. */
const MIN_DELAY_MS = 1_000;

/**
 * The wait after the `failures`-th transient failure in a row: full jitter over `first × 2^(n−1)`
 * (capped at `max`), at least a second, and while the credentials already written are still valid
 * at most half the time they have left, so the loop never sleeps through their expiry.
 * @internal
 */
export function retryDelayAfter(failures: number, random: () => number, first: number, max: number, validForMs: number): number {
  const ceiling = Math.min(first * 2 ** Math.min(failures - 1, 30), max);
  const jittered = Math.max(MIN_DELAY_MS, Math.floor(random() * ceiling));
  return validForMs > 0 ? Math.max(MIN_DELAY_MS, Math.min(jittered, Math.floor(validForMs / 2))) : jittered;
}

/**
 * Error codes worth retrying in the loop: throttling, timeouts, network and service errors pass,
 * and a missing or unreadable file may appear or be fixed later (certificate renewal, mounts).
 * Every other failure (bad ARN, region or key mismatch, refused certificate, ...) repeats
 * identically until the configuration changes.
 * @internal
 */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(["ERR_THROTTLED", "ERR_TIMEOUT", "ERR_NETWORK", "ERR_SERVICE", "ERR_FILE"]);

/** The `code` of an error, when it has a string one. @internal */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Fetches credentials and writes them, then sleeps until a refresh point drawn between 15 and 5
 * minutes before they expire (as the library's cache does, so a fleet spreads its refreshes), and
 * again, until `signal` aborts. A transient failure (a code in {@link TRANSIENT_CODES}) is reported
 * with its `[code]` and retried with full-jitter backoff instead of ending the loop; the file keeps
 * the previous (still valid) credentials meanwhile. Any other failure is reported and thrown:
 * retrying a configuration error would only repeat it. With `once`, the first success returns and
 * any failure throws.
 * @internal
 */
export async function runUpdateLoop(options: UpdateLoopOptions): Promise<void> {
  const random = options.random ?? Math.random;
  const firstRetry = options.retryDelayMs ?? 5_000;
  const maxRetry = options.maxRetryDelayMs ?? 5 * 60_000;
  let failures = 0;
  let written: Date | undefined;
  while (!options.signal?.aborted) {
    let delay: number;
    try {
      const credentials = await options.fetchCredentials();
      await options.write(credentials);
      written = credentials.expiration;
      failures = 0;
      options.report(`credentials written; they expire at ${isoSeconds(credentials.expiration)}`);
      if (options.once) return;
      const left = credentials.expiration.getTime() - options.now().getTime();
      delay = Math.max(left - refreshLeadMs(left, random), MIN_DELAY_MS);
    } catch (error) {
      if (options.once) throw error;
      const code = errorCode(error);
      if (code === undefined || !TRANSIENT_CODES.has(code)) {
        options.report(`refresh failed${code ? ` [${code}]` : ""}; not retrying: the error will repeat until the configuration is fixed`);
        throw error;
      }
      failures++;
      delay = retryDelayAfter(failures, random, firstRetry, maxRetry, (written?.getTime() ?? 0) - options.now().getTime());
      const message = cliMessage(error);
      options.report(`refresh failed (attempt ${failures}) [${code}], retrying in ${Math.round(delay / 1000)} s: ${message}`);
    }
    await options.sleep(delay, options.signal);
  }
}

/** A `sleep` that resolves early (without error) when `signal` aborts. @internal */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
