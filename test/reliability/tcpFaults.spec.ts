/**
 * Fault injection at the TCP level: what each broken answer yields. Retries wait no time
 * (RETRY_HOOKS). Faults that are answered use a generous per-attempt timeout, so a slow machine
 * never turns them into timeouts; only the tests of the timeout itself use a short one, and they
 * count the client's attempts (the retry waits it records), not what reached the server.
 */
import { afterEach, describe, expect, it } from "vitest";
import { fromRolesAnywhere, getRolesAnywhereCredentials } from "../../src";
import { createFetchTransport } from "../../src/transport/transport";
import { expectComplete, guardUnhandledRejections, instantRetries, rejection } from "../support/guards";
import { bodyWithCredentials, initFor, successBody } from "../support/providerInit";
import { type Behaviour, type TcpStandIn, httpResponse, reply, startTcpStandIn } from "../support/tcpStandIn";

guardUnhandledRejections();

let standIn: TcpStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** Per-attempt timeout for faults that are answered: a bound against hanging, never reached. */
const ANSWERED = 30_000;
/** Per-attempt timeout for the endpoints that never answer. */
const SHORT = 200;

const start = async (behaviour: Behaviour) => (standIn = await startTcpStandIn(behaviour));
const get = async (extra: { maxRetries?: number; timeout?: number } = {}, delays: number[] = []) =>
  getRolesAnywhereCredentials({
    ...(await initFor(standIn!.url, { timeout: ANSWERED, maxRetries: 2, ...extra })),
    ...instantRetries(delays),
  } as never);

