import { randomBytes } from "node:crypto";
import { chmod, lstat, mkdir, open, readFile, readlink, rename, rm, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Read-modify-write of a small file that is safe against concurrent writers and crashes:
 * an exclusive lock file (`<file>.lock`, stale after `staleMs`) serialises writers, and the new
 * content is written to a temporary file in the same directory (mode 0600), fsynced and renamed
 * over the target, so readers only ever see a complete old or new file. When `path` is a symbolic
 * link (a dotfiles setup), the link is followed to its final target, which is the file locked,
 * read and replaced (temporary file in the target's directory): the link itself stays a link.
 * @internal
 */
export async function updateFileAtomically(
  linkOrFile: string,
  edit: (current: string) => string,
  options: { mode?: number; lockTimeoutMs?: number; staleMs?: number } = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const path = await followLinks(linkOrFile);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const release = await acquireLock(`${path}.lock`, options.lockTimeoutMs ?? 10_000, options.staleMs ?? 30_000);
  try {
    let current = "";
    try {
      current = await readFile(path, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
    const next = edit(current);
    const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    const handle = await open(temp, "wx", mode);
    try {
      await handle.writeFile(next, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await chmod(temp, mode);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  } finally {
    await release();
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

async function acquireLock(lockPath: string, timeoutMs: number, staleMs: number): Promise<() => Promise<void>> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, "wx", 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(lockPath).catch(() => undefined);
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
    try {
      const info = await stat(lockPath);
      if (Date.now() - info.mtimeMs > staleMs || !(await holderAlive(lockPath))) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
    } catch {
      continue; // released between our open and stat
    }
    if (Date.now() - started > timeoutMs) {
      throw Object.assign(
        new Error(`the lock file ${lockPath} is held by another process; if no other "roles-anywhere update" is running, delete it`),
        { code: "ELOCKED" },
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(10 + attempt * 10, 100)));
  }
}

/** False when the lock names a process id that no longer exists on this host (it crashed). */
async function holderAlive(lockPath: string): Promise<boolean> {
  const pid = Number((await readFile(lockPath, "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 0) return true; // being written, or foreign: rely on staleMs
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== "ESRCH";
  }
}
