/**
 * The program behind the `roles-anywhere` bin: the command dispatcher and the `credential-process`
 * fast path (flags, session flags, cache lookup) load with it; everything else (key loading,
 * signing, HTTP, the other commands) is in chunks loaded only when a command needs them.
 * @internal
 */
import { fdSink } from "./fdSink";
import { main } from "./main";

// `roles-anywhere … | head -1`: a closed pipe ends the program quietly instead of with a stack trace.
const closed = (): never => process.exit(0);
const stdout = fdSink(1, closed);
const stderr = fdSink(2, closed);

const controller = new AbortController();
const stop = () => controller.abort();
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
/** Exits once the output has left (written synchronously, unless a full pipe made the sinks queue it). */
const exit = (code: number): Promise<never> => Promise.all([stdout.flushed(), stderr.flushed()]).then(() => process.exit(code));
main(process.argv.slice(2), { stdout, stderr, env: process.env, signal: controller.signal }).then(
  // Exiting, rather than waiting for the event loop to empty: idle keep-alive sockets cannot hold the process open.
  (code) => exit(code),
  (error: unknown) => {
    stderr.write(`roles-anywhere: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    return exit(1);
  },
);
