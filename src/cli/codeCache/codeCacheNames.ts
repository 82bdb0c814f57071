/**
 * Names in the CLI's V8 code cache (see loadCompiled.ts). Pure.
 * @internal
 */

/** What identifies one version of a source file on disk: a rewrite or a reinstall changes it. @internal */
export interface SourceIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** The running JavaScript engine: a cache is only valid for the V8 that wrote it. @internal */
export interface EngineIdentity {
  version: string;
  arch: string;
}

/**
 * The cache variant for a command line: its first word when it looks like a command
 * (`credential-process`, `serve`, …), otherwise `other`; `-help` added when it asks for help, and
 * `-cache` for a credential-process that uses the credential cache (`cached`). Each variant keeps
 * its own entry, holding the functions such a run calls: a help page or a cache hit does not fill
 * the entry a full credential fetch then reads.
 * @internal
 */
export function codeCacheVariant(argv: readonly string[], cached: boolean): string {
  const first = argv[0];
  const command = first !== undefined && /^[a-z][a-z0-9-]{0,39}$/.test(first) ? first : "other";
  if (argv.some((arg) => arg === "--help" || arg === "-h")) return `${command}-help`;
  return cached ? `${command}-cache` : command;
}

/** FNV-1a (32 bits) of a string, in hex: short file names for long paths. Not a security measure. @internal */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * The entries of one source file and variant share this prefix (so a new version of the file
 * replaces the old entry rather than adding one).
 * @internal
 */
export function codeCachePrefix(sourcePath: string, variant: string): string {
  return `${fnv1a(sourcePath)}-${variant}-`;
}

/**
 * The entry's file name: the prefix, then the engine and the source's identity, so a cache is
 * never offered to another Node or another version of the file (V8 itself checks only the
 * source's length).
 * @internal
 */
export function codeCacheEntryName(sourcePath: string, variant: string, source: SourceIdentity, engine: EngineIdentity): string {
  const engineTag = `${engine.version}-${engine.arch}`.replace(/[^A-Za-z0-9.]/g, "_");
  const sourceTag = `${source.size}-${Math.round(source.mtimeMs * 1000)}-${source.ino}`;
  return `${codeCachePrefix(sourcePath, variant)}${engineTag}-${sourceTag}.v8`;
}

/**
 * The cache's directory, or `undefined` when it is off (`NODE_DISABLE_COMPILE_CACHE` set, as for
 * Node's own compile cache). It is private to the user (`roles-anywhere-v8-<uid>`) and lives in
 * `NODE_COMPILE_CACHE` when set, else in the temporary directory.
 * @internal
 */
export function codeCacheDir(env: Readonly<Record<string, string | undefined>>, tmp: string, uid: number | undefined): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base = env.NODE_COMPILE_CACHE || tmp;
  return `${base.replace(/[\\/]+$/, "")}/roles-anywhere-v8-${uid ?? "user"}`;
}
