/**
 * Throttling bursts and 500 storms with many concurrent callers: one shared request (plus
 * its retries) at a time, Retry-After honoured, still-valid credentials served through a
 * storm with a backoff between refreshes, expired credentials never served.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fromRolesAnywhere } from "../../src";
import { type CreateSessionStub, startCreateSessionStub } from "../support/stubServers";
import { expectComplete, guardUnhandledRejections, instantRetries, rejection } from "../support/guards";
import { initFor } from "../support/providerInit";
import { RETRY_HOOKS } from "../../src/transport/retryHooks";

guardUnhandledRejections();

const MINUTE = 60_000;
let time = Date.now();
const now = () => new Date(time);
let stub: CreateSessionStub;
beforeEach(async () => {
  time = Date.now();
  stub = await startCreateSessionStub({ now });
});
afterEach(async () => {
  await stub.close();
});

const throttle = { status: 429, headers: { "x-amzn-errortype": "ThrottlingException" }, body: '{"message":"Rate exceeded"}' };
const storm = { status: 500, headers: { "x-amzn-errortype": "InternalServerException" }, body: '{"message":"Internal failure"}' };

const provider = async (delays: number[] = [], extra = {}) => {
  const warn = vi.fn();
  const logger = { debug: () => undefined, info: () => undefined, warn, error: () => undefined };
  const init = await initFor(stub.url, { now, logger, timeout: 30_000, maxRetries: 3, ...extra });
  // random() = 0: the latest refresh point and the 10 s backoff floor, so the counts below are exact.
  return { provider: fromRolesAnywhere({ ...init, ...instantRetries(delays, () => 0) } as never), warn };
};

describe("throttling bursts", () => {
  it("50 cold callers in a burst of 3 throttles share one request chain and all get the same complete credentials", async () => {
    const succeed = stub.reply;
    stub.reply = (request, index) => (index < 3 ? throttle : succeed(request, index));
    const delays: number[] = [];
    const { provider: get } = await provider(delays);
    const results = await Promise.all(Array.from({ length: 50 }, () => get()));
    expect(new Set(results.map((r) => r.accessKeyId)).size).toBe(1);
    expectComplete(results[0]);
    expect(stub.requests).toHaveLength(4);
    expect(stub.requests.every((request) => request.signatureValid)).toBe(true);
    expect(delays).toHaveLength(3);
  });

  it("a cold start waits out a burst longer than maxRetries: every caller gets the same credentials, one warning", async () => {
    const succeed = stub.reply;
    stub.reply = (request, index) => (index < 9 ? throttle : succeed(request, index));
    const delays: number[] = [];
    const { provider: get, warn } = await provider(delays);
    const results = await Promise.all(Array.from({ length: 50 }, () => get()));
    expect(new Set(results.map((r) => r.accessKeyId)).size).toBe(1);
    expectComplete(results[0]);
    expect(stub.requests).toHaveLength(10); // maxRetries + 1 in the first load, then one request per wait of the cold start
    expect(delays).toHaveLength(3 + 6); // three quick retries, then six cold-start waits
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/no credentials yet.*Rate exceeded.*trying again/);
  });

  it("a cold start gives up on throttling after 30 minutes with ERR_THROTTLED, then recovers", async () => {
    const succeed = stub.reply;
    let throttling = true;
    stub.reply = (request, index) => (throttling ? throttle : succeed(request, index));
    const warn = vi.fn();
    const init = await initFor(stub.url, { now, logger: { warn }, timeout: 30_000, maxRetries: 0 });
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      time += ms;
    };
    const get = fromRolesAnywhere({ ...init, [RETRY_HOOKS]: { sleep, random: () => 0.5 } } as never);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => rejection(get())));
    expect(outcomes.every((error) => error.code === "ERR_THROTTLED")).toBe(true);
    const waited = waits.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThan(29 * MINUTE);
    expect(waited).toBeLessThanOrEqual(30 * MINUTE);
    expect(stub.requests).toHaveLength(waits.length + 1);
    throttling = false;
    expectComplete(await get(), new Date(time));
  });

  it("a throttled background refresh sends one request, no quick retries, and keeps serving the cached credentials", async () => {
    const succeed = stub.reply;
    let throttling = false;
    stub.reply = (request, index) => (throttling ? throttle : succeed(request, index));
    const delays: number[] = [];
    const { provider: get, warn } = await provider(delays);
    const first = await get();
    throttling = true;
    time += 56 * MINUTE; // past the refresh point (random() = 0: 5 minutes before expiry)
    expect((await get()).accessKeyId).toBe(first.accessKeyId);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(stub.requests).toHaveLength(2);
    expect(delays).toEqual([]); // the next try waits for the cache's jittered backoff instead
    expect(warn.mock.calls[0]![0]).toMatch(/still serving the cached ones.*Rate exceeded/);
  });

  it("waits what Retry-After asks (seconds and HTTP-date)", async () => {
    const succeed = stub.reply;
    stub.reply = (request, index) =>
      index === 0
        ? { ...throttle, headers: { ...throttle.headers, "retry-after": "3" } }
        : index === 1
          ? { ...throttle, headers: { ...throttle.headers, "retry-after": new Date(time + 7000).toUTCString() } }
          : succeed(request, index);
    const delays: number[] = [];
    const { provider: get } = await provider(delays);
    expectComplete(await get());
    expect(delays[0]).toBe(3000);
    expect(delays[1]).toBeGreaterThan(5000);
    expect(delays[1]).toBeLessThanOrEqual(7000);
  });
});

describe("500 storms", () => {
  it("cold: every caller gets ERR_SERVICE after maxRetries + 1 requests, none get partial credentials", async () => {
    stub.reply = () => storm;
    const { provider: get } = await provider();
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => rejection(get())));
    expect(outcomes.every((error) => error.code === "ERR_SERVICE" && error.statusCode === 500)).toBe(true);
    expect(stub.requests).toHaveLength(4);
  });

  it("warm, last minute before expiry: 1000 callers get the still-valid credentials, one refresh per 10 s backoff, one warning each", async () => {
    const { provider: get, warn } = await provider();
    const first = await get();
    stub.reply = () => storm;
    time += 59.5 * MINUTE;
    const burst = await Promise.all(Array.from({ length: 1000 }, () => get()));
    expect(burst.every((value) => value.accessKeyId === first.accessKeyId)).toBe(true);
    expect(stub.requests).toHaveLength(1 + 4);
    expect(warn).toHaveBeenCalledTimes(1);
    const again = await Promise.all(Array.from({ length: 1000 }, () => get()));
    expect(again.every((value) => value.accessKeyId === first.accessKeyId)).toBe(true);
    expect(stub.requests).toHaveLength(1 + 4);
    time += 10_000;
    await Promise.all(Array.from({ length: 1000 }, () => get()));
    expect(stub.requests).toHaveLength(1 + 8);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it("warm, background window: callers never wait, one background refresh, then backoff", async () => {
    const { provider: get, warn } = await provider();
    const first = await get();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    stub.reply = async () => (await gate, storm);
    time += 56 * MINUTE;
    const burst = await Promise.all(Array.from({ length: 1000 }, () => get()));
    expect(burst.every((value) => value.accessKeyId === first.accessKeyId)).toBe(true);
    release();
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(stub.requests).toHaveLength(1 + 4);
    await Promise.all(Array.from({ length: 100 }, () => get()));
    expect(stub.requests).toHaveLength(1 + 4);
  });

  it("never serves expired credentials through a storm", async () => {
    const { provider: get } = await provider();
    await get();
    stub.reply = () => storm;
    time += 61 * MINUTE;
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => rejection(get())));
    expect(outcomes.every((error) => error.code === "ERR_SERVICE")).toBe(true);
  });
});
