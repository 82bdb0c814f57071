import { writeSync } from "node:fs";
import type { TextSink } from "./redact";

/**
 * A sink that writes straight to a file descriptor (1 or 2) with `writeSync`, the way a short-lived
 * CLI wants it: nothing is buffered when the process exits, and Node's `process.stdout` stream
 * (a socket or file stream, several milliseconds to set up) is never created. A full non-blocking
 * pipe (EAGAIN) falls back to the stream, which queues the rest. A closed pipe (EPIPE, e.g.
 * `roles-anywhere … | head -1`) ends the program quietly with `onClosed`.
 * @internal
 */
export function fdSink(fd: 1 | 2, onClosed: () => never): TextSink {
  let fallback: NodeJS.WriteStream | undefined;
  return {
    write(text: string) {
      if (fallback) return fallback.write(text);
      let bytes = Buffer.from(text, "utf8");
      while (bytes.length > 0) {
        try {
          bytes = bytes.subarray(writeSync(fd, bytes));
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === "EPIPE") onClosed();
          if (code !== "EAGAIN") throw error;
          fallback = fd === 1 ? process.stdout : process.stderr;
          return fallback.write(bytes);
        }
      }
      return true;
    },
  };
}
