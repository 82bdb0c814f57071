/**
 * The `roles-anywhere` bin. Before any other code is loaded it turns on Node's on-disk compile
 * cache where the running Node has one (`module.enableCompileCache`, Node ≥ 22.1; Node 20 lacks
 * it), so later starts skip compiling the CLI's code; `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 * `credential-process --cache` first tries the cache fast path (`dist/cli/cacheHit.cjs`, one
 * file); when it does not answer, or for any other command, the full CLI (`dist/cli/bin.cjs`
 * and the chunks it loads on demand) runs.
 * @internal
 */
import * as nodeModule from "node:module";
import { cacheRequested } from "./cli/credentialCache/cacheRequested";

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// Loaded by path, which the bundler leaves alone: each is built on its own (tsup.config.ts).
const load = nodeModule.createRequire(__filename);

/** The full CLI: its dispatcher runs on load. */
const runFullCli = (): void => void load(`${__dirname}/cli/bin.cjs`);

/** The cache fast path, one file: whether it printed credentials (never rejects). */
const tryCacheHit = (): Promise<boolean> => {
  try {
    return (load(`${__dirname}/cli/cacheHit.cjs`) as typeof import("./cli/cacheHitMain")).serveCacheHitForProcess();
  } catch {
    return Promise.resolve(false);
  }
};

if (cacheRequested(process.argv.slice(2), process.env)) {
  tryCacheHit().then((served) => (served ? process.exit(0) : runFullCli()), runFullCli);
} else {
  runFullCli();
}
