/**
 * The `roles-anywhere` bin. It loads the CLI's code through its own V8 code cache
 * (src/cli/codeCache/loadCompiled.ts: later starts skip compiling what the command ran before, on
 * every Node; `NODE_DISABLE_COMPILE_CACHE=1` turns it off). It does not turn on Node's own compile
 * cache (`module.enableCompileCache`): that would cover only the rarely loaded packages from
 * node_modules, would write to a shared temporary directory, and on Node 22 to 24 it never returns
 * when TMPDIR is under /proc/self. `credential-process --cache` first tries the cache fast path
 * (`dist/cli/cacheHit.cjs`, one file); when it does not answer, `credential-process` runs from
 * `dist/cli/credentialProcess.cjs` and any other command from the full CLI (`dist/cli/bin.cjs`).
 * @internal
 */
import { realpathSync } from "node:fs";
import { dirname } from "node:path";
import { cacheRequested } from "./cli/credentialCache/cacheRequested";
import { codeCacheVariant, posixTempDir } from "./cli/codeCache/codeCacheNames";
import { loadCompiled } from "./cli/codeCache/loadCompiled";

const argv = process.argv.slice(2);
/**
 * The directory of this file itself: `__dirname` is the symbolic link's (`node_modules/.bin`)
 * when Node runs with `--preserve-symlinks-main`. `__dirname` when the path cannot be resolved.
 */
const ownDirectory = (): string => {
  try {
    return dirname(realpathSync.native(__filename));
  } catch {
    return __dirname;
  }
};
const here = ownDirectory();
const cached = cacheRequested(argv, process.env);
/** How the CLI's files are loaded: with the bin's own require (see LoadCompiledOptions). */
const loading = {
  env: process.env,
  tmp: posixTempDir(process.env, process.platform) ?? (require("node:os") as typeof import("node:os")).tmpdir(),
  require,
};

/**
 * The CLI: credential-process alone (`dist/cli/credentialProcess.cjs`) or the full CLI
 * (`dist/cli/bin.cjs`), each built on its own (tsup.config.ts) and loaded by path; its
 * dispatcher runs on load.
 */
const runFullCli = (): void => {
  const file = argv[0] === "credential-process" ? "credentialProcess" : "bin";
  void loadCompiled(`${here}/cli/${file}.cjs`, { ...loading, variant: codeCacheVariant(argv, cached) });
};

/** The cache fast path, one file: whether it printed credentials (rejects only when writing them failed). */
const tryCacheHit = (): Promise<boolean> => {
  let fastPath: typeof import("./cli/cacheHitMain");
  try {
    fastPath = loadCompiled(`${here}/cli/cacheHit.cjs`, { ...loading, variant: "cache-hit" }) as typeof import("./cli/cacheHitMain");
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

if (cached) {
  tryCacheHit().then((served) => (served ? process.exit(0) : runFullCli()), failedOutput);
} else {
  runFullCli();
}
