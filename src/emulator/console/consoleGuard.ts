import { isLoopback, isTrustedHost } from "../../node/loopback";
import { CONSOLE_HEADER } from "./apiTypes";

/** What the guard looks at in one console request. @internal */
export interface ConsoleRequestFacts {
  readonly method: string;
  /** The path without the query, e.g. `/console/api/overview`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The client's address (`socket.remoteAddress`). */
  readonly remoteAddress: string | undefined;
  /** The address the client reached (`socket.localAddress`). */
  readonly localAddress: string | undefined;
  /** The address the emulator listens on (`host`). */
  readonly boundAddress: string;
}

/** Why a console request is refused before anything else is looked at. @internal */
export interface ConsoleRefusal {
  readonly status: 403 | 405;
  readonly message: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);
/** The read-only stream a browser's EventSource opens (it cannot add headers). */
export const EVENTS_PATH = "/console/api/events";

const sameMachine = (remote: string | undefined, local: string | undefined): boolean =>
  remote !== undefined && (isLoopback(remote) || (local !== undefined && remote === local));

/**
 * The console's checks that come before its cookie (pure):
 *
 * - the client is on this machine: a loopback address, or the address it connected to (403);
 * - `Host` names this server by a loopback name or an IP address, as `serve` requires (403;
 *   after a DNS rebinding a page's requests carry the attacker's host name);
 * - an `Origin`, when sent, is this server's own `http://<Host>`; every state-changing method
 *   must send it (browsers always do) (403);
 * - a fetch marked by the browser as coming from another site (`Sec-Fetch-Site: cross-site` or
 *   `same-site`) is refused for the API (403);
 * - every API request but the event stream carries the `X-Emulator-Console` header, which a
 *   page on another origin cannot add without a CORS preflight the console never grants (403);
 * - API methods: GET for reads, POST for calls (405).
 * @returns the refusal, or `undefined` when the request may go on (to the cookie check).
 * @internal
 */
export function consoleRefusal(facts: ConsoleRequestFacts): ConsoleRefusal | undefined {
  const { headers, method, path } = facts;
  if (!sameMachine(facts.remoteAddress, facts.localAddress)) {
    return { status: 403, message: "The console answers clients on this machine only." };
  }
  const host = headers["host"];
  if (!isTrustedHost(host, facts.boundAddress)) {
    return { status: 403, message: "The Host header must name this server by a loopback name or its IP address." };
  }
  const origin = headers["origin"];
  const ownOrigin = `http://${host!.trim().toLowerCase()}`;
  if (origin !== undefined && origin.toLowerCase() !== ownOrigin) {
    return { status: 403, message: "Requests from other origins are refused." };
  }
  if (!SAFE_METHODS.has(method) && origin === undefined) {
    return { status: 403, message: "A state-changing request must come from the console's own page (no Origin header was sent)." };
  }
  const api = path.startsWith("/console/api/");
  if (!api) return SAFE_METHODS.has(method) ? undefined : { status: 405, message: "Method not allowed." };
  const site = headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return { status: 403, message: "Requests from other sites are refused." };
  }
  if (path === EVENTS_PATH) return method === "GET" ? undefined : { status: 405, message: "Method not allowed." };
  if (headers[CONSOLE_HEADER] !== "1") {
    return { status: 403, message: `Console API requests need the header ${CONSOLE_HEADER}: 1.` };
  }
  if (method !== "GET" && method !== "POST") return { status: 405, message: "Method not allowed." };
  return undefined;
}
