import { chmod, lstat, mkdir, open, readFile, readlink, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { acquireLock } from "../lockFile";

/**
 * Replaces `path` with `content` so that readers only ever see the complete old or new file: the
 * content goes to a temporary file in the same directory (created exclusively, mode `mode`),
 * optionally fsynced, then renamed over the target. On failure the temporary file is removed.
 * @internal
 */
export async function writeFileAtomically(path: string, content: string, options: { mode?: number; sync?: boolean } = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}.tmp`,
  );
  try {
    const handle = await open(temp, "wx", mode);
    try {
      await handle.writeFile(content, "utf8");
      if (options.sync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Read-modify-write of a small file that is safe against concurrent writers and crashes:
 * an exclusive lock file (`<file>.lock`, stale after `staleMs` or when its holder is gone)
 * serialises writers, and the new content replaces the file atomically (mode 0600, fsynced).
 * When `path` is a symbolic link (a dotfiles setup), the link is followed to its final target,
 * which is the file locked, read and replaced (temporary file in the target's directory): the link
 * itself stays a link.
 * @internal
 */
export async function updateFileAtomically(
  linkOrFile: string,
  edit: (current: string) => string,
  options: { mode?: number; lockTimeoutMs?: number; staleMs?: number } = {},
): Promise<void> {
  const path = await followLinks(linkOrFile);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const lock = await acquireLock(`${path}.lock`, options.lockTimeoutMs ?? 10_000, options.staleMs ?? 30_000);
  try {
    let current = "";
    try {
      current = await readFile(path, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
    await writeFileAtomically(path, edit(current), { mode: options.mode ?? 0o600 });
  } finally {
    await lock.release();
  }
}

/**
 * The file `path` names once every symbolic link in its last component is followed (directories
 * on the way are the OS's to resolve). A link to a file that does not exist yet names that file.
 * @internal
 */
export async function followLinks(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(current)).isSymbolicLink();
    } catch (error) {
      if ((error as { code?: string }).code === "ENOENT") return current;
      throw error;
    }
    if (!isLink) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`too many levels of symbolic links from ${path}`), { code: "ELOOP" });
}
