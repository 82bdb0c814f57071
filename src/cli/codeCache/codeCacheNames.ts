/**
 * Names and the entry format of the CLI's V8 code cache (see loadCompiled.ts). Pure.
 * @internal
 */

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
const MAGIC = Uint8Array.of(0x52, 0x41, 0x56, 0x38, 0, 0, 0, 2);
/** Magic, the source's length, the checksum of V8's data. */
const HEADER_BYTES = MAGIC.length + 8;

/** Where V8's data starts: after the source, at a multiple of 4 (the checksum reads 32-bit words). */
const dataOffset = (sourceLength: number): number => HEADER_BYTES + Math.ceil(sourceLength / 4) * 4;

/**
 * A 32-bit checksum of `bytes` (FNV-1a's multiply over 32-bit words, then the remaining bytes),
 * to catch a damaged entry before V8 reads it: V8 checks only a header, and damaged data can
 * crash the process. Not a defence against someone who can write the entry (the directory is
 * private to the user). Reads words in the machine's byte order: entries never leave the machine.
 * @internal
 */
export function checksum32(bytes: Uint8Array): number {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
  let hash = 0x811c9dc5 ^ aligned.length;
  for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i]!, 0x01000193);
  for (let i = words.length * 4; i < aligned.length; i++) hash = Math.imul(hash ^ aligned[i]!, 0x01000193);
  return hash >>> 0;
}

/**
 * An entry: a header (magic, the source's length, the checksum of V8's data), the exact source
 * bytes it was compiled from (padded to 4 bytes), then V8's cached data. A file whose bytes differ
 * in any way (another version of the same length, a reinstall with the same modification time)
 * or damaged data never reaches V8, which itself checks only the source's length and a header.
 * @internal
 */
export function codeCacheEntry(source: Uint8Array, cachedData: Uint8Array): Uint8Array {
  const start = dataOffset(source.length);
  const entry = new Uint8Array(start + cachedData.length);
  entry.set(MAGIC, 0);
  const header = new DataView(entry.buffer);
  header.setUint32(MAGIC.length, source.length);
  header.setUint32(MAGIC.length + 4, checksum32(cachedData));
  entry.set(source, HEADER_BYTES);
  entry.set(cachedData, start);
  return entry;
}

/**
 * V8's cached data in `entry` when the entry was made from exactly `source` and its data is
 * intact, else `undefined` (not an entry, another format, another source, damaged).
 * @internal
 */
export function cachedDataFor(entry: Uint8Array, source: Uint8Array): Uint8Array | undefined {
  if (entry.length < HEADER_BYTES || !sameBytes(entry.subarray(0, MAGIC.length), MAGIC)) return undefined;
  const header = new DataView(entry.buffer, entry.byteOffset, HEADER_BYTES);
  const length = header.getUint32(MAGIC.length);
  const start = dataOffset(length);
  if (length !== source.length || entry.length <= start) return undefined;
  if (!sameBytes(entry.subarray(HEADER_BYTES, HEADER_BYTES + length), source)) return undefined;
  const data = entry.subarray(start);
  return checksum32(data) === header.getUint32(MAGIC.length + 4) ? data : undefined;
}

/** Byte equality, natively where the runtime offers it (Buffer#equals: a memcmp). */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  const native = (a as { equals?: (other: Uint8Array) => boolean }).equals;
  if (typeof native === "function") return native.call(a, b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

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
