import { RolesAnywhereError } from "../errors";

/**
 * An HTTP request as the transport sends it.
 *
 * @public
 */
export interface HttpRequestInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal?: AbortSignal;
}

/**
 * The parts of an HTTP response the provider reads. A WHATWG `Response` fits.
 *
 * @public
 */
export interface HttpResponseLike {
  readonly status: number;
  readonly headers: Headers | Readonly<Record<string, string | string[] | undefined>>;
  text(): Promise<string>;
}

/**
 * A `fetch`-compatible function: the global `fetch`, undici's, or a test double.
 *
 * @public
 */
export type FetchLike = (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>;

/**
 * Reads response headers into a plain object with lowercase names.
 *
 * @internal
 */
export const headersToRecord = (headers: HttpResponseLike["headers"]): Record<string, string> => {
  const out: Record<string, string> = {};
  if (typeof (headers as Headers).forEach === "function" && typeof (headers as Headers).get === "function") {
    (headers as Headers).forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
};

/**
 * Largest CreateSession response body read (1 MiB; a real one is about 2 KB). A
 * longer body is `ERR_BAD_RESPONSE`.
 *
 * @internal
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * The error a transport throws when a response body exceeds {@link MAX_RESPONSE_BYTES}.
 *
 * @internal
 */
export const responseTooLarge = (): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_BAD_RESPONSE",
    `The endpoint answered with a body larger than ${MAX_RESPONSE_BYTES} bytes; a CreateSession answer is a few kilobytes. Check that the endpoint is a Roles Anywhere endpoint.`,
  );

/**
 * Reads a WHATWG response body as UTF-8, stopping (and cancelling the stream) once it
 * exceeds {@link MAX_RESPONSE_BYTES}.
 *
 * @internal
 */
export const readCappedText = async (response: Response): Promise<string> => {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw responseTooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
};

/**
 * Wraps the runtime's global `fetch`. The `host` header is left to the runtime
 * (it sends the URL's host, which is what was signed).
 *
 * @internal
 */
export const createFetchTransport = (fetchImpl: typeof fetch | undefined): FetchLike => {
  if (typeof fetchImpl !== "function") {
    throw new RolesAnywhereError(
      "ERR_INVALID_OPTION",
      "This runtime has no global fetch: pass the fetch option (a fetch-compatible function).",
    );
  }
  return (url, { method, headers, body, signal }) => {
    const { host: _host, ...rest } = headers;
    return fetchImpl(url, { method, headers: rest, body, ...(signal ? { signal } : {}) }).then((response) => ({
      status: response.status,
      headers: response.headers,
      text: () => readCappedText(response),
    }));
  };
};
