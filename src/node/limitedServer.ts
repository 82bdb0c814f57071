import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";

/**
 * Bounds on what clients can hold of a local HTTP server: open connections (more are closed at
 * once), the time to send the request headers and the whole request (a slowloris client that
 * trickles bytes is disconnected), checked every `checkIntervalMs`.
 * @internal
 */
export interface ServerLimits {
  readonly maxConnections: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** How often Node checks the two timeouts (its default, 30 s, would let them run long). Default 1 s. */
  readonly checkIntervalMs?: number;
}

/**
 * `serve`'s limits: a metadata request is a few hundred bytes, sent at once.
 * @internal
 */
export const SERVE_LIMITS: ServerLimits = { maxConnections: 256, headersTimeoutMs: 5_000, requestTimeoutMs: 10_000 };

/**
 * The emulator's limits: test suites may open many connections at once; a CreateSession request
 * with a five-certificate chain is still small.
 * @internal
 */
export const EMULATOR_LIMITS: ServerLimits = { maxConnections: 1_024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };

/**
 * A node:http server with `limits` applied (Node's defaults: no connection cap, 60 s for headers,
 * 300 s per request).
 * @internal
 */
export function createLimitedServer(
  limits: ServerLimits,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: { readonly maxHeaderSize?: number } = {},
): Server {
  const server = createServer(
    {
      ...options,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs ?? 1_000,
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}
