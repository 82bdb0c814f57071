/** Security (availability): serve answers with valid cached credentials and never waits for a refresh. */
import { describe, expect, it } from "vitest";
import { serveWhileValid } from "../../src/cli/serve/serveWhileValid";

const NOW = Date.UTC(2030, 0, 1);
const creds = (id: string, secondsLeft: number) => ({ accessKeyId: id, expiration: new Date(NOW + secondsLeft * 1000) });
/** Resolves with "blocked" on the next macrotask: anything that waits on I/O or a timer loses the race. */
const orBlocked = <T>(promise: Promise<T>) => Promise.race([promise, new Promise<"blocked">((r) => setImmediate(() => r("blocked")))]);

describe("serveWhileValid", () => {
  it("serves still-valid credentials at once while a refresh never resolves, with one background call", async () => {
    let calls = 0;
    const load = () => (++calls === 1 ? Promise.resolve(creds("FIRST", 30)) : new Promise<never>(() => undefined));
    const get = serveWhileValid(load, { now: () => NOW });
    expect((await get()).accessKeyId).toBe("FIRST");
    for (let i = 0; i < 50; i++) expect(await orBlocked(get())).toMatchObject({ accessKeyId: "FIRST" });
    expect(calls).toBe(2); // the hung refresh is not started again for every request
  });

  it("takes fresh credentials once a background call brings them", async () => {
    let calls = 0;
    const load = async () => creds(++calls === 1 ? "FIRST" : "SECOND", 3600);
    const get = serveWhileValid(load, { now: () => NOW });
    expect((await get()).accessKeyId).toBe("FIRST");
    expect((await get()).accessKeyId).toBe("FIRST"); // answered before the background call ends
    expect((await get()).accessKeyId).toBe("SECOND");
  });

  it("reports a background failure and keeps serving; waits only when nothing valid is left", async () => {
    let now = NOW;
    let calls = 0;
    const errors: unknown[] = [];
    const load = async () => {
      if (++calls === 1) return creds("FIRST", 30);
      throw new Error("refresh failed");
    };
    const get = serveWhileValid(load, { now: () => now, onError: (e) => errors.push(e) });
    await get();
    expect((await get()).accessKeyId).toBe("FIRST");
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(1);
    now = NOW + 31_000; // expired: the next request waits for load and sees its failure
    await expect(get()).rejects.toThrow("refresh failed");
  });
});
