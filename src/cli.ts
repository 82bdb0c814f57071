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

/** The cache fast path, one file: whether it printed credentials (rejects only when writing them failed). */
const tryCacheHit = (): Promise<boolean> => {
  let fastPath: typeof import("./cli/cacheHitMain");
  try {
    fastPath = load(`${__dirname}/cli/cacheHit.cjs`) as typeof import("./cli/cacheHitMain");
  } catch {
    return Promise.resolve(false);
  }
  return fastPath.serveCacheHitForProcess();
};

/** The fast path could not write the credentials (it never starts writing twice): exit 1, as the full command would. */
const failedOutput = (error: unknown): never => {
  const code = (error as { code?: unknown } | undefined)?.code;
  try {
    process.stderr.write(
      `roles-anywhere credential-process: cannot write the credentials to stdout (${typeof code === "string" ? code : "write error"})\n`,
    );
  } finally {
    process.exit(1);
  }
};

if (cacheRequested(process.argv.slice(2), process.env)) {
  tryCacheHit().then((served) => (served ? process.exit(0) : runFullCli()), failedOutput);
} else {
  runFullCli();
}
