import type { IncomingMessage, ServerResponse } from "node:http";
import { readRequest } from "../http/receivedRequest";
import type { EmulatorState } from "../state/EmulatorState";
import type { ActivityLog, ActivityMessage } from "./activityLog";
import { answerApi } from "./consoleApi";
import { CONSOLE_SHELL, LOGIN_REQUIRED_PAGE, NOT_BUILT_PAGE, readConsoleAssets, type ConsoleAssets } from "./consoleAssets";
import { createConsoleAuth } from "./consoleAuth";
import { EVENTS_PATH, consoleRefusal } from "./consoleGuard";

/** What the console is built from. @internal */
export interface ConsoleOptions {
  readonly state: EmulatorState;
  readonly now: () => Date;
  /** The emulator's `url`. */
  readonly url: string;
  readonly port: number;
  /** The address the emulator listens on. */
  readonly boundAddress: string;
  readonly activity: ActivityLog;
  /** Called after the console changed the state (writes the state file). */
  readonly onChange?: () => void;
  /** Reads the front end (default: from `dist/console/`). */
  readonly readAssets?: () => ConsoleAssets | undefined;
  /** Random bytes for the token (injectable for tests). */
  readonly random?: (size: number) => Uint8Array;
}

/** The console of one emulator. @internal */
export interface EmulatorConsole {
  /** The login link: `<url>/console/login?token=…`. */
  readonly loginUrl: string;
  /** Answers `req` when it is for `/console…` (and returns true); otherwise returns false at once. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends the live event streams. */
  close(): void;
}

/** Live event streams open at once (each is one browser tab). @internal */
export const MAX_EVENT_STREAMS = 32;
/** A comment line this often keeps idle streams (and proxies) open. */
const HEARTBEAT_MS = 15_000;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
};

/** The URL a browser on this machine uses: a wildcard listening address becomes the loopback one. */
const loopbackUrl = (url: string): string =>
  url.replace(/^http:\/\/0\.0\.0\.0:/, "http://127.0.0.1:").replace(/^http:\/\/\[::\]:/, "http://[::1]:");

const isConsolePath = (url: string): boolean => /^\/console(?:[/?#]|$)/.test(url);

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": type, "content-length": String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

/** JSON with byte arrays as base64 (CRL data, certificates) and dates as ISO 8601. */
const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v));

const headersOf = (req: IncomingMessage): Record<string, string | undefined> => {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(",") : value;
  return out;
};

/**
 * The browser console of one emulator, served under `/console` on the emulator's own listener:
 * the login (`/console/login?token=…` sets the cookie and redirects to `/console`, so the token
 * leaves the address bar), the page and its script and style (from `dist/console/`), the JSON
 * API (`/console/api/…`, see `answerApi`) and the live Activity stream (server-sent events).
 * Every request passes {@link consoleRefusal} first; everything but the login and the static
 * script and style needs the cookie. Console requests are not reported to `onEvent`, so the
 * token never reaches a log.
 * @internal
 */
export function createEmulatorConsole(options: ConsoleOptions): EmulatorConsole {
  const auth = createConsoleAuth(options.port, options.random);
  const readAssets = options.readAssets ?? readConsoleAssets;
  let assets: ConsoleAssets | undefined;
  const streams = new Set<ServerResponse>();

  const stream = (req: IncomingMessage, res: ServerResponse): void => {
    if (streams.size >= MAX_EVENT_STREAMS) {
      send(res, 503, "text/plain; charset=utf-8", "Too many open console tabs; close one and reload.");
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, "content-type": "text/event-stream; charset=utf-8", connection: "keep-alive" });
    const write = (message: ActivityMessage) => {
      if (message.kind === "change") res.write("event: change\ndata: {}\n\n");
      else res.write(`id: ${message.entry.id}\nevent: activity\ndata: ${toJson(message.entry)}\n\n`);
    };
    res.write("retry: 2000\n\n");
    const lastId = Number(headersOf(req)["last-event-id"] ?? 0);
    for (const entry of options.activity.since(Number.isSafeInteger(lastId) ? lastId : 0)) write({ kind: "activity", entry });
    const unsubscribe = options.activity.subscribe(write);
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), HEARTBEAT_MS);
    heartbeat.unref();
    streams.add(res);
    res.once("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  };

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? "/console";
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    const method = req.method ?? "GET";
    const headers = headersOf(req);
    const refusal = consoleRefusal({
      method,
      path,
      headers,
      remoteAddress: req.socket.remoteAddress,
      localAddress: req.socket.localAddress,
      boundAddress: options.boundAddress,
    });
    if (refusal) return send(res, refusal.status, "text/plain; charset=utf-8", refusal.message);

    if (path === "/console/app.js" || path === "/console/app.css") {
      assets ??= readAssets();
      if (!assets) return send(res, 503, "text/plain; charset=utf-8", "The console is not built: run npm run build.");
      const js = path.endsWith(".js");
      return send(res, 200, js ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", assets[js ? "app.js" : "app.css"]);
    }
    if (path === "/console/login") {
      const token = new URLSearchParams(q < 0 ? "" : target.slice(q + 1)).get("token");
      if (!auth.checkToken(token)) return send(res, 401, "text/html; charset=utf-8", LOGIN_REQUIRED_PAGE);
      return send(res, 303, "text/plain; charset=utf-8", "Logged in; go to /console.", {
        location: "/console",
        "set-cookie": auth.setCookie(),
      });
    }
    const loggedIn = auth.checkCookie(headers["cookie"]);
    if (path.startsWith("/console/api/")) {
      if (!loggedIn) {
        return send(
          res,
          401,
          "application/json",
          toJson({ error: { code: "LoginRequired", message: "Log in with the console link first." } }),
        );
      }
      if (path === EVENTS_PATH) return stream(req, res);
      let body: Uint8Array;
      try {
        body = (await readRequest(req)).body;
      } catch {
        return send(
          res,
          413,
          "application/json",
          toJson({ error: { code: "PayloadTooLarge", message: "The request body is too large." } }),
        );
      }
      const result = await answerApi(method, path, body, {
        state: options.state,
        now: options.now(),
        url: options.url,
        activity: options.activity,
        ...(options.onChange ? { onChange: options.onChange } : {}),
      });
      return send(res, result.status, "application/json", toJson(result.body));
    }
    if (path === "/console" || path === "/console/") {
      if (!loggedIn) return send(res, 401, "text/html; charset=utf-8", LOGIN_REQUIRED_PAGE);
      assets ??= readAssets();
      if (!assets) return send(res, 503, "text/html; charset=utf-8", NOT_BUILT_PAGE);
      return send(res, 200, "text/html; charset=utf-8", CONSOLE_SHELL);
    }
    return send(res, 404, "text/plain; charset=utf-8", "Not found.");
  };

  return {
    loginUrl: `${loopbackUrl(options.url)}/console/login?token=${auth.token}`,
    handle(req, res) {
      if (!isConsolePath(req.url ?? "")) return false;
      answer(req, res).catch(() => {
        send(res, 500, "text/plain; charset=utf-8", "The console failed to answer.");
      });
      return true;
    },
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
