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

/**
 * With `debug`, every debug/info/trace line carries the milliseconds since the process started
 * (`[debug +41.2ms] …`), so `--debug` doubles as a trace of where start-up time goes. `elapsedMs`
 * is injectable for tests.
 * @internal
 */
export function createCliLogger(stderr: TextSink, debug: boolean, elapsedMs: () => number = () => performance.now()): CliLogger {
  const write = (level: string, timed: boolean) => (...content: unknown[]) => {
    const text = content.map((c) => (typeof c === "string" ? c : inspect(c, { depth: 4, breakLength: Infinity }))).join(" ");
    stderr.write(`[${level}${timed ? ` +${elapsedMs().toFixed(1)}ms` : ""}] ${text}\n`);
  };
  const off = () => {};
  return {
    trace: debug ? write("trace", true) : off,
    debug: debug ? write("debug", true) : off,
    info: debug ? write("info", true) : off,
    warn: write("warn", false),
    error: write("error", false),
  };
}
