import { RolesAnywhereError } from "../errors";
import { abortError, raceAbort } from "./abort";
import type { SignedCreateSessionRequest } from "../request/createSessionRequest";
import { type FetchLike, MAX_RESPONSE_BYTES, headersToRecord, responseTooLarge } from "./transport";

/**
 * What one exchange needs.
 *
 * @internal
 */
export interface ExchangeOptions {
  readonly fetch: FetchLike;
  /** Milliseconds for the whole exchange: connect, headers and body. */
  readonly timeout: number;
  /** The caller's signal. */
  readonly signal?: AbortSignal;
}

/**
 * An HTTP answer, read in full.
 *
 * @internal
 */
export interface Answer {
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

/**
 * One HTTP exchange, bounded by the per-attempt timeout and the caller's signal even
 * if the transport ignores its signal. Failures are `ERR_TIMEOUT`, `ERR_NETWORK` (a
 * caller's abort included) or the transport's own `RolesAnywhereError` (a body over 1 MiB).
 *
 * @internal
 */
export const exchange = async (request: SignedCreateSessionRequest, options: ExchangeOptions): Promise<Answer> => {
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
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    const body = await response.text();
    return { status: response.status, headers: headersToRecord(response.headers), body };
  })();
  try {
    const answer = await raceAbort(work, controller.signal);
    if (answer.body.length > MAX_RESPONSE_BYTES) throw responseTooLarge();
    return answer;
  } catch (error) {
    if (timedOut) {
      throw new RolesAnywhereError(
        "ERR_TIMEOUT",
        `CreateSession to ${host} did not answer within ${options.timeout} ms. Check network access to the endpoint, or raise the timeout option.`,
      );
    }
    if (options.signal?.aborted) throw abortError(options.signal);
    if (error instanceof RolesAnywhereError) throw error;
    throw networkError(host, error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
};
