import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { type FallbackStream, fdSink } from "../../src/cli/fdSink";

const failure = (code: string) => Object.assign(new Error(code), { code });
const never = (): never => {
  throw new Error("closed");
};

/** A stream that queues what it gets until `drain()`. */
const queueingStream = () => {
  const events = new EventEmitter();
  const queued: string[] = [];
  const stream: FallbackStream & { queued: string[]; drain(): void } = {
    queued,
    get writableLength() {
      return queued.join("").length;
    },
    write(chunk) {
      queued.push(Buffer.from(chunk).toString("utf8"));
      return false;
    },
    once(event, listener) {
      events.once(event, listener);
      return stream;
    },
    drain() {
      queued.length = 0;
      events.emit("drain");
    },
  };
  return stream;
};

describe("fdSink (stdout/stderr of the CLI)", () => {
  it("writes everything synchronously, in as many writes as the descriptor takes; flushed() resolves at once", async () => {
    const written: string[] = [];
    const sink = fdSink(1, never, (_fd, bytes) => {
      const n = Math.min(bytes.length, 3);
      written.push(Buffer.from(bytes.subarray(0, n)).toString());
      return n;
    });
    sink.write("credentials");
    expect(written.join("")).toBe("credentials");
    await expect(sink.flushed()).resolves.toBeUndefined();
  });

  it("on a full non-blocking pipe (EAGAIN) queues the rest on the stream, and flushed() waits until it has drained", async () => {
    const stream = queueingStream();
    let calls = 0;
    const sink = fdSink(
      1,
      never,
      (_fd, bytes) => {
        calls++;
        if (calls === 1) return 4;
        throw failure("EAGAIN");
      },
      () => stream,
    );
    sink.write('{"Version":1}\n');
    sink.write("more\n");
    expect(stream.queued.join("")).toBe('rsion":1}\nmore\n'); // after the 4 bytes written
    let done = false;
    const flushed = sink.flushed().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    stream.drain();
    await flushed;
    expect(done).toBe(true);
  });

  it("a closed pipe (EPIPE) calls onClosed; any other error is thrown", () => {
    let closed = 0;
    const onClosed = (): never => {
      closed++;
      throw new Error("exit");
    };
    expect(() =>
      fdSink(1, onClosed, () => {
        throw failure("EPIPE");
      }).write("x"),
    ).toThrow("exit");
    expect(closed).toBe(1);
    expect(() =>
      fdSink(1, never, () => {
        throw failure("ENOSPC");
      }).write("x"),
    ).toThrow("ENOSPC");
  });
});
