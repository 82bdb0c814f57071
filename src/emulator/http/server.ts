import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { EMULATOR_LIMITS, type ServerLimits, createLimitedServer } from "../../node/limitedServer";
import type { EmulatorEvent } from "../types";
import { readRequest } from "./receivedRequest";
import { jsonErrorResponse, type HttpResponse } from "./response";
import { routeRequest, type RouteContext } from "./router";
import { ServiceError } from "./serviceError";
import { wordedError } from "../../errorWords";
import { listenErrorMessage } from "./listenError";

/** A running HTTP listener. @internal */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/** Listener settings. @internal */
export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxHeaderSize: number;
  /** Connection cap and timeouts (default {@link EMULATOR_LIMITS}). */
  readonly limits?: ServerLimits;
  /** Built per request (the clock is read once per request). */
  readonly context: () => RouteContext;
  readonly onEvent?: (event: EmulatorEvent) => void;
}

const write = (res: ServerResponse, response: HttpResponse, now: Date) => {
  if (res.destroyed || res.headersSent) return; // the client went away, or close() ended the socket
  try {
    // `Date` comes from the emulator's clock, not the host's, so clients can detect (and tests can
    // simulate) clock skew the way they would against AWS.
    res.writeHead(response.status, { date: now.toUTCString(), ...response.headers, "content-length": Buffer.byteLength(response.body) });
    res.end(response.body);
  } catch {
    res.destroy();
  }
};

/**
 * Starts the node:http listener that feeds every request to the router. `maxHeaderSize` is
 * raised (5-certificate chains exceed Node's 16 KiB default); connections are capped and slow
 * requests cut off (`limits`, default {@link EMULATOR_LIMITS}: 1024 connections, 10 s for the
 * headers, 30 s per request); `close()` ends keep-alive and in-flight sockets at once.
 * @internal
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let result: { response: HttpResponse; event: EmulatorEvent };
    let context: RouteContext | undefined;
    try {
      const request = await readRequest(req);
      context = options.context();
      result = await routeRequest(request, context);
    } catch (error) {
      const tooLarge = error instanceof RangeError;
      const failure = tooLarge
        ? new ServiceError(413, "PayloadTooLargeException", "Request body too large")
        : new ServiceError(400, "BadRequestException", "The request could not be read");
      result = {
        response: jsonErrorResponse(failure),
        event: { operation: "Unknown", status: failure.status, errorType: failure.type, message: failure.message },
      };
    }
    write(res, result.response, context?.now ?? new Date());
    try {
      options.onEvent?.(result.event);
    } catch {
      // A faulty listener must not break the emulator.
    }
  };
  const server = createLimitedServer(
    options.limits ?? EMULATOR_LIMITS,
    (req, res) => {
      void handle(req, res);
    },
    { maxHeaderSize: options.maxHeaderSize },
  );
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    const refused = (error: NodeJS.ErrnoException): void =>
      reject(
        wordedError("ERR_INVALID_OPTION", listenErrorMessage(error.code, error.message, options.host, options.port), {
          cause: new Error(error.message),
        }),
      );
    server.once("error", refused);
    server.listen(options.port, options.host, () => {
      server.off("error", refused);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const hostForUrl = options.host.includes(":") ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    host: options.host,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
