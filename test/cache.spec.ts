import { describe, expect, it, vi } from "vitest";
import { createCachedProvider } from "../src/cache";

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
});
