import { processSinks } from "./fdSink";
import type { CliIo } from "./io";

/**
 * Runs a dispatcher as the process's program: stdout and stderr sinks, SIGINT/SIGTERM abort its
 * signal, and the process exits with its code once the output has left (written synchronously,
 * unless a full pipe made the sinks queue it). Used by bin.ts (every command) and
 * credentialProcessBin.ts (credential-process only).
 * @internal
 */
export function runAsProgram(dispatch: (argv: readonly string[], io: CliIo) => Promise<number>): void {
  const { stdout, stderr, flushed } = processSinks();
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const exit = (code: number): Promise<never> => flushed().then(() => process.exit(code));
  dispatch(process.argv.slice(2), { stdout, stderr, env: process.env, signal: controller.signal }).then(
    // Exiting, rather than waiting for the event loop to empty: idle keep-alive sockets cannot hold the process open.
    (code) => exit(code),
    (error: unknown) => {
      stderr.write(`roles-anywhere: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
      return exit(1);
    },
  );
}
