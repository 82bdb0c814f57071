import { describe, expect, it, vi } from "vitest";
import { createCachedProvider } from "../../src/cache/cache";

const MINUTE = 60_000;

const setup = (ttlMs = 60 * MINUTE) => {
  let time = 1_000_000;
  let counter = 0;
  const now = () => new Date(time);
  const warn = vi.fn();
  const load = vi.fn(async () => ({ id: ++counter, expiration: new Date(time + ttlMs) }));
  const provider = createCachedProvider(load, { now, logger: { warn } });
  return { provider, load, warn, advance: (ms: number) => (time += ms) };
};

describe("createCachedProvider", () => {
  it("shares one in-flight load among concurrent callers", async () => {
    const { provider, load } = setup();
    const results = await Promise.all(Array.from({ length: 100 }, () => provider()));
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
  });

  it("reuses credentials until the refresh window", async () => {
    const { provider, load, advance } = setup();
    const first = await provider();
    advance(54 * MINUTE);
    expect(await provider()).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("refreshes in the background inside the 5-minute window and serves the cached value meanwhile", async () => {
    const { provider, load, advance } = setup();
    const first = await provider();
    advance(56 * MINUTE);
    expect(await provider()).toBe(first);
    expect(load).toHaveBeenCalledTimes(2);
    await vi.waitFor(async () => expect((await provider()).id).toBe(2));
  });

  it("waits for the refresh in the last minute", async () => {
    const { provider, advance } = setup();
    await provider();
    advance(59.5 * MINUTE);
    expect((await provider()).id).toBe(2);
  });

  it("honours forceRefresh", async () => {
    const { provider, load } = setup();
    await provider();
    expect((await provider({ forceRefresh: true })).id).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("never caches a failure", async () => {
    const { provider, load } = setup();
    load.mockRejectedValueOnce(new Error("transient"));
    await expect(provider()).rejects.toThrow("transient");
    expect((await provider()).id).toBe(1);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("serves still-valid credentials and warns when a refresh fails, and backs off", async () => {
    const { provider, load, warn, advance } = setup();
    const first = await provider();
    load.mockRejectedValue(new Error("service down"));
    advance(56 * MINUTE);
    expect(await provider()).toBe(first);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(warn.mock.calls[0]![0]).toMatch(/still serving the cached ones.*service down/);
    expect(await provider()).toBe(first);
    expect(load).toHaveBeenCalledTimes(2); // backoff: no new attempt right away
    advance(3.5 * MINUTE); // mandatory window: callers wait, fall back to the still-valid value
    expect(await provider()).toBe(first);
  });

  it("never serves expired credentials", async () => {
    const { provider, load, advance } = setup();
    await provider();
    load.mockRejectedValue(new Error("service down"));
    advance(61 * MINUTE);
    await expect(provider()).rejects.toThrow("service down");
  });

  it("lets a caller stop waiting with abortSignal while the shared load goes on and is cached", async () => {
    let finish!: () => void;
    let time = 0;
    const load = vi.fn(
      () => new Promise<{ expiration: Date }>((resolve) => (finish = () => resolve({ expiration: new Date(time + 60 * MINUTE) }))),
    );
    const provider = createCachedProvider(load, { now: () => new Date(time) });
    const controller = new AbortController();
    const waiting = provider({ abortSignal: controller.signal });
    const other = provider();
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: "ERR_NETWORK" });
    finish();
    const value = await other;
    expect(await provider()).toBe(value);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("serves still-valid credentials to a caller that aborts while waiting in the last minute", async () => {
    const { provider, load, advance } = setup();
    const first = await provider();
    load.mockImplementation(() => new Promise(() => undefined));
    advance(59.5 * MINUTE);
    expect(await provider({ abortSignal: AbortSignal.timeout(10) })).toBe(first);
  });

  it("rejects at once for an already aborted signal when nothing valid is cached", async () => {
    const { provider } = setup();
    await expect(provider({ abortSignal: AbortSignal.abort() })).rejects.toMatchObject({ code: "ERR_NETWORK" });
  });

  it("has no thundering herd: many callers during a failing refresh cause one load per backoff period, one warning each", async () => {
    const { provider, load, warn, advance } = setup();
    const first = await provider();
    let fail!: (error: Error) => void;
    load.mockImplementation(() => new Promise((_resolve, reject) => (fail = reject)));
    advance(59.5 * MINUTE); // mandatory window: callers wait for the shared refresh
    const callers = Array.from({ length: 1000 }, () => provider());
    expect(load).toHaveBeenCalledTimes(2);
    fail(new Error("service down"));
    const results = await Promise.all(callers);
    expect(results.every((value) => value === first)).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    // Within the 10 s backoff nobody starts another load, and everybody gets the still-valid value.
    const more = await Promise.all(Array.from({ length: 1000 }, () => provider()));
    expect(more.every((value) => value === first)).toBe(true);
    expect(load).toHaveBeenCalledTimes(2);
    advance(10_000);
    load.mockRejectedValue(new Error("still down"));
    await Promise.all(Array.from({ length: 100 }, () => provider()));
    expect(load).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it("never serves expired credentials, even during the backoff", async () => {
    const { provider, load, advance } = setup();
    await provider();
    load.mockRejectedValue(new Error("service down"));
    advance(59.9 * MINUTE);
    await provider(); // fails, falls back, starts the backoff
    advance(6_001); // now expired, still inside the backoff
    await expect(provider()).rejects.toThrow("service down");
  });

  it("a failed background refresh never surfaces as an unhandled rejection", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      const { provider, load, warn, advance } = setup();
      await provider();
      load.mockRejectedValue(new Error("service down"));
      advance(56 * MINUTE);
      await provider();
      await vi.waitFor(() => expect(warn).toHaveBeenCalled());
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});
