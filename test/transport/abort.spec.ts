import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { abortError, raceAbort } from "../../src/transport/abort";

describe("abortError", () => {
  it("maps AbortSignal.timeout() to ERR_TIMEOUT and other aborts to ERR_NETWORK, keeping the reason as cause", () => {
    const timeout = new AbortController();
    timeout.abort(new DOMException("late", "TimeoutError"));
    expect(abortError(timeout.signal).code).toBe("ERR_TIMEOUT");
    const plain = new AbortController();
    plain.abort("stop");
    const error = abortError(plain.signal);
    expect(error).toBeInstanceOf(RolesAnywhereError);
    expect(error.code).toBe("ERR_NETWORK");
    expect(error.cause).toBe("stop");
  });
});

describe("raceAbort", () => {
  it("passes the work's result through when nothing aborts", async () => {
    await expect(raceAbort(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
    await expect(raceAbort(Promise.reject(new Error("x")), undefined)).rejects.toThrow("x");
  });

  it("rejects at once on abort, even when the work never settles", async () => {
    const controller = new AbortController();
    const racing = raceAbort(new Promise(() => undefined), controller.signal);
    controller.abort();
    await expect(racing).rejects.toMatchObject({ code: "ERR_NETWORK" });
  });

  it("rejects for an already aborted signal and handles the work's later rejection", async () => {
    let unhandled = 0;
    const onUnhandled = (): void => void unhandled++;
    process.on("unhandledRejection", onUnhandled);
    try {
      let fail!: (error: Error) => void;
      const work = new Promise<never>((_resolve, reject) => (fail = reject));
      await expect(raceAbort(work, AbortSignal.abort())).rejects.toBeInstanceOf(RolesAnywhereError);
      fail(new Error("late"));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toBe(0);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
