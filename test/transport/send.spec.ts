import { describe, expect, it, vi } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import type { SignedCreateSessionRequest } from "../../src/request/createSessionRequest";
import { createCorrectedClock } from "../../src/transport/clockSkew";
import { type SendOptions, sendCreateSession } from "../../src/transport/send";
import type { FetchLike, HttpResponseLike } from "../../src/transport/transport";
import { createSessionBody, fakeCredentials } from "../support/stubServers";

const T0 = new Date("2026-11-25T10:00:00Z");

interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

const ok = (): Reply => ({ status: 201, body: createSessionBody(fakeCredentials(new Date(T0.getTime() + 3_600_000))) });
const respond = ({ status, body = "", headers = {} }: Reply): HttpResponseLike => ({ status, headers, text: async () => body });

/** A fetch answering from a script, recording every call's X-Amz-Date. */
const scripted = (...replies: Reply[]) => {
  const dates: string[] = [];
  const fetch: FetchLike = async (_url, init) => {
    dates.push(init.headers["x-amz-date"]!);
    const reply = replies[Math.min(dates.length - 1, replies.length - 1)]!;
    return respond(reply);
  };
  return { fetch: vi.fn(fetch), dates };
};

const sign = async (date: Date): Promise<SignedCreateSessionRequest> => ({
  method: "POST",
  url: "http://127.0.0.1:9/sessions",
  headers: { "x-amz-date": date.toISOString() },
  body: "{}",
  canonicalRequest: "",
  stringToSign: "",
});

const run = (fetch: FetchLike, extra: Partial<SendOptions> = {}) => {
  const delays: number[] = [];
  const promise = sendCreateSession(sign, {
    fetch,
    timeout: 1000,
    maxRetries: 3,
    now: () => T0,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5,
    ...extra,
  });
  return { promise, delays };
};

const caught = (promise: Promise<unknown>): Promise<RolesAnywhereError> =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(RolesAnywhereError);
      return error as RolesAnywhereError;
    },
  );

const throttled: Reply = { status: 429, headers: { "x-amzn-errortype": "ThrottlingException" }, body: '{"message":"Rate exceeded"}' };
const denied = (message: string, date?: string): Reply => ({
  status: 403,
  headers: { "x-amzn-errortype": "AccessDeniedException", ...(date ? { date } : {}) },
  body: JSON.stringify({ message }),
});

