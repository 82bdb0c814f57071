import { writeSync } from "node:fs";
import type { TextSink } from "./redact";

/** A text sink whose queued output can be waited for before the process exits. @internal */
export interface FlushableSink extends TextSink {
  /** Resolves once everything written has left the process (at once unless a write was queued). */
  flushed(): Promise<void>;
}

/** The stream a full pipe falls back to (`process.stdout` / `process.stderr`, or a test double). @internal */
export interface FallbackStream {
  write(chunk: string | Uint8Array): boolean;
  readonly writableLength: number;
  once(event: "drain" | "error" | "close", listener: () => void): unknown;
}

/**
 * A sink that writes straight to a file descriptor (1 or 2) with `writeSync`, the way a short-lived
 * CLI wants it: nothing is buffered when the process exits, and Node's `process.stdout` stream
 * (a socket or file stream, several milliseconds to set up) is never created. A full non-blocking
 * pipe (EAGAIN) falls back to the stream, which queues the rest: call `flushed()` before
 * `process.exit`, which would drop what is queued. A closed pipe (EPIPE, e.g.
 * `roles-anywhere … | head -1`) ends the program quietly with `onClosed`. The write function and
 * the stream are injectable for tests.
 * @internal
 */
export function fdSink(
  fd: 1 | 2,
  onClosed: () => never,
  write: (fd: number, bytes: Uint8Array) => number = writeSync,
  stream: () => FallbackStream = () => (fd === 1 ? process.stdout : process.stderr),
): FlushableSink {
  let fallback: FallbackStream | undefined;
  return {
    write(text: string) {
      if (fallback) return fallback.write(text);
      let bytes = Buffer.from(text, "utf8");
      while (bytes.length > 0) {
        try {
          bytes = bytes.subarray(write(fd, bytes));
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === "EPIPE") onClosed();
          if (code !== "EAGAIN") throw error;
          fallback = stream();
          return fallback.write(bytes);
        }
      }
      return true;
    },
    flushed() {
      const queued = fallback;
      if (!queued || queued.writableLength === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        queued.once("drain", resolve);
        // A reader that goes away leaves nothing to wait for.
        queued.once("error", resolve);
        queued.once("close", resolve);
      });
    },
  };
}

/** This process's stdout and stderr as sinks, and a wait for both to have flushed. @internal */
export interface ProcessSinks {
  readonly stdout: FlushableSink;
  readonly stderr: FlushableSink;
  /** Resolves once what both queued has left the process: await it before `process.exit`. */
  flushed(): Promise<void>;
}

/**
 * {@link fdSink} on descriptors 1 and 2. A closed pipe (`roles-anywhere … | head -1`) ends the
 * program quietly, with exit code 0, instead of with a stack trace.
 * @internal
 */
export function processSinks(): ProcessSinks {
  const closed = (): never => process.exit(0);
  const stdout = fdSink(1, closed);
  const stderr = fdSink(2, closed);
  return { stdout, stderr, flushed: () => Promise.all([stdout.flushed(), stderr.flushed()]).then(() => undefined) };
}
