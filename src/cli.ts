/**
 * The `roles-anywhere` bin. It loads the command dispatcher and the `credential-process` fast path
 * (flags, session flags, cache lookup) up front; everything else (key loading, signing, HTTP,
 * the other commands) is in chunks loaded only when a command needs them.
 * @internal
 */
import { main } from "./cli/main";

// `roles-anywhere … | head -1`: a closed pipe ends the program quietly instead of with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => process.exit(error.code === "EPIPE" ? 0 : 1));

const controller = new AbortController();
const stop = () => controller.abort();
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    // Exit once output is flushed, so idle keep-alive sockets cannot hold the process open.
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  },
  (error: unknown) => {
    process.stderr.write(`roles-anywhere: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
