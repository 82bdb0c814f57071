import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { decodeCacheEntry, encodeCacheEntry } from "../../../src/cli/credentialCache/cacheEntry";
import { type CacheLocation, cacheLocation } from "../../../src/cli/credentialCache/cacheLookup";
import { type FetchThroughCacheOptions, fetchThroughCache } from "../../../src/cli/credentialCache/fetchThroughCache";
import type { CliCredentials } from "../../../src/cli/session";

const KEY = "c".repeat(64);
const MARGIN_MS = 900_000;
const dirs: string[] = [];
let location: CacheLocation;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), "ra-ftc-"));
  dirs.push(dir);
  location = cacheLocation(dir, KEY);
});
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const credentials = (id: string, validMs = 3_600_000): CliCredentials =>
  Object.freeze({
    accessKeyId: `ASIA${id.padEnd(16, "0")}`,
    secretAccessKey: "secretSECRETsecretSECRETsecret0123456789",
    sessionToken: "tokenTOKENtoken+/=",
    expiration: new Date(Math.floor((Date.now() + validMs) / 1000) * 1000),
  });

/** Options with a fetch that counts its calls, and logs collected per level. */
const setup = (overrides: Partial<FetchThroughCacheOptions> = {}) => {
  const calls = { fetch: 0 };
  const logs = { debug: [] as string[], warn: [] as string[] };
  const options: FetchThroughCacheOptions = {
    location,
    minRemainingMs: MARGIN_MS,
    lockStaleMs: 30_000,
    waitLimitMs: 90_000,
    pollMs: 5,
    fetch: async () => {
      calls.fetch++;
      return credentials("FETCHED");
    },
    log: { debug: (m) => logs.debug.push(m), warn: (m) => logs.warn.push(m) },
    ...overrides,
  };
  return { options, calls, logs };
};

const holdLock = (pid: number, createdAtMs = Date.now()) =>
  writeFile(location.lockPath, `${pid}\n${hostname()}\n${createdAtMs}\nother-token\n`);
const deadPid = (): number => spawnSync(process.execPath, ["-e", "0"]).pid!;
const storedEntry = async () => decodeCacheEntry(await readFile(location.entryPath, "utf8"), KEY, Date.now());

describe("fetchThroughCache", () => {
  it("fetches once, stores the result (mode 0600) and releases the lock", async () => {
    const { options, calls } = setup();
    const result = await fetchThroughCache(options);
    expect(result.accessKeyId).toBe("ASIAFETCHED000000000");
    expect(calls.fetch).toBe(1);
    expect(await storedEntry()).toEqual({ credentials: result });
    expect((await stat(location.entryPath)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(location.entryPath, ".."))).toEqual([`${KEY}.json`]);
  });

  it("waits for the process holding the lock and serves its result without fetching", async () => {
    await holdLock(process.pid);
    const { options, calls } = setup();
    const waiting = fetchThroughCache(options);
    await new Promise((r) => setTimeout(r, 50));
    await writeFile(location.entryPath, encodeCacheEntry(KEY, credentials("WRITTENBYOTHER")), { mode: 0o600 });
    await rm(location.lockPath);
    expect((await waiting).accessKeyId).toBe("ASIAWRITTENBYOTHER00");
    expect(calls.fetch).toBe(0);
  });

  it("takes over when the holder released the lock without a result (its fetch failed)", async () => {
    await holdLock(process.pid);
    const { options, calls } = setup();
    const waiting = fetchThroughCache(options);
    await new Promise((r) => setTimeout(r, 30));
    await rm(location.lockPath);
    expect((await waiting).accessKeyId).toBe("ASIAFETCHED000000000");
    expect(calls.fetch).toBe(1);
  });

  it("breaks the lock of a holder that is gone", async () => {
    const pid = deadPid();
    await holdLock(pid);
    const { options, calls, logs } = setup();
    expect((await fetchThroughCache(options)).accessKeyId).toBe("ASIAFETCHED000000000");
    expect(calls.fetch).toBe(1);
    expect(logs.debug.join("\n")).toContain(`breaking the cache lock: its holder (pid ${pid}) is gone`);
    await expect(stat(location.lockPath)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("breaks a lock whose live holder has shown no sign of life (no heartbeat) for longer than the limit", async () => {
    await holdLock(process.pid, Date.now() - 60_000);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(location.lockPath, longAgo, longAgo);
    const { options, calls, logs } = setup();
    await fetchThroughCache(options);
    expect(calls.fetch).toBe(1);
    expect(logs.debug.join("\n")).toMatch(/breaking the cache lock: its holder has shown no sign of life for 6\d s \(limit 30 s\)/);
  });

  it("fetches on its own (with a warning) after waiting the limit for a live holder whose lock is not stale", async () => {
    await holdLock(process.pid);
    const { options, calls, logs } = setup({ waitLimitMs: 200 });
    const started = Date.now();
    expect((await fetchThroughCache(options)).accessKeyId).toBe("ASIAFETCHED000000000");
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(calls.fetch).toBe(1);
    expect(logs.warn).toEqual([
      expect.stringMatching(/waited 0.2 s for another process \(pid \d+\) fetching the same credentials; fetching them without it/),
    ]);
    // The live holder's lock is left alone; the result is stored for the next process.
    expect((await readFile(location.lockPath, "utf8")).split("\n")[0]).toBe(String(process.pid));
    expect(await storedEntry()).toMatchObject({ credentials: { accessKeyId: "ASIAFETCHED000000000" } });
  });

  it("stores nothing when the fetch fails, releases the lock, and passes the error on", async () => {
    const { options } = setup({
      fetch: async () => {
        throw Object.assign(new Error("AccessDeniedException: no"), { code: "ERR_ACCESS_DENIED" });
      },
    });
    await expect(fetchThroughCache(options)).rejects.toThrow(/AccessDenied/);
    expect(await readdir(join(location.entryPath, ".."))).toEqual([]);
  });

  it("does not store credentials that would never be served (less left than the margin)", async () => {
    const { options, logs } = setup({ fetch: async () => credentials("SHORT", 600_000) });
    expect((await fetchThroughCache(options)).accessKeyId).toBe("ASIASHORT00000000000");
    await expect(stat(location.entryPath)).rejects.toMatchObject({ code: "ENOENT" });
    expect(logs.debug.join("\n")).toMatch(/not caching credentials with \d+ s left/);
  });

  it("serves an entry another process stored between the miss and taking the lock", async () => {
    await writeFile(location.entryPath, encodeCacheEntry(KEY, credentials("RACEWINNER")), { mode: 0o600 });
    const { options, calls } = setup();
    expect((await fetchThroughCache(options)).accessKeyId).toBe("ASIARACEWINNER000000");
    expect(calls.fetch).toBe(0);
  });
});
