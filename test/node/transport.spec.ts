import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeTransport } from "../../src/node/transport";

describe("createNodeTransport (node:http / node:https)", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        response.writeHead(201, { "content-type": "application/json" });
        response.end(JSON.stringify({ method: request.method, body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sessions`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const undiciLoaded = () => ((process as { moduleLoadList?: string[] }).moduleLoadList ?? []).some((m) => m.includes("undici"));

  it("an abort destroys the request: the server sees the connection close and the call rejects; an aborted signal sends nothing", async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    let received = 0;
    const silent = createServer((request) => {
      received++;
      request.socket.on("close", () => closed());
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const target = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/sessions`;
    try {
      const controller = new AbortController();
      const call = createNodeTransport()(target, { method: "POST", headers: {}, body: "{}", signal: controller.signal });
      while (received === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      await expect(call).rejects.toMatchObject({ name: "AbortError", code: "ABORT_ERR" });
      await connectionClosed;
      const before = received;
      const aborted = AbortSignal.abort();
      await expect(createNodeTransport()(target, { method: "POST", headers: {}, body: "{}", signal: aborted })).rejects.toMatchObject({
        name: "AbortError",
      });
      expect(received).toBe(before);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("takes node:http from process.getBuiltinModule, not import() (whose namespace reads http's lazy undici getters)", async () => {
    const own = process as { getBuiltinModule?: (id: string) => unknown };
    const original = own.getBuiltinModule;
    const asked: string[] = [];
    own.getBuiltinModule = (id: string) => {
      asked.push(id);
      return original?.call(process, id);
    };
    const undiciBefore = undiciLoaded();
    try {
      const response = await createNodeTransport()(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(response.status).toBe(201);
      expect(JSON.parse(await response.text())).toEqual({ method: "POST", body: "{}" });
    } finally {
      own.getBuiltinModule = original;
    }
    expect(asked).toContain("node:http");
    // Where nothing had loaded undici before (a plain Node process), the request did not either.
    if (!undiciBefore && original) expect(undiciLoaded()).toBe(false);
  });
});
