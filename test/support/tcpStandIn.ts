/**
 * A raw TCP stand-in for a CreateSession endpoint (node:net on 127.0.0.1, port 0): it reads
 * one HTTP request per connection and then lets the test do anything to the socket — write
 * malformed bytes, stall, reset — which an HTTP server library would not allow.
 */
import { type Server, type Socket, createServer } from "node:net";
import type { AddressInfo } from "node:net";

export interface ReceivedRaw {
  /** Request line and headers, as sent. */
  readonly head: string;
  readonly body: string;
}

/** What to do with one connection; `index` counts requests from 0. */
export type Behaviour = (socket: Socket, request: ReceivedRaw, index: number) => void;

export interface TcpStandIn {
  url: string;
  /** Requests received so far. */
  readonly requests: ReceivedRaw[];
  behaviour: Behaviour;
  /** Destroys every socket and stops listening. */
  close(): Promise<void>;
}

/** A complete HTTP/1.1 response with `Content-Length` and `Connection: close`. */
export const httpResponse = (status: number, body: string, headers: Record<string, string> | [string, string][] = {}): string => {
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  const lines = [`HTTP/1.1 ${status} Status`, ...pairs.map(([name, value]) => `${name}: ${value}`)];
  if (!pairs.some(([name]) => name.toLowerCase() === "content-length")) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  lines.push("Connection: close");
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
};

/** Answers with `response` and ends the connection. */
export const reply =
  (response: string | ((index: number) => string)): Behaviour =>
  (socket, _request, index) =>
    socket.end(typeof response === "string" ? response : response(index));

const parseRequest = (buffer: Buffer): ReceivedRaw | undefined => {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const head = buffer.subarray(0, end).toString("latin1");
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  const body = buffer.subarray(end + 4);
  return body.length >= length ? { head, body: body.subarray(0, length).toString("utf8") } : undefined;
};

/** Starts the stand-in; the default behaviour never answers. */
export const startTcpStandIn = async (behaviour: Behaviour = () => undefined): Promise<TcpStandIn> => {
  const sockets = new Set<Socket>();
  const requests: ReceivedRaw[] = [];
  const standIn: TcpStandIn = { url: "", requests, behaviour, close: async () => undefined };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffer = Buffer.alloc(0);
    let answered = false;
    socket.on("data", (chunk: Buffer) => {
      if (answered) return;
      buffer = Buffer.concat([buffer, chunk]);
      const request = parseRequest(buffer);
      if (!request) return;
      answered = true;
      requests.push(request);
      standIn.behaviour(socket, request, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return standIn;
};
