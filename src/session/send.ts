import type { Logger } from "@smithy/types";
import { RolesAnywhereError } from "../errors";
import { abortError, raceAbort } from "./abort";
import { type CorrectedClock, createCorrectedClock, skewCorrectionFor } from "./clockSkew";
import type { SignedCreateSessionRequest } from "./createSessionRequest";
import { type RolesAnywhereCredentials, parseCreateSessionBody } from "./response";
import { isRetryable, retryDelay } from "./retryPolicy";
import { parseServiceError } from "./serviceError";
import { type FetchLike, MAX_RESPONSE_BYTES, headersToRecord, responseTooLarge } from "./transport";

export { retryDelay } from "./retryPolicy";

/**
 * How a CreateSession call is sent.
 *
 * @internal
 */
export interface SendOptions {
  readonly fetch: FetchLike;
  /** Per-attempt timeout in milliseconds (covers connecting, headers and body). */
  readonly timeout: number;
  /** Retries after the first attempt, for throttling, 5xx, timeouts and network errors. */
  readonly maxRetries: number;
  /** The caller's signal: aborts the attempt in progress and any wait between attempts. */
  readonly signal?: AbortSignal;
  readonly logger?: Partial<Logger>;
  /** Local clock; used when no `clock` is given. */
  readonly now: () => Date;
  /** The provider's correctable clock (see {@link CorrectedClock}); signing reads it. */
  readonly clock?: CorrectedClock;
  /** Test hook: waits between attempts. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Test hook: the jitter fraction. */
  readonly random?: () => number;
}

/** Waits `ms` (with the injected `sleep`, or a timer that is cleared on abort); rejects at once when `signal` aborts. */
const wait = (ms: number, signal: AbortSignal | undefined, sleep: ((ms: number) => Promise<void>) | undefined): Promise<void> => {
  if (sleep) return raceAbort(sleep(ms), signal);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
};

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const networkError = (host: string, error: unknown): RolesAnywhereError => {
  const reason = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
  return new RolesAnywhereError(
    "ERR_NETWORK",
    `CreateSession to ${host} failed before an answer arrived (${reason}). Check the endpoint, DNS, proxy and TLS settings.`,
    { cause: error },
  );
};

/** One HTTP exchange, bounded by the per-attempt timeout and the caller's signal even if the transport ignores its signal. */
const exchange = async (request: SignedCreateSessionRequest, options: SendOptions): Promise<Answer> => {
  if (options.signal?.aborted) throw abortError(options.signal);
  const host = new URL(request.url).host;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeout);
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const work = (async (): Promise<Answer> => {
    const response = await options.fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: controller.signal });
    const body = await response.text();
    return { status: response.status, headers: headersToRecord(response.headers), body };
  })();
  try {
    const answer = await raceAbort(work, controller.signal);
    if (answer.body.length > MAX_RESPONSE_BYTES) throw responseTooLarge();
    return answer;
  } catch (error) {
    if (timedOut) {
      throw new RolesAnywhereError("ERR_TIMEOUT", `CreateSession to ${host} did not answer within ${options.timeout} ms. Check network access to the endpoint, or raise the timeout option.`);
    }
    if (options.signal?.aborted) throw abortError(options.signal);
    if (error instanceof RolesAnywhereError) throw error;
    throw networkError(host, error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
};

const describeOffset = (offsetMs: number): string =>
  `${Math.round(Math.abs(offsetMs) / 1000)} s ${offsetMs > 0 ? "behind" : "ahead of"} the service`;

/**
 * Sends CreateSession with a per-attempt timeout and retries (re-signed with a
 * fresh date each time), and maps the answer to credentials or a typed error.
 *
 * - Throttling, 5xx, timeouts and network errors are retried up to `maxRetries`
 *   times with full-jitter backoff or the server's `Retry-After`; other 4xx and
 *   unusable bodies are not. Any 2xx with a valid body is a success.
 * - `Invalid signature` with a `Date` header more than 4 minutes off the clock stores
 *   the offset in `clock`, logs a warning, and re-signs and retries once (on top of
 *   `maxRetries`).
 * - The caller's `signal` stops everything at once.
 *
 * @internal
 */
export const sendCreateSession = async (
  sign: (date: Date) => Promise<SignedCreateSessionRequest>,
  options: SendOptions,
): Promise<RolesAnywhereCredentials> => {
  const { logger, signal } = options;
  const clock = options.clock ?? createCorrectedClock(options.now);
  const random = options.random ?? Math.random;
  let skewCorrected = false;
  for (let attempt = 1, retries = 0; ; attempt++) {
    if (signal?.aborted) throw abortError(signal);
    const request = await sign(clock.now());
    logger?.debug?.(`roles-anywhere: CreateSession ${request.url} (attempt ${attempt})`);
    logger?.debug?.(`roles-anywhere: canonical request:\n${request.canonicalRequest}`);
    logger?.debug?.(`roles-anywhere: string to sign:\n${request.stringToSign}`);
    let error: RolesAnywhereError;
    let headers: Record<string, string> = {};
    try {
      const answer = await exchange(request, options);
      headers = answer.headers;
      if (answer.status >= 200 && answer.status < 300) return parseCreateSessionBody(answer.body);
      error = parseServiceError(answer.status, answer.headers, answer.body);
    } catch (caught) {
      if (!(caught instanceof RolesAnywhereError)) throw caught;
      error = caught;
    }
    const correction = skewCorrected ? undefined : skewCorrectionFor(error, headers.date, clock.now());
    if (correction !== undefined) {
      skewCorrected = true;
      clock.setOffset(clock.offsetMs + correction);
      logger?.warn?.(
        `roles-anywhere: the service answered "Invalid signature" and its Date header (${headers.date}) shows the local clock is ${describeOffset(clock.offsetMs)}; signing with the corrected time from now on and retrying once. Fix the system clock (NTP).`,
      );
      continue;
    }
    if (!isRetryable(error) || retries >= options.maxRetries || signal?.aborted) throw error;
    retries++;
    const delay = retryDelay(retries - 1, random, headers["retry-after"], clock.now());
    logger?.debug?.(`roles-anywhere: ${error.code} on attempt ${attempt}; retrying in ${delay} ms`);
    await wait(delay, signal, options.sleep);
  }
};
