import type { Logger } from "@smithy/types";
import { RolesAnywhereError } from "../errors";
import type { SignedCreateSessionRequest } from "./createSessionRequest";
import { type RolesAnywhereCredentials, parseCreateSessionBody } from "./response";
import { parseServiceError } from "./serviceError";
import { type FetchLike, headersToRecord } from "./transport";

/**
 * How a CreateSession call is sent.
 *
 * @internal
 */
export interface SendOptions {
  readonly fetch: FetchLike;
  /** Per-attempt timeout in milliseconds. */
  readonly timeout: number;
  /** Retries after the first attempt, for throttling, 5xx, timeouts and network errors. */
  readonly maxRetries: number;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  readonly now: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 20_000;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full-jitter exponential backoff, or the server's `Retry-After` when it sent one. @internal */
export const retryDelay = (attempt: number, random: () => number, retryAfter?: string): number => {
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
  return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
};

const isRetryable = (error: RolesAnywhereError): boolean =>
  error.code === "ERR_THROTTLED" || error.code === "ERR_TIMEOUT" || error.code === "ERR_NETWORK" || (error.statusCode ?? 0) >= 500;

interface Attempt {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const attempt = async (request: SignedCreateSessionRequest, options: SendOptions): Promise<Attempt> => {
  if (options.signal?.aborted) {
    throw new RolesAnywhereError("ERR_NETWORK", "The CreateSession request was aborted by the caller.", { cause: options.signal.reason });
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeout);
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    const body = await response.text();
    return { status: response.status, headers: headersToRecord(response.headers), body };
  } catch (error) {
    const host = new URL(request.url).host;
    if (timedOut) {
      throw new RolesAnywhereError("ERR_TIMEOUT", `CreateSession to ${host} did not answer within ${options.timeout} ms. Check network access to the endpoint, or raise the timeout option.`);
    }
    if (options.signal?.aborted) {
      throw new RolesAnywhereError("ERR_NETWORK", "The CreateSession request was aborted by the caller.", { cause: options.signal.reason });
    }
    const reason = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
    throw new RolesAnywhereError("ERR_NETWORK", `CreateSession to ${host} failed before an answer arrived (${reason}). Check the endpoint, DNS, proxy and TLS settings.`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
};

/**
 * Sends CreateSession with a per-attempt timeout and retries (re-signed with a
 * fresh date each time), and maps the answer to credentials or a typed error.
 *
 * @internal
 */
export const sendCreateSession = async (
  sign: (date: Date) => Promise<SignedCreateSessionRequest>,
  options: SendOptions,
): Promise<RolesAnywhereCredentials> => {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attemptNumber = 0; ; attemptNumber++) {
    const request = await sign(options.now());
    options.logger?.debug?.(`roles-anywhere: CreateSession ${request.url} (attempt ${attemptNumber + 1})`);
    options.logger?.debug?.(`roles-anywhere: canonical request:\n${request.canonicalRequest}`);
    options.logger?.debug?.(`roles-anywhere: string to sign:\n${request.stringToSign}`);
    let error: RolesAnywhereError;
    let retryAfter: string | undefined;
    try {
      const { status, headers, body } = await attempt(request, options);
      if (status >= 200 && status < 300) return parseCreateSessionBody(body);
      error = parseServiceError(status, headers, body);
      retryAfter = headers["retry-after"];
    } catch (caught) {
      if (!(caught instanceof RolesAnywhereError)) throw caught;
      error = caught;
    }
    if (!isRetryable(error) || attemptNumber >= options.maxRetries || options.signal?.aborted) throw error;
    const delay = retryDelay(attemptNumber, random, retryAfter);
    options.logger?.debug?.(`roles-anywhere: ${error.code} on attempt ${attemptNumber + 1}; retrying in ${delay} ms`);
    await sleep(delay);
  }
};
