/**
 * The full CLI behind the `roles-anywhere` bin (`dist/cli/bin.cjs`, loaded by `src/cli.ts` when
 * the cache fast path does not answer): the command dispatcher and credential-process's flags and
 * cache lookup load with it; everything else (key loading, signing, HTTP, the other commands) is
 * in chunks loaded only when a command needs them.
 * @internal
 */
import { processSinks } from "./fdSink";
import { main } from "./main";

const { stdout, stderr, flushed } = processSinks();

const controller = new AbortController();
const stop = () => controller.abort();
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
/** Exits once the output has left (written synchronously, unless a full pipe made the sinks queue it). */
const exit = (code: number): Promise<never> => flushed().then(() => process.exit(code));
main(process.argv.slice(2), { stdout, stderr, env: process.env, signal: controller.signal }).then(
  // Exiting, rather than waiting for the event loop to empty: idle keep-alive sockets cannot hold the process open.
  (code) => exit(code),
  (error: unknown) => {
    stderr.write(`roles-anywhere: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    return exit(1);
  },
);
