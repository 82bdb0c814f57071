/**
 * Entry of `dist/cli/cacheHit.cjs`, which tsup builds as one self-contained file (see
 * tsup.config.ts): `src/cli.ts` loads it for `credential-process --cache`, before and instead
 * of the rest of the CLI, so a cache hit costs one file's load.
 * @internal
 */
import { serveCacheHit } from "./credentialCache/cacheHitFastPath";
import { fdSink } from "./fdSink";

const closed = (): never => process.exit(0);

/** {@link serveCacheHit} with this process's argv, environment and standard streams. @internal */
export const serveCacheHitForProcess = (): Promise<boolean> =>
  serveCacheHit(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    stdout: fdSink(1, closed),
    stderr: fdSink(2, closed),
    nowMs: Date.now,
  });
