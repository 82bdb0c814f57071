import { hostname } from "node:os";
import { link, open, readFile, rename, stat, unlink, utimes } from "node:fs/promises";

/**
 * Cross-process lock files: created with `O_EXCL` (one process wins), holding the holder's pid,
 * host, creation time and a random token, one per line. While it holds the lock, the holder
 * touches the file every few seconds (its modification time is a heartbeat). A lock is stale when
 * its holder is gone (same host, `kill(pid, 0)` says ESRCH) or its last sign of life (creation or
 * heartbeat) is older than the caller's limit; a stale lock is broken by moving it aside and
 * checking that what moved is the lock judged stale, so two processes breaking the same lock
 * cannot remove a fresh one taken in between.
 * @internal
 */

/** What a lock file says about its holder. Fields a writer has not written yet are absent. @internal */
export interface LockInfo {
  readonly pid?: number;
  readonly host?: string;
  readonly createdAtMs: number;
  readonly token?: string;
  /** The file's modification time: the holder's last heartbeat. */
  readonly touchedAtMs?: number;
}

/** How often a holder touches its lock file. @internal */
export const HEARTBEAT_MS = 5_000;

/** A lock this process holds. @internal */
export interface HeldLock {
  readonly path: string;
  /** Removes the lock if it is still this process's (a lock broken as stale is left to its new holder). */
  release(): Promise<void>;
}

const code = (error: unknown): string | undefined => (error as { code?: string } | undefined)?.code;

const newToken = (): string => `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** Parses lock file text (`pid`, `host`, `time`, `token` lines; an old-style file holds only the pid). @internal */
export function parseLock(text: string, mtimeMs: number): LockInfo {
  const [pidText, host, timeText, token] = text.split("\n").map((line) => line.trim());
  const pid = /^\d{1,10}$/.test(pidText ?? "") ? Number(pidText) : undefined;
  const time = /^\d{1,16}$/.test(timeText ?? "") ? Number(timeText) : undefined;
  return {
    ...(pid === undefined || pid <= 0 ? {} : { pid }),
    ...(host ? { host } : {}),
    createdAtMs: time ?? mtimeMs,
    ...(token ? { token } : {}),
    touchedAtMs: mtimeMs,
  };
}

/**
 * Creates the lock if nobody holds it, and keeps touching it every `heartbeatMs` until released;
 * `undefined` when it exists already. Other errors are thrown.
 * @internal
 */
export async function tryLock(path: string, nowMs: number = Date.now(), heartbeatMs: number = HEARTBEAT_MS): Promise<HeldLock | undefined> {
  const token = newToken();
  let handle;
  try {
    handle = await open(path, "wx", 0o600);
  } catch (error) {
    if (code(error) === "EEXIST") return undefined;
    throw error;
  }
  try {
    await handle.writeFile(`${process.pid}\n${hostname()}\n${nowMs}\n${token}\n`);
  } finally {
    await handle.close();
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, heartbeatMs);
  heartbeat.unref();
  return {
    path,
    release: async () => {
      clearInterval(heartbeat);
      const current = await readLock(path).catch(() => undefined);
      if (current?.token === token) await unlink(path).catch(() => undefined);
    },
  };
}

/** The lock's content, or `undefined` when there is no lock. @internal */
export async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    return parseLock(text, info.mtimeMs);
  } catch (error) {
    if (code(error) === "ENOENT") return undefined;
    throw error;
  }
}

/** False only when no process `pid` exists on this host (ESRCH); a process of another user counts as alive. @internal */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) !== "ESRCH";
  }
}

/**
 * Why `lock` is stale, or `undefined` while it is live. The pid is checked only for locks taken
 * on this host (a shared directory may hold locks of other hosts, whose pids mean nothing here).
 * @internal
 */
export function staleReason(
  lock: LockInfo,
  options: { nowMs: number; staleMs: number; host?: string; isAlive?: (pid: number) => boolean },
): string | undefined {
  const local = lock.host === undefined || lock.host === (options.host ?? hostname());
  if (local && lock.pid !== undefined && !(options.isAlive ?? processIsAlive)(lock.pid)) return `its holder (pid ${lock.pid}) is gone`;
  const silence = options.nowMs - Math.max(lock.createdAtMs, lock.touchedAtMs ?? 0);
  if (silence > options.staleMs) {
    return `its holder has shown no sign of life for ${Math.round(silence / 1000)} s (limit ${Math.round(options.staleMs / 1000)} s)`;
  }
  return undefined;
}

const sameLock = (a: LockInfo, b: LockInfo): boolean =>
  a.token !== undefined || b.token !== undefined ? a.token === b.token : a.pid === b.pid && a.createdAtMs === b.createdAtMs;

/**
 * Removes the lock at `path` if it is still the one described by `stale`. The lock is first
 * renamed aside (atomic); if what moved is another, newer lock, it is put back.
 * @internal
 */
export async function breakLock(path: string, stale: LockInfo): Promise<void> {
  const aside = `${path}.${newToken()}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (code(error) === "ENOENT") return; // someone else broke or released it
    throw error;
  }
  const moved = await readLock(aside).catch(() => undefined);
  // Another lock, or the same one after a heartbeat (its holder lives): put it back.
  const alive = moved !== undefined && (!sameLock(moved, stale) || (moved.touchedAtMs ?? 0) > (stale.touchedAtMs ?? 0));
  if (alive) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/**
 * Waits until the lock can be taken: breaks it when stale (`staleMs`), else polls; throws
 * `ELOCKED` after `timeoutMs`.
 * @internal
 */
export async function acquireLock(path: string, timeoutMs: number, staleMs: number): Promise<HeldLock> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const held = await tryLock(path);
    if (held) return held;
    const current = await readLock(path);
    if (current === undefined) continue; // released between our attempt and the read
    if (staleReason(current, { nowMs: Date.now(), staleMs }) !== undefined) {
      await breakLock(path, current);
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw Object.assign(
        new Error(`the lock file ${path} is held by another process; if no other "roles-anywhere" is running, delete it`),
        {
          code: "ELOCKED",
        },
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(10 + attempt * 10, 100)));
  }
}
