/**
 * Names and the entry format of the CLI's V8 code cache (see loadCompiled.ts). Pure.
 * @internal
 */
import { bytesEqual } from "../../encoding/bytes";

/** The running JavaScript engine: a cache is only valid for the engine that wrote it. @internal */
export interface EngineIdentity {
  version: string;
  arch: string;
}

/**
 * The engine of a process: Node's version, or Bun's or Deno's (which report a Node version of
 * their own too), and the architecture.
 * @internal
 */
export function engineOf(runtime: {
  version: string;
  arch: string;
  versions: Readonly<Record<string, string | undefined>>;
}): EngineIdentity {
  const { bun, deno } = runtime.versions;
  const version = bun !== undefined ? `bun${bun}` : deno !== undefined ? `deno${deno}` : runtime.version;
  return { version, arch: runtime.arch };
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
 * The entries of one source file and variant share this prefix, one per engine. The dot ends the
 * variant, so the prefix of `serve` is not a prefix of `serve-help`'s.
 * @internal
 */
export function codeCachePrefix(sourcePath: string, variant: string): string {
  return `${fnv1a(sourcePath)}-${variant}.`;
}

/**
 * The entry's file name: the prefix, then the engine (an entry is only valid for the engine that
 * wrote it). Which version of the file an entry belongs to is not in the name: the entry holds a
 * copy of the source it was made from (codeCacheEntry).
 * @internal
 */
export function codeCacheEntryName(sourcePath: string, variant: string, engine: EngineIdentity): string {
  const engineTag = `${engine.version}-${engine.arch}`.replace(/[^A-Za-z0-9.]/g, "_");
  return `${codeCachePrefix(sourcePath, variant)}${engineTag}.v8`;
}

/** The first bytes of an entry: "RAV8" and a format version. */
const MAGIC = Uint8Array.of(0x52, 0x41, 0x56, 0x38, 0, 0, 0, 3);
/** Magic, the source's length, the length of V8's data. */
const HEADER_BYTES = MAGIC.length + 8;

/**
 * An entry: a header (magic, the source's length, the data's length), the exact source bytes it
 * was compiled from, then V8's cached data twice. A file whose bytes differ in any way (another
 * version of the same length, a reinstall with the same modification time) never reaches V8,
 * which itself checks only the source's length and a header; and the data reaches V8 only when
 * its two copies are equal, so a damaged entry (which can crash V8) is caught. Two copies and a
 * native comparison (a memcmp) cost far less at start-up than a checksum computed in JavaScript,
 * and need no module loaded for a hash.
 * @internal
 */
export function codeCacheEntry(source: Uint8Array, cachedData: Uint8Array): Uint8Array {
  const entry = new Uint8Array(HEADER_BYTES + source.length + 2 * cachedData.length);
  entry.set(MAGIC, 0);
  const header = new DataView(entry.buffer);
  header.setUint32(MAGIC.length, source.length);
  header.setUint32(MAGIC.length + 4, cachedData.length);
  entry.set(source, HEADER_BYTES);
  entry.set(cachedData, HEADER_BYTES + source.length);
  entry.set(cachedData, HEADER_BYTES + source.length + cachedData.length);
  return entry;
}

/**
 * V8's cached data in `entry` when the entry was made from exactly `source` and both copies of
 * its data are intact, else `undefined` (not an entry, another format, another source, damaged).
 * @internal
 */
export function cachedDataFor(entry: Uint8Array, source: Uint8Array): Uint8Array | undefined {
  if (entry.length < HEADER_BYTES || !bytesEqual(entry.subarray(0, MAGIC.length), MAGIC)) return undefined;
  const header = new DataView(entry.buffer, entry.byteOffset, HEADER_BYTES);
  const sourceLength = header.getUint32(MAGIC.length);
  const dataLength = header.getUint32(MAGIC.length + 4);
  if (sourceLength !== source.length || dataLength === 0 || entry.length !== HEADER_BYTES + sourceLength + 2 * dataLength) return undefined;
  if (!bytesEqual(entry.subarray(HEADER_BYTES, HEADER_BYTES + sourceLength), source)) return undefined;
  const start = HEADER_BYTES + sourceLength;
  const data = entry.subarray(start, start + dataLength);
  return bytesEqual(data, entry.subarray(start + dataLength)) ? data : undefined;
}

/**
 * The temporary directory as Node's `os.tmpdir()` finds it on Linux and macOS (`TMPDIR`, `TMP`,
 * `TEMP`, else `/tmp`, without one trailing slash), without loading `node:os` at every start.
 * `undefined` on Windows, where `os.tmpdir()` looks at more (the caller asks it there).
 * @internal
 */
export function posixTempDir(env: Readonly<Record<string, string | undefined>>, platform: string): string | undefined {
  if (platform === "win32") return undefined;
  const path = env.TMPDIR || env.TMP || env.TEMP || "/tmp";
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
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
