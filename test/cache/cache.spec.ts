import { describe, expect, it, vi } from "vitest";
import { type CacheOptions, createCachedProvider } from "../../src/cache/cache";

const MINUTE = 60_000;

/** A cache whose refresh point is the latest (random() = 0: 5 minutes before expiry, a 10 s backoff) unless told. */
const setup = (ttlMs = 60 * MINUTE, options: Partial<CacheOptions> = {}) => {
  let time = 1_000_000;
  let counter = 0;
  const now = () => new Date(time);
  const warn = vi.fn();
  const load = vi.fn(async () => ({ id: ++counter, expiration: new Date(time + ttlMs) }));
  const provider = createCachedProvider(load, { now, logger: { warn }, random: () => 0, ...options });
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
    const provider = createCachedProvider(load, { now: () => new Date(time), random: () => 0 });
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

const throttled = () =>
  Object.assign(new Error("CreateSession failed: ThrottlingException (HTTP 429): Rate exceeded."), { code: "ERR_THROTTLED" });
const isThrottled = (error: unknown) => (error as { code?: string }).code === "ERR_THROTTLED";

describe("createCachedProvider: spreading a fleet", () => {
  it("refreshes at the point drawn for each credential: random() = 0.5 is 10 minutes before expiry", async () => {
    const { provider, load, advance } = setup(60 * MINUTE, { random: () => 0.5 });
    const first = await provider();
    advance(49.9 * MINUTE);
    expect(await provider()).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
    advance(0.2 * MINUTE);
    expect(await provider()).toBe(first); // served at once, refreshed in the background
    expect(load).toHaveBeenCalledTimes(2);
    await vi.waitFor(async () => expect((await provider()).id).toBe(2));
  });

  it("draws a new point for every credential", async () => {
    const draws = [0.9, 0.1];
    const { provider, load, advance } = setup(60 * MINUTE, { random: () => draws.shift() ?? 0 });
    await provider(); // refresh point: 14 minutes before expiry
    advance(46.1 * MINUTE);
    await provider();
    await vi.waitFor(async () => expect((await provider()).id).toBe(2));
    advance(53.9 * MINUTE); // the second one's point: 6 minutes before its expiry
    await provider();
    expect(load).toHaveBeenCalledTimes(2);
    advance(0.2 * MINUTE);
    await provider();
    expect(load).toHaveBeenCalledTimes(3);
  });

  it("spaces failed refreshes by the floor plus jitter", async () => {
    const { provider, load, advance } = setup(60 * MINUTE, { random: () => 0.5 });
    await provider();
    load.mockRejectedValue(new Error("service down"));
    advance(50.5 * MINUTE);
    await provider();
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    await new Promise((resolve) => setImmediate(resolve));
    advance(14_000); // first failure: 10 s + 0.5 × 10 s
    await provider();
    expect(load).toHaveBeenCalledTimes(2);
    advance(1_001);
    await provider();
    expect(load).toHaveBeenCalledTimes(3);
  });
});

describe("createCachedProvider: what load is told", () => {
  it("only a background refresh of credentials valid past the last minute has time to spare", async () => {
    const { provider, load, advance } = setup(60 * MINUTE);
    await provider(); // cold start
    advance(56 * MINUTE);
    await provider(); // past the refresh point: in the background
    await vi.waitFor(async () => expect((await provider()).id).toBe(2));
    await provider({ forceRefresh: true }); // a caller waits for it
    advance(59.5 * MINUTE);
    await provider(); // the last minute: the caller waits for it
    expect(load.mock.calls).toEqual([
      [0, false],
      [0, true],
      [0, false],
      [0, false],
    ]);
  });
});

describe("createCachedProvider: a throttled cold start", () => {
  const coldSetup = (options: Partial<CacheOptions> = {}) => {
    const sleeps: number[] = [];
    const fixture = setup(60 * MINUTE, {
      random: () => 0.5,
      coldStartRetry: isThrottled,
      sleep: async (ms) => {
        sleeps.push(ms);
        fixture.advance(ms);
      },
      ...options,
    });
    return { ...fixture, sleeps };
  };

  it("keeps trying with full-jitter backoff, every caller sharing the attempts", async () => {
    const { provider, load, sleeps, warn } = coldSetup();
    for (let i = 0; i < 5; i++) load.mockRejectedValueOnce(throttled());
    const results = await Promise.all(Array.from({ length: 100 }, () => provider()));
    expect(new Set(results).size).toBe(1);
    expect(load).toHaveBeenCalledTimes(6);
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(warn).toHaveBeenCalledTimes(1); // the first wait; the others are debug lines
    expect(warn.mock.calls[0]![0]).toMatch(/no credentials yet.*Rate exceeded.*trying again in 0\.5 s, for up to 30 minutes/);
  });

  it("gives up after the budget with the last error", async () => {
    const { provider, load, sleeps } = coldSetup({ coldStartBudgetMs: 10 * MINUTE });
    load.mockImplementation(async () => Promise.reject(throttled()));
    await expect(provider()).rejects.toMatchObject({ code: "ERR_THROTTLED" });
    const waited = sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(10 * MINUTE);
    expect(waited).toBeGreaterThan(9 * MINUTE);
    expect(Math.max(...sleeps)).toBe(30_000); // 0.5 × the one-minute cap
  });

  it("does not wait out other failures, nor throttling while still-valid credentials are cached", async () => {
    const { provider, load, sleeps, advance } = coldSetup();
    load.mockRejectedValueOnce(new Error("AccessDenied"));
    await expect(provider()).rejects.toThrow("AccessDenied");
    const first = await provider();
    load.mockRejectedValue(throttled());
    advance(59.5 * MINUTE);
    expect(await provider()).toBe(first); // the last minute: one attempt, then the still-valid value
    expect(sleeps).toEqual([]);
  });
});

describe("createCachedProvider with a timer (serve)", () => {
  const timerSetup = (draw = 0.5) => {
    const timers: { at: number; run: () => void; cancelled: boolean; fired: boolean }[] = [];
    const fixture = setup(60 * MINUTE, {
      random: () => draw,
      timer: (delay, run) => {
        const entry = { at: delay, run: () => ((entry.fired = true), run()), cancelled: false, fired: false };
        timers.push(entry);
        return () => (entry.cancelled = true);
      },
    });
    const live = () => timers.filter((t) => !t.cancelled && !t.fired);
    return { ...fixture, timers, live };
  };

  it("refreshes at the refresh point without any caller", async () => {
    const { provider, load, live, advance } = timerSetup();
    await provider();
    expect(live().map((t) => t.at)).toEqual([50 * MINUTE]);
    advance(50 * MINUTE);
    live()[0]!.run();
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    await vi.waitFor(async () => expect((await provider()).id).toBe(2));
    expect(live().at(-1)!.at).toBe(50 * MINUTE); // the next one is armed
  });

  it("after a failed refresh, arms the retry at the backoff time; a refresh by a caller replaces the armed one", async () => {
    const { provider, load, live, timers, advance } = timerSetup();
    await provider();
    load.mockRejectedValueOnce(new Error("service down"));
    advance(50 * MINUTE);
    live()[0]!.run();
    await vi.waitFor(() => expect(live().at(-1)?.at).toBe(15_000));
    expect(live()).toHaveLength(1);
    await provider({ forceRefresh: true });
    expect(live()).toHaveLength(1);
    expect(timers.filter((t) => t.cancelled)).toHaveLength(1);
    expect(live()[0]!.at).toBe(50 * MINUTE);
  });
});
