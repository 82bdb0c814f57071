import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breakLock, parseLock, processIsAlive, readLock, staleReason, tryLock } from "../../src/cli/lockFile";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ra-lock-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (and been reaped). */
const deadPid = (): number => spawnSync(process.execPath, ["-e", "0"]).pid!;

describe("lock files", () => {
  it("admit one holder at a time, and only the holder's release removes the lock", async () => {
    const path = join(dir, "one.lock");
    const first = await tryLock(path);
    expect(first).toBeDefined();
    expect(await tryLock(path)).toBeUndefined();
    expect(await readLock(path)).toMatchObject({ pid: process.pid, host: hostname(), token: expect.any(String) });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await first!.release();
    expect(await readLock(path)).toBeUndefined();
    const second = await tryLock(path);
    await first!.release(); // the old holder's late release leaves the new lock alone
    expect(await readLock(path)).toBeDefined();
    await second!.release();
  });

  it("read an old-style lock holding only a pid, timed by the file", () => {
    expect(parseLock("4242\n", 1000)).toEqual({ pid: 4242, createdAtMs: 1000, touchedAtMs: 1000 });
    expect(parseLock("", 1000)).toEqual({ createdAtMs: 1000, touchedAtMs: 1000 });
    expect(parseLock("4242\nhost\n5000\ntok\n", 9000)).toEqual({
      pid: 4242,
      host: "host",
      createdAtMs: 5000,
      token: "tok",
      touchedAtMs: 9000,
    });
  });

  it("carry a heartbeat: the holder touches the file until it releases it", async () => {
    const path = join(dir, "heartbeat.lock");
    const held = await tryLock(path, Date.now(), 20);
    const before = (await readLock(path))!.touchedAtMs!;
    await new Promise((r) => setTimeout(r, 120));
    expect((await readLock(path))!.touchedAtMs!).toBeGreaterThan(before);
    await held!.release();
    expect(await readLock(path)).toBeUndefined();
  });

  it("are stale when the holder is gone or the lock is too old, not while a live holder is within the limit", () => {
    const lock = { pid: 4242, host: "here", createdAtMs: 10_000 };
    const alive = () => true;
    const gone = () => false;
    expect(staleReason(lock, { nowMs: 20_000, staleMs: 30_000, host: "here", isAlive: alive })).toBeUndefined();
    expect(staleReason(lock, { nowMs: 20_000, staleMs: 30_000, host: "here", isAlive: gone })).toMatch(/pid 4242\) is gone/);
    expect(staleReason(lock, { nowMs: 50_000, staleMs: 30_000, host: "here", isAlive: alive })).toMatch(/no sign of life for 40 s/);
    // A recent heartbeat keeps an old lock alive.
    expect(staleReason({ ...lock, touchedAtMs: 45_000 }, { nowMs: 50_000, staleMs: 30_000, host: "here", isAlive: alive })).toBeUndefined();
    // Another host's pid means nothing here: only its age counts.
    expect(staleReason(lock, { nowMs: 20_000, staleMs: 30_000, host: "elsewhere", isAlive: gone })).toBeUndefined();
  });

  it("know a live process from one that has exited", () => {
    expect(processIsAlive(process.pid)).toBe(true);
    expect(processIsAlive(deadPid())).toBe(false);
  });

  it("are broken only if the lock on disk is still the stale one", async () => {
    const path = join(dir, "break.lock");
    await writeFile(path, `${deadPid()}\n${hostname()}\n${Date.now()}\nold-token\n`);
    const stale = (await readLock(path))!;
    // Another process broke it first and took a fresh lock: breaking by the old description keeps the new one.
    await breakLock(path, stale);
    const fresh = await tryLock(path);
    await breakLock(path, stale);
    expect(await readLock(path)).toMatchObject({ pid: process.pid });
    await fresh!.release();
    // Nothing left aside.
    expect((await readdir(dir)).filter((n) => n.startsWith("break.lock"))).toEqual([]);
  });

  it("are put back when the holder showed a sign of life after they were judged stale", async () => {
    const path = join(dir, "revived.lock");
    await writeFile(path, `${process.pid}\n${hostname()}\n${Date.now() - 60_000}\ntoken\n`);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(path, longAgo, longAgo);
    const judged = (await readLock(path))!;
    const now = new Date();
    await utimes(path, now, now); // the holder's heartbeat, just after the judgement
    await breakLock(path, judged);
    expect(await readLock(path)).toMatchObject({ token: "token" });
    expect((await readdir(dir)).filter((n) => n.startsWith("revived.lock."))).toEqual([]);
  });

  it("leave no trace when the lock vanished before it could be broken", async () => {
    await expect(breakLock(join(dir, "absent.lock"), { createdAtMs: 0 })).resolves.toBeUndefined();
    await expect(readFile(join(dir, "absent.lock"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
