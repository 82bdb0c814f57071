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

/** Milliseconds since the process started, and of CPU time it has used. */
export interface ProcessClock {
  elapsedMs(): number;
  cpuMs(): number;
}

const processClock: ProcessClock = {
  elapsedMs: () => performance.now(),
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

/**
 * With `debug`, every debug/info/trace line carries the milliseconds since the process started
 * and the CPU milliseconds used so far (`[debug +41.2ms cpu 35.0ms] …`), so `--debug` doubles as
 * a trace of where start-up time goes (CPU time stays meaningful on a busy machine). The clock is
 * injectable for tests.
 * @internal
 */
export function createCliLogger(stderr: TextSink, debug: boolean, clock: ProcessClock = processClock): CliLogger {
  const write =
    (level: string, timed: boolean) =>
    (...content: unknown[]) => {
      const text = content.map((c) => (typeof c === "string" ? c : inspect(c, { depth: 4, breakLength: Infinity }))).join(" ");
      stderr.write(`[${level}${timed ? ` +${clock.elapsedMs().toFixed(1)}ms cpu ${clock.cpuMs().toFixed(1)}ms` : ""}] ${text}\n`);
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

/**
 * The first debug line of a command: its name and when Node finished its own start-up
 * (`performance.nodeTiming`, where the runtime has it), the zero point of the phase trace.
 * @internal
 */
export function startedMessage(what: string): string {
  const { nodeTiming } = globalThis.performance as unknown as { nodeTiming?: { bootstrapComplete: number } };
  return `roles-anywhere: ${what} started${nodeTiming ? ` (Node bootstrap done at +${nodeTiming.bootstrapComplete.toFixed(1)}ms)` : ""}`;
}
