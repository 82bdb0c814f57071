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
main(process.argv.slice(2), { stdout, stderr, env: process.env, signal: controller.signal }).then(
  // Output is written synchronously: exiting now loses nothing, and idle keep-alive sockets cannot hold the process open.
  (code) => process.exit(code),
  (error: unknown) => {
    stderr.write(`roles-anywhere: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
