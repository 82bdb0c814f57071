import { type Stats, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { shownPath } from "../../node/shownPath";

/**
 * The cache's file checks. Nothing is used that another user could have written or read: the
 * directory and each entry must belong to this user and be closed to group and others, and
 * symbolic links are not followed. The calls are synchronous: they run once per process, at
 * start-up, where loading `fs/promises` and waiting on the thread pool would cost more.
 * @internal
 */

/** Entries are small; anything larger is not an entry. @internal */
export const MAX_ENTRY_BYTES = 64 * 1024;

const code = (error: unknown): string | undefined => (error as { code?: string } | undefined)?.code;

const ownUid = (): number | undefined => process.getuid?.();

/** Why `info` (of `what` at `path`) must not be trusted, or `undefined`. Pure. @internal */
export function permissionProblem(
  info: Pick<Stats, "uid" | "mode">,
  what: string,
  path: string,
  uid: number | undefined = ownUid(),
): string | undefined {
  // Windows has no POSIX owners or modes (uid is 0, getuid is absent): the profile directory's ACL protects it.
  if (uid === undefined) return undefined;
  if (info.uid !== uid) return `the ${what} ${shownPath(path)} belongs to uid ${info.uid}, not to you (uid ${uid})`;
  const open = info.mode & 0o077;
  if (open !== 0) {
    const fix = what === "directory" ? `chmod 700 ${shownPath(path)}` : `delete it or run chmod 600 ${shownPath(path)}`;
    return `the ${what} ${shownPath(path)} is accessible by group or others (mode ${(info.mode & 0o777).toString(8).padStart(4, "0")}); ${fix}`;
  }
  return undefined;
}

/**
 * Makes sure the cache directory exists (created with mode 0700, parents too) and may be used:
 * a real directory (not a symbolic link), owned by this user, closed to group and others.
 * Returns the problem when it may not be used.
 * @internal
 */
export async function prepareCacheDir(dir: string): Promise<string | undefined> {
  return preparePrivateDir(dir);
}

/** {@link prepareCacheDir}, synchronously (for the bin's code cache, src/cli/codeCache/loadCompiled.ts). @internal */
export function preparePrivateDir(dir: string): string | undefined {
  let info: Stats;
  try {
    info = lstatSync(dir);
  } catch (error) {
    if (code(error) !== "ENOENT") return `cannot use the cache directory ${shownPath(dir)} (${code(error) ?? "error"})`;
    try {
      makeDirectories(dir);
      info = lstatSync(dir);
    } catch (mkdirError) {
      return `cannot create the cache directory ${shownPath(dir)} (${code(mkdirError) ?? "error"})`;
    }
  }
  if (info.isSymbolicLink()) return `the cache directory ${shownPath(dir)} is a symbolic link; pass the real directory with --cache-dir`;
  if (!info.isDirectory()) return `the cache path ${shownPath(dir)} is not a directory`;
  return permissionProblem(info, "directory", dir);
}

/** More directory levels than any real path has: creating is given up past this. */
const MAX_LEVELS = 64;

/**
 * Creates `dir` and the parents it lacks, each with mode 0700, one level at a time from the
 * nearest one that exists. Not `mkdirSync(…, { recursive: true })`: under `/proc/self` (a HOME or
 * TMPDIR set there) Node's recursive mkdir retries forever, since the parent exists but nothing
 * can be created in it; here that is an error (ENOENT, EACCES) after one try per level.
 * @internal
 */
export function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let path = resolve(dir); missing.length <= MAX_LEVELS; path = dirname(path)) {
    try {
      lstatSync(path);
      break;
    } catch (error) {
      if (code(error) !== "ENOENT") throw error;
      missing.push(path);
      if (dirname(path) === path) break;
    }
  }
  if (missing.length > MAX_LEVELS) throw Object.assign(new Error("too many missing directory levels"), { code: "ENAMETOOLONG" });
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      if (code(error) !== "EEXIST") throw error;
    }
  }
}

/** Reading one entry file: its text, nothing there, or why it is not used. @internal */
export type CacheFileRead =
  { readonly text: string } | { readonly missing: true } | { readonly untrusted: string } | { readonly unreadable: string };

/**
 * Reads the entry at `path` without following a symbolic link, checking (on the open file) that
 * it is a regular file of this user, closed to group and others, and not larger than an entry.
 * @internal
 */
export async function readCacheFile(path: string): Promise<CacheFileRead> {
  const read = readPrivateFile(path, "cache entry", MAX_ENTRY_BYTES);
  return "bytes" in read ? { text: read.bytes.toString("utf8") } : read;
}

/** Reading a private file: its bytes, nothing there, or why it is not used. @internal */
export type PrivateFileRead =
  { readonly bytes: Buffer } | { readonly missing: true } | { readonly untrusted: string } | { readonly unreadable: string };

/**
 * Reads the file at `path` (a `what`, for messages) only if it is this user's own: opened
 * without following a symbolic link, then checked on the open file (a regular file of this user,
 * closed to group and others, at most `maxBytes`), so nothing can be swapped in between the check
 * and the read. Used for the credential cache's entries and the bin's code cache.
 * @internal
 */
export function readPrivateFile(path: string, what: string, maxBytes: number): PrivateFileRead {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO in place of an entry must not hang the read.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (code(error) === "ENOENT") return { missing: true };
    if (code(error) === "ELOOP") return { untrusted: `the ${what} ${shownPath(path)} is a symbolic link` };
    return { unreadable: `${code(error) ?? "read error"}` };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { untrusted: `the ${what} ${shownPath(path)} is not a regular file` };
    const problem = permissionProblem(info, what, path);
    if (problem !== undefined) return { untrusted: problem };
    if (info.size > maxBytes) return { unreadable: `it is ${info.size} bytes, more than a ${what} can be` };
    // Not zero-filled (it is about to be overwritten); only the bytes read are returned.
    const buffer = Buffer.allocUnsafe(info.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: buffer.subarray(0, read) };
  } catch (error) {
    return { unreadable: `${code(error) ?? "read error"}` };
  } finally {
    closeSync(fd);
  }
}
