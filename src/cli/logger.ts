import { inspect } from "node:util";
import type { TextSink } from "./redact";

/**
 * A `@smithy/types` Logger writing to the CLI's (redacting) stderr. `debug`/`info`/`trace` only
 * with `--debug`; `warn`/`error` always.
 * @internal
 */
export interface CliLogger {
  trace(...content: unknown[]): void;
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

/** @internal */
export function createCliLogger(stderr: TextSink, debug: boolean): CliLogger {
  const write = (level: string) => (...content: unknown[]) => {
    const text = content.map((c) => (typeof c === "string" ? c : inspect(c, { depth: 4, breakLength: Infinity }))).join(" ");
    stderr.write(`[${level}] ${text}\n`);
  };
  const off = () => {};
  return {
    trace: debug ? write("trace") : off,
    debug: debug ? write("debug") : off,
    info: debug ? write("info") : off,
    warn: write("warn"),
    error: write("error"),
  };
}