describe("sendCreateSession retries", () => {
  it("retries throttling, 5xx and network errors with full jitter, then succeeds", async () => {
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls++;
      if (calls === 1) return respond(throttled);
      if (calls === 2) return respond({ status: 502, body: "<html>bad gateway</html>" });
      if (calls === 3) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      return respond(ok());
    };
    const { promise, delays } = run(fetch);
    const identity = await promise;
    expect(identity.accessKeyId).toMatch(/^ASIA/);
    expect(calls).toBe(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it("with retryThrottling false, a throttle is final while 5xx are still retried", async () => {
    const once = scripted(throttled, ok());
    expect(await caught(run(once.fetch, { retryThrottling: false }).promise)).toMatchObject({ code: "ERR_THROTTLED" });
    expect(once.fetch).toHaveBeenCalledTimes(1);
    const failing = scripted({ status: 503, body: "" }, throttled, ok());
    const { promise, delays } = run(failing.fetch, { retryThrottling: false });
    expect(await caught(promise)).toMatchObject({ code: "ERR_THROTTLED" });
    expect(failing.fetch).toHaveBeenCalledTimes(2);
    expect(delays).toEqual([50]);
  });

  it("re-signs every attempt with the clock's current time", async () => {
    let time = T0.getTime();
    const { fetch, dates } = scripted(throttled, throttled, ok());
    await run(fetch, { now: () => new Date(time), sleep: async (ms) => void (time += ms + 1000) }).promise;
    expect(new Set(dates).size).toBe(3);
  });

  it("honours Retry-After in seconds and as an HTTP-date", async () => {
    const { fetch } = scripted(
      { ...throttled, headers: { ...throttled.headers, "retry-after": "2" } },
      { status: 503, headers: { "retry-after": "Wed, 25 Nov 2026 10:00:05 GMT" }, body: "" },
      ok(),
    );
    const { promise, delays } = run(fetch);
    await promise;
    expect(delays).toEqual([2000, 5000]);
  });

  it.each([
    ["403 AccessDenied", denied("Unable to assume role for arn:aws:iam::123456789012:role/x."), "ERR_ACCESS_DENIED"],
    [
      "400 Validation",
      { status: 400, headers: { "x-amzn-errortype": "ValidationException" }, body: '{"message":"bad"}' },
      "ERR_VALIDATION",
    ],
    [
      "404 NotFound",
      { status: 404, headers: { "x-amzn-errortype": "ResourceNotFoundException" }, body: '{"message":"nope"}' },
      "ERR_NOT_FOUND",
    ],
    ["408", { status: 408, body: "" }, "ERR_SERVICE"],
    ["2xx with a bad body", { status: 201, body: "{" }, "ERR_BAD_RESPONSE"],
  ] as const)("does not retry %s", async (_name, reply, code) => {
    const { fetch } = scripted(reply, ok());
    const error = await caught(run(fetch).promise);
    expect(error.code).toBe(code);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("gives up after maxRetries with the last error", async () => {
    const { fetch } = scripted(throttled);
    const { promise, delays } = run(fetch, { maxRetries: 2 });
    expect((await caught(promise)).code).toBe("ERR_THROTTLED");
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(delays).toHaveLength(2);
  });

  it("accepts any 2xx, as the SDK does (200 instead of 201)", async () => {
    const { fetch } = scripted({ ...ok(), status: 200 });
    expect((await run(fetch).promise).sessionToken.length).toBeGreaterThan(0);
  });
});

describe("sendCreateSession timeouts and aborts", () => {
  it("times out an attempt even when the transport ignores the abort signal", async () => {
    const fetch: FetchLike = () => new Promise(() => undefined);
    const error = await caught(run(fetch, { timeout: 20, maxRetries: 1 }).promise);
    expect(error.code).toBe("ERR_TIMEOUT");
  });

  it("times out a body that never ends", async () => {
    const fetch: FetchLike = async () => ({ status: 201, headers: {}, text: () => new Promise(() => undefined) });
    expect((await caught(run(fetch, { timeout: 20, maxRetries: 0 }).promise)).code).toBe("ERR_TIMEOUT");
  });

  it("stops at once when the caller aborts during an attempt, without retrying", async () => {
    const controller = new AbortController();
    const fetch = vi.fn<FetchLike>(() => {
      controller.abort();
      return new Promise(() => undefined);
    });
    const error = await caught(run(fetch, { signal: controller.signal, timeout: 600_000 }).promise);
    expect(error.code).toBe("ERR_NETWORK");
    expect(error.message).toMatch(/aborted by the caller/);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("stops at once when the caller aborts during the wait between attempts", async () => {
    const controller = new AbortController();
    const { fetch } = scripted(throttled);
    const error = await caught(
      run(fetch, { signal: controller.signal, sleep: () => (controller.abort(), new Promise(() => undefined)) }).promise,
    );
    expect(error.code).toBe("ERR_NETWORK");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("maps AbortSignal.timeout() to ERR_TIMEOUT and never calls fetch for an aborted signal", async () => {
    const { fetch } = scripted(ok());
    const signal = AbortSignal.abort(new DOMException("too slow", "TimeoutError"));
    expect((await caught(run(fetch, { signal }).promise)).code).toBe("ERR_TIMEOUT");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("waits with a real timer by default, and an abort cuts it short", async () => {
    const controller = new AbortController();
    const { fetch } = scripted({ ...throttled, headers: { ...throttled.headers, "retry-after": "20" } });
    const promise = sendCreateSession(sign, { fetch, timeout: 1000, maxRetries: 3, now: () => T0, signal: controller.signal });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    controller.abort();
    expect((await caught(promise)).code).toBe("ERR_NETWORK");
  });
});

describe("sendCreateSession clock skew", () => {
  it("corrects the clock from the Date header of an Invalid signature, retries once and warns", async () => {
    const serverDate = "Wed, 25 Nov 2026 10:10:00 GMT";
    const { fetch, dates } = scripted(denied("Invalid signature", serverDate), ok());
    const clock = createCorrectedClock(() => T0);
    const warn = vi.fn();
    const identity = await run(fetch, { clock, logger: { warn }, maxRetries: 0 }).promise;
    expect(identity.accessKeyId).toMatch(/^ASIA/);
    expect(clock.offsetMs).toBe(600_000);
    expect(dates).toEqual([T0.toISOString(), "2026-11-25T10:10:00.000Z"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/local clock is 600 s behind the service.*retrying once/);
  });

  it("corrects at most once per call", async () => {
    const { fetch } = scripted(
      denied("Invalid signature", "Wed, 25 Nov 2026 10:10:00 GMT"),
      denied("Invalid signature", "Wed, 25 Nov 2026 10:30:00 GMT"),
      ok(),
    );
    const error = await caught(run(fetch, { maxRetries: 3 }).promise);
    expect(error.code).toBe("ERR_ACCESS_DENIED");
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["no Date header", denied("Invalid signature")],
    ["a Date within 4 minutes", denied("Invalid signature", "Wed, 25 Nov 2026 10:03:00 GMT")],
    ["another AccessDenied message", denied("Untrusted signing certificate", "Wed, 25 Nov 2026 10:10:00 GMT")],
  ])("does not retry Invalid signature with %s", async (_name, reply) => {
    const { fetch } = scripted(reply, ok());
    const clock = createCorrectedClock(() => T0);
    expect((await caught(run(fetch, { clock }).promise)).code).toBe("ERR_ACCESS_DENIED");
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(clock.offsetMs).toBe(0);
  });
});
