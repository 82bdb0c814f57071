/** Security: local servers cap their connections and cut off slow (slowloris) requests. */
import { type Server } from "node:http";
import { type Socket, connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../../src/emulator/http/server";
import { EmulatorState } from "../../src/emulator/state/EmulatorState";
import { EMULATOR_LIMITS, SERVE_LIMITS, createLimitedServer } from "../../src/node/limitedServer";
import { closeServer, listen } from "../support/stubServers";

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** Opens a TCP connection to `url` and resolves once connected. */
const open = (url: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.on("error", () => undefined);
    socket.once("error", reject);
    sockets.push(socket);
  });

/** Sends a request on `socket`; resolves with what came back before the server closed it ("" if nothing). */
const exchange = (socket: Socket, request: string): Promise<string> =>
  new Promise((resolve) => {
    let data = "";
    socket.on("data", (chunk: Buffer) => (data += chunk.toString()));
    socket.on("close", () => resolve(data));
    socket.write(request);
  });

describe("createLimitedServer", () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  it("closes connections beyond maxConnections at once, and a request that trickles its headers", async () => {
    server = createLimitedServer({ maxConnections: 2, headersTimeoutMs: 200, requestTimeoutMs: 400, checkIntervalMs: 50 }, (_req, res) => {
      res.writeHead(200, { connection: "close" });
      res.end("ok");
    });
    const url = await listen(server);
    const slow = await open(url);
    await open(url);
    const third = await open(url); // accepted by the OS, then dropped by the server
    expect(await exchange(third, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).toBe("");
    // The slowloris socket sends half a header line and waits: the server gives up on it.
    expect(await exchange(slow, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")).toMatch(/^(HTTP\/1\.1 408|$)/);
  });

  it("serve and the emulator use seconds, not minutes, and cap connections", () => {
    expect(SERVE_LIMITS).toEqual({ maxConnections: 256, headersTimeoutMs: 5_000, requestTimeoutMs: 10_000 });
    expect(EMULATOR_LIMITS).toEqual({ maxConnections: 1_024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
    const server = createLimitedServer(SERVE_LIMITS, () => undefined);
    expect([server.maxConnections, server.headersTimeout, server.requestTimeout]).toEqual([256, 5_000, 10_000]);
  });
});

describe("the emulator's listener", () => {
  it("applies its limits (here a cap of 2 connections)", async () => {
    const state = new EmulatorState({});
    const running = await startServer({
      host: "127.0.0.1",
      port: 0,
      maxHeaderSize: 64 * 1024,
      limits: { maxConnections: 2, headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
      context: () => ({ state, now: new Date(), clockSkewSeconds: 300, stsClockSkewSeconds: 900 }),
    });
    try {
      await open(running.url);
      await open(running.url);
      const third = await open(running.url);
      expect(await exchange(third, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).toBe("");
    } finally {
      await running.close();
    }
  });
});
