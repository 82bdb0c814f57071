/**
 * Clock skew: an `Invalid signature` whose Date header shows the local clock more than 4
 * minutes off makes the provider store the offset, re-sign with the corrected time, retry
 * once and warn; later refreshes sign with the corrected time straight away.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { fromRolesAnywhere, getRolesAnywhereCredentials } from "../../src";
import { startTestEmulator } from "../support/testEmulator";
import { expectComplete, guardUnhandledRejections, rejection } from "../support/guards";
import { initFor } from "../support/providerInit";
import { type SkewedStub, startSkewedStub } from "../support/skewedStub";

guardUnhandledRejections();

const MINUTE = 60_000;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const logger = () => {
  const warn = vi.fn();
  return { warn, logger: { debug: () => undefined, info: () => undefined, warn, error: () => undefined } };
};

describe("clock skew against the emulator (local clock wrong, emulator clock right)", () => {
  it.each([
    ["10 minutes behind", -10 * MINUTE, /(599|600|601) s behind the service/],
    ["2 hours ahead", 120 * MINUTE, /(7199|7200|7201) s ahead of the service/],
  ])("corrects a local clock %s, retries once, warns, and signs right from then on", async (_name, skewMs, wording) => {
    const { emulator, createSessions } = await startTestEmulator();
    closers.push(() => emulator.close());
    const { warn, logger: log } = logger();
    const provider = fromRolesAnywhere(
      await initFor(emulator.url, { now: () => new Date(Date.now() + skewMs), logger: log, maxRetries: 0 }),
    );
    const identity = await provider();
    expectComplete(identity);
    expect(createSessions().map((event) => event.status)).toEqual([403, 201]);
    expect(createSessions()[0]!.reason).toMatch(/away from the emulator clock/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(wording);
    await provider({ forceRefresh: true });
    expect(createSessions().map((event) => event.status)).toEqual([403, 201, 201]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("leaves a skew the service tolerates (2 minutes) alone", async () => {
    const { emulator, createSessions } = await startTestEmulator();
    closers.push(() => emulator.close());
    const { warn, logger: log } = logger();
    expectComplete(
      await getRolesAnywhereCredentials(await initFor(emulator.url, { now: () => new Date(Date.now() - 2 * MINUTE), logger: log })),
    );
    expect(createSessions().map((event) => event.status)).toEqual([201]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("does not retry an Invalid signature that is not about time (wrong key)", async () => {
    const { emulator, createSessions } = await startTestEmulator();
    closers.push(() => emulator.close());
    const init = await initFor(emulator.url, { maxRetries: 3 });
    const signer = { algorithm: "AWS4-X509-ECDSA-SHA256" as const, sign: async () => new Uint8Array(64).fill(7) };
    const error = await rejection(getRolesAnywhereCredentials({ ...init, privateKey: signer as never }));
    expect(error.code).toBe("ERR_ACCESS_DENIED");
    expect(createSessions()).toHaveLength(1);
  });

  // The emulator's Date header comes from its injected clock, as AWS's comes from AWS's.
  it("corrects against a skewed emulator clock", async () => {
    const { emulator } = await startTestEmulator({ now: () => new Date(Date.now() + 30 * MINUTE) });
    closers.push(() => emulator.close());
    expectComplete(await getRolesAnywhereCredentials(await initFor(emulator.url, { maxRetries: 0 })));
  });
});

describe("clock skew against a stand-in whose own clock is off (server-side skew)", () => {
  let stub: SkewedStub;

  it("learns the offset from the Date header and keeps it for later refreshes", async () => {
    stub = await startSkewedStub(() => new Date(Date.now() + 30 * MINUTE));
    closers.push(() => stub.close());
    const { warn, logger: log } = logger();
    const provider = fromRolesAnywhere(await initFor(stub.url, { logger: log, maxRetries: 0 }));
    expectComplete(await provider());
    expect(stub.amzDates).toHaveLength(2);
    await provider({ forceRefresh: true });
    expect(stub.amzDates).toHaveLength(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/(1799|1800|1801) s behind the service/);
  });

  it("without a Date header, fails with ERR_ACCESS_DENIED whose hint names the system clock", async () => {
    stub = await startSkewedStub(() => new Date(Date.now() + 30 * MINUTE), { sendDate: false });
    closers.push(() => stub.close());
    const error = await rejection(getRolesAnywhereCredentials(await initFor(stub.url, { maxRetries: 3 })));
    expect(error.code).toBe("ERR_ACCESS_DENIED");
    expect(error.message).toMatch(/system clock/);
    expect(stub.amzDates).toHaveLength(1);
  });
});
