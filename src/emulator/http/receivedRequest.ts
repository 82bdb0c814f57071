import type { IncomingMessage } from "node:http";

/**
 * A request exactly as received: raw path and query (still percent-encoded), header values
 * by lower-case name (repeated headers joined with `,`), and the raw body bytes (chunked
 * transfer encoding already removed), before any parsing.
 * @internal
 */
export interface ReceivedRequest {
  readonly method: string;
  /** Raw path, e.g. `/sessions`. */
  readonly path: string;
  /** Raw query without `?`, e.g. `profileArn=arn%3Aaws…`. */
  readonly search: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Largest body accepted (CreateSession and STS bodies are tiny). @internal */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a Node request into a {@link ReceivedRequest}. Rejects bodies above {@link MAX_BODY_BYTES}.
 * @internal
 */
export async function readRequest(req: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new RangeError("request body too large");
    chunks.push(buffer);
  }
  const headers: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    headers[name] = name in headers ? `${headers[name]},${raw[i + 1]!}` : raw[i + 1]!;
  }
  const target = req.url ?? "/";
  const q = target.indexOf("?");
  return {
    method: req.method ?? "GET",
    path: q < 0 ? target : target.slice(0, q),
    search: q < 0 ? "" : target.slice(q + 1),
    headers,
    body: new Uint8Array(Buffer.concat(chunks)),
  };
}
