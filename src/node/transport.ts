import type { Agent } from "node:http";
import { builtinModule } from "../runtime/builtinModule";
import { type FetchLike, type HttpResponseLike, MAX_RESPONSE_BYTES, responseTooLarge } from "../transport/transport";

/**
 * Options of the Node transport.
 *
 * @internal
 */
export interface NodeTransportOptions {
  /** An agent (e.g. a proxy tunnel); overrides `rejectUnauthorized` and `ca`. */
  readonly agent?: Agent;
  /** Set `false` only for tests against a self-signed endpoint. Default `true`. */
  readonly rejectUnauthorized?: boolean;
  /** Extra CA certificates (PEM), e.g. from `AWS_CA_BUNDLE`. */
  readonly ca?: string | Uint8Array;
}

/**
 * A {@link FetchLike} on `node:http`/`node:https`, as the AWS SDK's own Node handler
 * uses: it loads in a few milliseconds, where the first use of Node's global
 * `fetch` costs about 100 ms. TLS 1.2 is the minimum. A response body above
 * `MAX_RESPONSE_BYTES` (1 MiB) is cut off with `ERR_BAD_RESPONSE`.
 *
 * @internal
 */
export const createNodeTransport = (options: NodeTransportOptions = {}): FetchLike => {
  return async (url, init) => {
    const target = new URL(url);
    const secure = target.protocol === "https:";
    const client = secure
      ? (builtinModule<typeof import("node:https")>("node:https") ?? (await import("node:https")))
      : (builtinModule<typeof import("node:http")>("node:http") ?? (await import("node:http")));
    return new Promise<HttpResponseLike>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...init.headers };
      headers["content-length"] = Buffer.byteLength(init.body);
      const request = client.request(
        target,
        {
          method: init.method,
          headers,
          ...(options.agent ? { agent: options.agent } : {}),
          ...(secure ? { minVersion: "TLSv1.2" as const, rejectUnauthorized: options.rejectUnauthorized ?? true } : {}),
          ...(secure && options.ca ? { ca: typeof options.ca === "string" ? options.ca : Buffer.from(options.ca) } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              reject(responseTooLarge());
              request.destroy();
              return;
            }
            chunks.push(chunk);
          });
          response.on("error", reject);
          response.on("end", () => {
            const body = Buffer.concat(chunks).toString("utf8");
            resolve({ status: response.statusCode ?? 0, headers: response.headers, text: async () => body });
          });
          response.on("aborted", () => reject(new Error("the response was cut off")));
        },
      );
      request.on("error", reject);
      // The signal is followed here rather than given to `request()` as its `signal` option, whose
      // stream abort helper (addAbortSignal) took about a millisecond of a CLI start in a profile,
      // for the same effect.
      const signal = init.signal;
      if (signal) {
        const onAbort = () =>
          request.destroy(Object.assign(new Error("the request was aborted"), { name: "AbortError", code: "ABORT_ERR" }));
        if (signal.aborted) onAbort();
        else {
          signal.addEventListener("abort", onAbort, { once: true });
          request.once("close", () => signal.removeEventListener("abort", onAbort));
        }
      }
      request.end(init.body);
    });
  };
};
