import { lstatSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { preparePrivateDir, readPrivateFile } from "../credentialCache/cacheFiles";
import { cachedDataFor, codeCacheDir, codeCacheEntry, codeCacheEntryName, codeCachePrefix, engineOf } from "./codeCacheNames";

/**
 * Loads one of the CLI's own CommonJS files (`dist/cli/bin.cjs`, `dist/cli/credentialProcess.cjs`,
 * `dist/cli/cacheHit.cjs`) with a V8 code cache, so a later start does not parse and compile the
 * code it ran before.
 *
 * Node's own compile cache (`module.enableCompileCache`, Node ≥ 22.1) writes the code as compiled
 * right after loading, before the functions a command calls are compiled; Node 20 has none. This
 * cache is written when the process exits (`vm.Script#createCachedData`), once per kind of run
 * (codeCacheVariant), so it holds the functions such a run called, on every Node.
 *
 * A code cache is code, and one planted by someone else would run in a process that holds a
 * private key. So only the user's own private directory is used (codeCacheDir: created 0700,
 * refused when it is a symbolic link, another user's, or open to group or others), and an entry is
 * read only when it is a regular file of the user's own closed to others, opened without
 * following a symbolic link and checked on the open file. Entries are written 0600 to a temporary
 * name, then renamed, so a reader never sees half an entry. V8 checks only the source's length and
 * a header, and damaged data can crash it: an entry holds the exact source it was made from and two
 * copies of V8's data, and reaches V8 only when the source matches and the copies are equal
 * (codeCacheEntry). Anything that goes wrong (no directory, a read-only disk, a damaged or
 * foreign entry, an entry V8 rejects) means compiling as without a cache, never an error. `NODE_DISABLE_COMPILE_CACHE` turns it off, and with
 * `--enable-source-maps` the file is loaded by Node's own loader (which maps stack traces).
 * @internal
 */
export interface LoadCompiledOptions {
  /** The cache variant (codeCacheVariant). */
  variant: string;
  /** Reads NODE_DISABLE_COMPILE_CACHE and NODE_COMPILE_CACHE. */
  env: Readonly<Record<string, string | undefined>>;
  /** Registers the cache write to run when the program is done (default: when the process exits with code 0: a failed run often stops early, and its entry would lack most of the command). */
  atExit?: (save: () => void) => void;
  /** The temporary directory (the bin: posixTempDir, or `os.tmpdir()` on Windows). */
  tmp: string;
  /**
   * The `require` the file gets, and loads it with when there is no code cache: the bin's own. The
   * CLI's files sit beside the bin in the same package and require only Node builtins and the
   * package's dependencies, which resolve the same from both places; `createRequire` would load
   * `node:module`, and Node's ESM loader with it, at every start.
   */
  require: NodeJS.Require;
}

/** The CommonJS wrapper, on a line of its own before the file's first line (lineOffset -1 keeps line numbers). */
const HEAD = "(function (exports, require, module, __filename, __dirname) {\n";
const TAIL = "\n})";

const quietly = (action: () => void): void => {
  try {
    action();
  } catch {
    // The code cache is an optimisation: failing to write or prune it changes nothing else.
  }
};

/** Larger than any entry this package writes (its largest file and V8's data for it). */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** Entries of other engines (another Node, Bun) not written for this long are removed. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/** The entry's bytes when it is a regular file of this user's own, closed to others (never through a symbolic link). */
const readEntry = (path: string): Uint8Array | undefined => {
  const read = readPrivateFile(path, "code cache entry", MAX_ENTRY_BYTES);
  return "bytes" in read ? read.bytes : undefined;
};

/**
 * Writes the entry atomically, then removes entries of the same file and variant written by
 * other engines more than 30 days ago (a user who switches between two Nodes keeps both).
 */
const writeEntry = (dir: string, name: string, prefix: string, data: Uint8Array): void => {
  const path = join(dir, name);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o600, flag: "wx" });
    renameSync(temp, path);
  } catch {
    quietly(() => unlinkSync(temp));
    return;
  }
  quietly(() => {
    const now = Date.now();
    for (const other of readdirSync(dir)) {
      if (other === name || !other.startsWith(prefix) || !other.endsWith(".v8")) continue;
      quietly(() => {
        if (now - lstatSync(join(dir, other)).mtimeMs > STALE_MS) unlinkSync(join(dir, other));
      });
    }
  });
};

/**
 * Runs the CommonJS file `file` as Node's loader would (its own `require`, `module`, `exports`,
 * `__filename`, `__dirname`) and returns its `module.exports`. The file must not use `import()`.
 * @internal
 */
export function loadCompiled(file: string, options: LoadCompiledOptions): unknown {
  // With --enable-source-maps, Node's loader maps stack traces through the file's source map;
  // a vm.Script is not registered for that, so such a run loads the file as Node would.
  if ((process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true) return options.require(file);
  const source = readFileSync(file);
  const text = source.toString("utf8");
  const dir = codeCacheDir(options.env, options.tmp, process.getuid?.());
  const usable = dir !== undefined && preparePrivateDir(dir) === undefined;
  const name = codeCacheEntryName(file, options.variant, engineOf(process));
  const entry = usable ? readEntry(join(dir, name)) : undefined;
  const cachedData = entry === undefined ? undefined : cachedDataFor(entry, source);
  // A shebang line is a syntax error inside the wrapper; blanking it keeps the line count.
  const script = new Script(`${HEAD}${text.replace(/^#!.*/, "")}${TAIL}`, {
    filename: file,
    lineOffset: -1,
    ...(cachedData ? { cachedData } : {}),
  });
  if (usable && (cachedData === undefined || script.cachedDataRejected === true)) {
    const atExit = options.atExit ?? ((save: () => void) => process.once("exit", (code) => code === 0 && save()));
    atExit(() =>
      quietly(() => writeEntry(dir, name, codeCachePrefix(file, options.variant), codeCacheEntry(source, script.createCachedData()))),
    );
  }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, options.require, module, file, dirname(file));
  return module.exports;
}
