/**
 * A hung endpoint never hangs the application: the caller's abortSignal (SDK identity
 * property, or the one-shot function's option) ends the wait at once, whatever the
 * per-attempt timeout.
 */
import { afterEach, describe, expect, it } from "vitest";
import { fromRolesAnywhere, getRolesAnywhereCredentials } from "../../src";
import { expectComplete, guardUnhandledRejections, instantRetries, rejection } from "../support/guards";
import { initFor, successBody } from "../support/providerInit";
import { type TcpStandIn, httpResponse, startTcpStandIn } from "../support/tcpStandIn";

guardUnhandledRejections();

let standIn: TcpStandIn;
afterEach(async () => {
  await standIn.close();
});

const hung = async () => {
  standIn = await startTcpStandIn(() => undefined);
  return { ...(await initFor(standIn.url, { timeout: 600_000, maxRetries: 10 })), ...instantRetries() } as Awaited<
    ReturnType<typeof initFor>
  >;
};

describe("caller abortSignal", () => {
  it("provider({ abortSignal: AbortSignal.timeout() }) → ERR_TIMEOUT while the endpoint hangs", async () => {
    const provider = fromRolesAnywhere(await hung());
    const error = await rejection(provider({ abortSignal: AbortSignal.timeout(50) }));
    expect(error.code).toBe("ERR_TIMEOUT");
    expect(error.message).toMatch(/abortSignal/);
  });

  it("provider({ abortSignal }) aborted by hand → ERR_NETWORK; other callers keep waiting for the shared request", async () => {
    const provider = fromRolesAnywhere(await hung());
    const controller = new AbortController();
    const aborted = provider({ abortSignal: controller.signal });
    let otherSettled = false;
    const other = provider().finally(() => (otherSettled = true));
    controller.abort(new Error("user cancelled"));
    const error = await rejection(aborted);
    expect(error.code).toBe("ERR_NETWORK");
    expect((error.cause as Error).message).toBe("user cancelled");
    expect(otherSettled).toBe(false);
    await standIn.close(); // the shared request now fails: the other caller gets a typed error
    expect((await rejection(other)).code).toBe("ERR_NETWORK");
  });

  it("getRolesAnywhereCredentials(init, { abortSignal }) and { signal } end the call and its retries", async () => {
    const init = await hung();
    expect((await rejection(getRolesAnywhereCredentials(init, { abortSignal: AbortSignal.timeout(50) }))).code).toBe("ERR_TIMEOUT");
    expect((await rejection(getRolesAnywhereCredentials(init, { signal: AbortSignal.abort() }))).code).toBe("ERR_NETWORK");
  });

  it("an unaborted signal changes nothing", async () => {
    standIn = await startTcpStandIn((socket) => socket.end(httpResponse(201, successBody(), { "Content-Type": "application/json" })));
    const provider = fromRolesAnywhere(await initFor(standIn.url));
    expectComplete(await provider({ abortSignal: new AbortController().signal }));
  });
});
