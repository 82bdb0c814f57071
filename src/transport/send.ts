import type { Logger } from "@smithy/types";
import { RolesAnywhereError } from "../errors";
import { abortError, abortableWait, raceAbort, withTimeout } from "./abort";
import { type CorrectedClock, createCorrectedClock, skewCorrectionFor } from "./clockSkew";
import type { SignedCreateSessionRequest } from "../request/createSessionRequest";
import { type RolesAnywhereCredentials, parseCreateSessionBody } from "../response/response";
import { isRetryable, retryDelay } from "./retryPolicy";
import { type SignatureContext, explainInvalidSignature } from "../response/invalidSignature";
import { parseServiceError } from "../response/serviceError";
import { exchange } from "./exchange";
import type { FetchLike } from "./transport";

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
  /**
   * `false`: a throttled attempt is final, whatever `maxRetries` says (the cache's throttled cold
   * start waits between its own attempts, longer than these retries would). Default `true`.
   */
  readonly retryThrottling?: boolean;
  /** What was checked before sending; turns `Invalid signature` into a list of likely causes. */
  readonly signatureContext?: SignatureContext;
}

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
 * - A final `Invalid signature` names the likely causes given `signatureContext`.
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
    const request = await raceAbort(withTimeout(sign(clock.now()), options.timeout, "Signing the CreateSession request"), signal);
    logger?.debug?.(`roles-anywhere: CreateSession ${request.url} (attempt ${attempt})`);
    logger?.debug?.(`roles-anywhere: canonical request:\n${request.canonicalRequest}`);
    logger?.debug?.(`roles-anywhere: string to sign:\n${request.stringToSign}`);
    let error: RolesAnywhereError;
    let headers: Record<string, string> = {};
    try {
      const answer = await exchange(request, options);
      logger?.debug?.(`roles-anywhere: CreateSession answered ${answer.status}`);
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
    if (!isRetryable(error) || retries >= options.maxRetries || signal?.aborted) {
      throw options.signatureContext ? explainInvalidSignature(error, options.signatureContext, request.url, skewCorrected) : error;
    }
    if (error.code === "ERR_THROTTLED" && options.retryThrottling === false) throw error;
    retries++;
    const delay = retryDelay(retries - 1, random, headers["retry-after"], clock.now());
    logger?.debug?.(`roles-anywhere: ${error.code} on attempt ${attempt}; retrying in ${delay} ms`);
    await abortableWait(delay, signal, options.sleep);
  }
};
