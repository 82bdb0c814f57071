/**
 * Faults against the emulator: service refusals are final (no retry), a vanished endpoint is
 * ERR_NETWORK, and a provider with still-valid credentials rides out both (static stability).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fromRolesAnywhere, getRolesAnywhereCredentials } from "../../src";
import { startTestEmulator } from "../support/testEmulator";
import { expectComplete, guardUnhandledRejections, instantRetries, rejection } from "../support/guards";
import { initFor } from "../support/providerInit";

guardUnhandledRejections();

const MINUTE = 60_000;
let env: Awaited<ReturnType<typeof startTestEmulator>>;
beforeEach(async () => {
  env = await startTestEmulator();
});
afterEach(async () => {
  await env.emulator.close();
});

const init = async (extra = {}) =>
  ({ ...(await initFor(env.emulator.url, { maxRetries: 3, timeout: 30_000, ...extra })), ...instantRetries() }) as never;

describe("faults against the emulator", () => {
  it.each([
    ["a disabled trust anchor", () => env.emulator.state.setTrustAnchorEnabled("TA", false), /Untrusted signing certificate/],
    ["a disabled profile", () => env.emulator.state.setProfileEnabled("PROFILE", false), /profile/i],
  ])("%s → ERR_ACCESS_DENIED after one request, not retried", async (_name, change, message) => {
    change();
    const error = await rejection(getRolesAnywhereCredentials(await init()));
    expect(error.code).toBe("ERR_ACCESS_DENIED");
    expect(error.serviceMessage).toMatch(message);
    expect(env.createSessions()).toHaveLength(1);
  });

  it("an endpoint that went away → ERR_NETWORK once the retries are spent", async () => {
    const options = await init({ maxRetries: 2 });
    await env.emulator.close();
    expect((await rejection(getRolesAnywhereCredentials(options))).code).toBe("ERR_NETWORK");
  });

  it("a provider keeps serving still-valid credentials while the service refuses, then recovers", async () => {
    let time = Date.now();
    await env.emulator.close();
    env = await startTestEmulator({ now: () => new Date(time) }); // one simulated clock for both sides
    const warn = vi.fn();
    const provider = fromRolesAnywhere(await init({ now: () => new Date(time), logger: { warn } }));
    const first = await provider();
    expectComplete(first);
    env.emulator.state.setProfileEnabled("PROFILE", false);
    time += 59.5 * MINUTE - 1000; // emulator sessions last 3600 s; inside the last minute now
    expect(await provider()).toEqual(first);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(env.createSessions().map((event) => event.status)).toEqual([201, 403]);
    env.emulator.state.setProfileEnabled("PROFILE", true);
    time += 20_000; // past the backoff (10 to 20 s after a first failure)
    const second = await provider();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expectComplete(second, new Date(time));
    expect(env.createSessions().map((event) => event.status)).toEqual([201, 403, 201]);
  });
});