const json = { "Content-Type": "application/json" };
const ok201 = (): string => httpResponse(201, successBody(), json);
const resetMidBody: Behaviour = (socket) => {
  socket.write(`HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n${successBody().slice(0, 100)}`);
  setImmediate(() => socket.resetAndDestroy());
};
const trickle: Behaviour = (socket) => {
  socket.write("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
  const timer = setInterval(() => socket.write(" "), 20);
  socket.on("close", () => clearInterval(timer));
};

describe("fault injection over raw TCP", () => {
  it("connection refused → ERR_NETWORK (ECONNREFUSED), retried", async () => {
    await start(() => undefined);
    const url = standIn!.url;
    await standIn!.close();
    const error = await rejection(
      getRolesAnywhereCredentials({ ...(await initFor(url, { timeout: ANSWERED, maxRetries: 1 })), ...instantRetries() } as never),
    );
    expect(error.code).toBe("ERR_NETWORK");
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it("reset mid-body → ERR_NETWORK after every retry", async () => {
    await start(resetMidBody);
    const error = await rejection(get());
    expect(error.code).toBe("ERR_NETWORK");
    expect(standIn!.requests).toHaveLength(3);
  });

  it("reset mid-body once, then a good answer → complete credentials", async () => {
    await start((socket, request, index) => (index === 0 ? resetMidBody(socket, request, index) : socket.end(ok201())));
    expectComplete(await get());
    expect(standIn!.requests).toHaveLength(2);
  });

  it("slow headers (status line, then silence) → ERR_TIMEOUT after every retry", async () => {
    await start((socket) => socket.write("HTTP/1.1 201 Created\r\n"));
    const delays: number[] = [];
    const error = await rejection(get({ maxRetries: 1, timeout: SHORT }, delays));
    expect(error.code).toBe("ERR_TIMEOUT");
    expect(error.message).toMatch(/did not answer within 200 ms/);
    expect(delays).toHaveLength(1); // two attempts, each timed out
    expect(standIn!.requests.length).toBeLessThanOrEqual(2);
  });

  it("slow body (a byte at a time, never finishing) → ERR_TIMEOUT: the timeout covers the body", async () => {
    await start(trickle);
    expect((await rejection(get({ maxRetries: 0, timeout: SHORT }))).code).toBe("ERR_TIMEOUT");
  });

  it("truncated JSON with a longer Content-Length, then FIN → ERR_NETWORK (cut off)", async () => {
    await start((socket) => socket.end(`HTTP/1.1 201 Created\r\nContent-Length: 5000\r\n\r\n${successBody().slice(0, 120)}`));
    expect((await rejection(get({ maxRetries: 0 }))).code).toBe("ERR_NETWORK");
  });

  it("truncated JSON delimited by connection close → ERR_BAD_RESPONSE, not retried", async () => {
    await start((socket) =>
      socket.end(`HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${successBody().slice(0, 120)}`),
    );
    const error = await rejection(get());
    expect(error.code).toBe("ERR_BAD_RESPONSE");
    expect(error.message).toMatch(/not JSON/);
    expect(standIn!.requests).toHaveLength(1);
  });

  it("an HTML error page (502) → ERR_SERVICE, retried, message says the body is not JSON", async () => {
    await start(reply(httpResponse(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", { "Content-Type": "text/html" })));
    const error = await rejection(get());
    expect(error.code).toBe("ERR_SERVICE");
    expect(error.statusCode).toBe(502);
    expect(error.message).toMatch(/HTTP 502 with a body that is not JSON/);
    expect(standIn!.requests).toHaveLength(3);
  });

  it("an HTML page with 200 (a captive portal) → ERR_BAD_RESPONSE", async () => {
    await start(reply(httpResponse(200, "<html>Please log in</html>", { "Content-Type": "text/html" })));
    expect((await rejection(get())).code).toBe("ERR_BAD_RESPONSE");
  });

  it("201 with a missing field → ERR_BAD_RESPONSE naming it, never partial credentials", async () => {
    const body = bodyWithCredentials({
      accessKeyId: "ASIAEXAMPLEEXAMPLE01",
      secretAccessKey: "s3cr3tEXAMPLEs3cr3t",
      expiration: "2099-01-01T00:00:00Z",
    });
    await start(reply(httpResponse(201, body, json)));
    const error = await rejection(get());
    expect(error.code).toBe("ERR_BAD_RESPONSE");
    expect(error.message).toMatch(/sessionToken is missing/);
    expect(error.message).not.toContain("s3cr3t");
  });

  it("200 instead of 201 → accepted (any 2xx, as the SDK does)", async () => {
    await start(reply(httpResponse(200, successBody(), json)));
    expectComplete(await get());
  });

  it("a huge body (2 MiB) → ERR_BAD_RESPONSE once 1 MiB is read, not retried", async () => {
    const huge = `{"credentialSet":[],"padding":"${"x".repeat(2 * 1024 * 1024)}"}`;
    await start(reply(httpResponse(201, huge, json)));
    const error = await rejection(get());
    expect(error.code).toBe("ERR_BAD_RESPONSE");
    expect(error.message).toMatch(/larger than 1048576 bytes/);
    expect(standIn!.requests).toHaveLength(1);
  });

  it("a huge body through the WHATWG fetch transport → ERR_BAD_RESPONSE too", async () => {
    await start(reply(httpResponse(201, "x".repeat(2 * 1024 * 1024), json)));
    const init = await initFor(standIn!.url, { timeout: ANSWERED, maxRetries: 0, fetch: createFetchTransport(globalThis.fetch) });
    const error = await rejection(getRolesAnywhereCredentials(init));
    expect(error.code).toBe("ERR_BAD_RESPONSE");
    expect(error.message).toMatch(/larger than 1048576 bytes/);
  });

  it("a huge chunked body → ERR_BAD_RESPONSE", async () => {
    await start((socket) => {
      socket.write("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n");
      const chunk = "x".repeat(64 * 1024);
      for (let i = 0; i < 20; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      socket.end("0\r\n\r\n");
    });
    expect((await rejection(get({ maxRetries: 0 }))).code).toBe("ERR_BAD_RESPONSE");
  });

  it("duplicate headers on a success (Content-Type, Date, request id) → accepted", async () => {
    const date = new Date().toUTCString();
    const headers: [string, string][] = [
      ["Content-Type", "application/json"],
      ["Content-Type", "application/json"],
      ["Date", date],
      ["Date", date],
      ["x-amzn-RequestId", "a"],
      ["x-amzn-RequestId", "b"],
    ];
    await start(reply(httpResponse(201, successBody(), headers)));
    expectComplete(await get());
  });

  it("a duplicated X-Amzn-ErrorType on a throttle → ERR_THROTTLED, retried", async () => {
    const headers: [string, string][] = [
      ["X-Amzn-ErrorType", "ThrottlingException"],
      ["X-Amzn-ErrorType", "ThrottlingException"],
    ];
    await start(reply(httpResponse(400, '{"message":"Rate exceeded"}', headers)));
    const error = await rejection(get());
    expect(error.code).toBe("ERR_THROTTLED");
    expect(error.errorType).toBe("ThrottlingException");
    expect(standIn!.requests).toHaveLength(3);
  });

  it("two different Content-Length headers → ERR_NETWORK (the HTTP parser refuses the answer)", async () => {
    const body = successBody();
    const headers: [string, string][] = [
      ["Content-Length", String(Buffer.byteLength(body))],
      ["Content-Length", "7"],
    ];
    await start(reply(httpResponse(201, body, headers)));
    expect((await rejection(get({ maxRetries: 0 }))).code).toBe("ERR_NETWORK");
  });

  it("an expiration already in the past → ERR_BAD_RESPONSE (check the clock)", async () => {
    const body = bodyWithCredentials({
      accessKeyId: "ASIAEXAMPLEEXAMPLE01",
      secretAccessKey: "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
      sessionToken: "FwoGZXIvYXdzEExampleSessionToken",
      expiration: "2001-01-01T00:00:00Z",
    });
    await start(reply(httpResponse(201, body, json)));
    const error = await rejection(get());
    expect(error.code).toBe("ERR_BAD_RESPONSE");
    expect(error.message).toMatch(/before now.*system clock/);
  });

  it.each(["Mon, 01 Jan 2099 00:00:00 GMT", "4070908800", "2099-01-01 00:00:00", "2099-13-45T99:00:00Z"])(
    "an expiration in a non-ISO format (%s) → ERR_BAD_RESPONSE",
    async (expiration) => {
      const body = bodyWithCredentials({
        accessKeyId: "ASIAEXAMPLEEXAMPLE01",
        secretAccessKey: "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
        sessionToken: "FwoGZXIvYXdzEExampleSessionToken",
        expiration,
      });
      await start(reply(httpResponse(201, body, json)));
      const error = await rejection(get());
      expect(error.code).toBe("ERR_BAD_RESPONSE");
      expect(error.message).toMatch(/not an ISO-8601 time/);
    },
  );

  it("a cached provider recovers once the endpoint behaves, with complete credentials", async () => {
    await start((socket, request, index) => (index < 3 ? resetMidBody(socket, request, index) : socket.end(ok201())));
    const provider = fromRolesAnywhere({
      ...(await initFor(standIn!.url, { timeout: ANSWERED, maxRetries: 2 })),
      ...instantRetries(),
    } as never);
    expect((await rejection(provider())).code).toBe("ERR_NETWORK");
    const identity = await provider();
    expectComplete(identity);
    expect(await provider()).toEqual(identity); // cached: no fifth request
    expect(standIn!.requests).toHaveLength(4);
  });
});
