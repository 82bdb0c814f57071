/**
 * Entry of `dist/cli/cacheHit.cjs`, which tsup builds as one self-contained file (see
 * tsup.config.ts): `src/cli.ts` loads it for `credential-process --cache`, before and instead
 * of the rest of the CLI, so a cache hit costs one file's load.
 * @internal
 */
import { serveCacheHit } from "./credentialCache/cacheHitFastPath";
import { processSinks } from "./fdSink";

/**
 * {@link serveCacheHit} with this process's argv, environment and standard streams; resolves once
 * what it wrote has left the process (the bin exits right after).
 * @internal
 */
export const serveCacheHitForProcess = async (): Promise<boolean> => {
  const { stdout, stderr, flushed } = processSinks();
  const served = await serveCacheHit(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdout, stderr, nowMs: Date.now });
  await flushed();
  return served;
};
