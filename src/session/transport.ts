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
 * Wraps the runtime's global `fetch`. The `host` header is left to the runtime
 * (it sends the URL's host, which is what was signed).
 *
 * @internal
 */
export const createFetchTransport = (fetchImpl: typeof fetch = globalThis.fetch): FetchLike => {
  if (typeof fetchImpl !== "function") {
    throw new TypeError("no global fetch in this runtime: pass the fetch option");
  }
  return (url, { method, headers, body, signal }) => {
    const { host: _host, ...rest } = headers;
    return fetchImpl(url, { method, headers: rest, body, ...(signal ? { signal } : {}) });
  };
};
