/**
 * `credential-process --cache` in-process: hits, misses, the expiry margin, unsafe or corrupt
 * files, certificate rotation, failures (never cached), `cache clear`, and where the cache lives.
 * The concurrency of real processes is tested in cacheProcesses.spec.ts.
 */
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeCacheEntry, encodeCacheEntry } from "../../../src/cli/credentialCache/cacheEntry";
import { permissionProblem } from "../../../src/cli/credentialCache/cacheFiles";
import { issueTestCertificate } from "../../support/pki";
import {
  SECRET_ACCESS_KEY,
  SESSION_TOKEN,
  hasNoSecrets,
  runCli,
  runCliAsBin,
  sessionArgs,
  startCreateSessionStub,
  useIdentityAndStub,
} from "../../support/cli";

const fixture = useIdentityAndStub();
let scratch: string;
let dir: string;
let n = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "ra-cache-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  dir = join(scratch, `cache-${++n}`);
});

const args = (extra: string[] = []) => [
  "credential-process",
  ...sessionArgs(fixture.ids, fixture.stub.url),
  "--cache",
  "--cache-dir",
  dir,
  ...extra,
];
const requests = () => fixture.stub.requests.length;
const accessKeyOf = (stdout: string): string => JSON.parse(stdout).AccessKeyId;
const entries = async (where = dir) => (await readdir(where)).filter((name) => name.endsWith(".json"));
const mode = async (path: string) => (await stat(path)).mode & 0o777;

/** Runs once to create the entry and returns its path and key. */
const primed = async (extra: string[] = []) => {
  const r = await runCliAsBin(args(extra));
  expect(r.code).toBe(0);
  const [name] = await entries();
  return { path: join(dir, name!), key: name!.slice(0, 64), first: r };
};

/** Rewrites the entry at `path` to expire `seconds` from now, with access key `id`. */
const rewrite = (path: string, key: string, seconds: number, id = "ASIAREWRITTENENTRY01") =>
  writeFile(
    path,
    encodeCacheEntry(key, {
      accessKeyId: id,
      secretAccessKey: SECRET_ACCESS_KEY,
      sessionToken: SESSION_TOKEN,
      expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000),
    }),
    { mode: 0o600 },
  );

describe("credential-process --cache", () => {
  it("misses once (one CreateSession, entry 0600 in a new 0700 directory), then serves the same JSON without a request", async () => {
    const before = requests();
    const { path, first } = await primed();
    expect(requests()).toBe(before + 1);
    expect(first.stderr).toBe("");
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(path)).toBe(0o600);
    const second = await runCliAsBin(args());
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: "", fastPath: true });
    expect(requests()).toBe(before + 1);
    // The file holds the credentials and the key, never key material.
    const text = await readFile(path, "utf8");
    expect(text).not.toMatch(/PRIVATE KEY/);
    expect(text).not.toContain(fixture.ids.leaf.key.privateKeyPem.split("\n")[1]!);
  });

  it("serves an entry only while more than 15 minutes remain (or --cache-min-remaining)", async () => {
    const { path, key } = await primed();
    await rewrite(path, key, 16 * 60);
    let before = requests();
    const served = await runCliAsBin(args());
    expect(served).toMatchObject({ fastPath: true, stderr: "" });
    expect(accessKeyOf(served.stdout)).toBe("ASIAREWRITTENENTRY01");
    expect(requests()).toBe(before);

    await rewrite(path, key, 14 * 60);
    before = requests();
    const refreshed = await runCliAsBin(args());
    expect(refreshed.fastPath).toBe(false);
    expect(accessKeyOf(refreshed.stdout)).toMatch(/^ASIASTUBACCESSKEY/);
    expect(requests()).toBe(before + 1);
    // The fresh credentials replaced the entry.
    expect(decodeCacheEntry(await readFile(path, "utf8"), key, Date.now())).toMatchObject({
      credentials: { accessKeyId: accessKeyOf(refreshed.stdout) },
    });

    await rewrite(path, key, 16 * 60);
    before = requests();
    expect(accessKeyOf((await runCliAsBin(args(["--cache-min-remaining", "1200"]))).stdout)).toMatch(/^ASIASTUBACCESSKEY/);
    expect(requests()).toBe(before + 1);
  });

  it.each([
    ["corrupt", "{not json"],
    ["truncated", '{"format":"roles-anywhere-credential-cache/1","key":"'],
    ["empty", ""],
  ])("replaces a %s entry with a fresh one", async (_name, content) => {
    const { path, key } = await primed();
    await writeFile(path, content, { mode: 0o600 });
    const before = requests();
    const r = await runCliAsBin(args());
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(requests()).toBe(before + 1);
    expect(decodeCacheEntry(await readFile(path, "utf8"), key, Date.now())).toMatchObject({
      credentials: { accessKeyId: accessKeyOf(r.stdout) },
    });
    expect(await mode(path)).toBe(0o600);
  });

  it("does not use a directory open to group or others: a warning, a normal fetch, nothing read or written", async () => {
    const { path, key } = await primed();
    await rewrite(path, key, 3000);
    await chmod(dir, 0o755);
    const before = requests();
    const r = await runCliAsBin(args());
    expect(r.code).toBe(0);
    expect(accessKeyOf(r.stdout)).toMatch(/^ASIASTUBACCESSKEY/);
    expect(requests()).toBe(before + 1);
    expect(r.fastPath).toBe(false);
    expect(r.stderr.match(/\[warn\]/g)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^\[warn\] roles-anywhere: not using the credential cache: the directory .* is accessible by group or others \(mode 0755\); chmod 700 /,
    );
    expect(decodeCacheEntry(await readFile(path, "utf8"), key, Date.now())).toMatchObject({
      credentials: { accessKeyId: "ASIAREWRITTENENTRY01" },
    });
    expect(await readdir(dir)).toHaveLength(1);
  });

  it("does not serve an entry open to group or others, and replaces it with a 0600 one", async () => {
    const { path, key } = await primed();
    await rewrite(path, key, 3000);
    await chmod(path, 0o644);
    const before = requests();
    const r = await runCliAsBin(args());
    expect(accessKeyOf(r.stdout)).toMatch(/^ASIASTUBACCESSKEY/);
    expect(requests()).toBe(before + 1);
    expect(r.fastPath).toBe(false);
    expect(r.stderr.match(/\[warn\]/g)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^\[warn\] roles-anywhere: not using the cached credentials: the cache entry .* is accessible by group or others \(mode 0644\)/,
    );
    expect(await mode(path)).toBe(0o600);
    expect(hasNoSecrets(r.stderr)).toBe(true);
  });

  it("does not follow a symbolic link in place of an entry", async () => {
    const { path, key } = await primed();
    const elsewhere = join(scratch, `planted-${n}.json`);
    await writeFile(elsewhere, await readFile(path, "utf8"), { mode: 0o600 });
    await rewrite(elsewhere, key, 3000, "ASIAPLANTEDVIALINK01");
    await rm(path);
    await symlink(elsewhere, path);
    const r = await runCliAsBin(args());
    expect(accessKeyOf(r.stdout)).toMatch(/^ASIASTUBACCESSKEY/);
    expect(r.stderr).toMatch(/not using the cached credentials: the cache entry .* is a symbolic link/);
  });

  it("breaks a lock left by a process that died, and fetches", async () => {
    const { path, key } = await primed();
    await rewrite(path, key, 60);
    const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid!;
    await writeFile(join(dir, `${key}.lock`), `${deadPid}\n${hostname()}\n${Date.now()}\ntoken\n`);
    const before = requests();
    const r = await runCliAsBin(args(["--debug"]));
    expect(r.code).toBe(0);
    expect(requests()).toBe(before + 1);
    expect(r.stderr).toContain(`breaking the cache lock: its holder (pid ${deadPid}) is gone`);
    expect((await readdir(dir)).sort()).toEqual([`${key}.json`]);
  });

  it("judges ownership: an entry or directory of another user is not trusted", () => {
    expect(permissionProblem({ uid: 1000, mode: 0o100600 }, "cache entry", "/c/x.json", 1001)).toMatch(
      /belongs to uid 1000, not to you \(uid 1001\)/,
    );
    expect(permissionProblem({ uid: 1000, mode: 0o40700 }, "directory", "/c", 1000)).toBeUndefined();
    expect(permissionProblem({ uid: 1000, mode: 0o40770 }, "directory", "/c", 1000)).toMatch(/mode 0770/);
  });

  it("gives a renewed certificate its own entry: the old credentials are not served for it", async () => {
    const ids = fixture.ids;
    const rotatedDir = join(scratch, `rotated-${n}`);
    await mkdir(rotatedDir);
    const cert = join(rotatedDir, "cert.pem");
    const key = join(rotatedDir, "key.pem");
    await writeFile(cert, ids.leaf.certificatePem);
    await writeFile(key, ids.leaf.key.privateKeyPem, { mode: 0o600 });
    const run = () => runCliAsBin(["credential-process", ...sessionArgs({ cert, key }, fixture.stub.url), "--cache", "--cache-dir", dir]);
    const first = await run();
    expect(accessKeyOf((await run()).stdout)).toBe(accessKeyOf(first.stdout));
    const renewed = await issueTestCertificate({ issuer: ids.ca, subject: { CN: "workload-1" }, key: { type: "EC", curve: "P-256" } });
    await writeFile(cert, renewed.certificatePem);
    await writeFile(key, renewed.key.privateKeyPem, { mode: 0o600 });
    const before = requests();
    const afterRotation = await run();
    expect(afterRotation.code).toBe(0);
    expect(requests()).toBe(before + 1);
    expect(accessKeyOf(afterRotation.stdout)).not.toBe(accessKeyOf(first.stdout));
    expect(await entries()).toHaveLength(2);
  });

  it("never caches a failure: the next run asks the service again", async () => {
    const denying = await startCreateSessionStub(() => ({
      status: 403,
      body: JSON.stringify({ message: "Unable to assume role" }),
      headers: { "X-Amzn-ErrorType": "AccessDeniedException" },
    }));
    try {
      const run = () => runCliAsBin(["credential-process", ...sessionArgs(fixture.ids, denying.url), "--cache", "--cache-dir", dir]);
      expect((await run()).code).toBe(1);
      expect((await run()).code).toBe(1);
      expect(denying.requests).toHaveLength(2);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await denying.close();
    }
  });

  it("is on with ROLES_ANYWHERE_CACHE=1, in ~/.aws/roles-anywhere/cache of the (injected) home; --cache=false turns it off", async () => {
    const home = join(scratch, `home-${n}`);
    await mkdir(home);
    const env = { HOME: home, ROLES_ANYWHERE_CACHE: "1" };
    const plain = ["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url)];
    const before = requests();
    const first = await runCliAsBin(plain, { env });
    const second = await runCliAsBin(plain, { env });
    expect(second).toMatchObject({ stdout: first.stdout, fastPath: true });
    expect(requests()).toBe(before + 1);
    const cacheDir = join(home, ".aws", "roles-anywhere", "cache");
    expect(await entries(cacheDir)).toHaveLength(1);
    expect(await mode(join(home, ".aws"))).toBe(0o700);
    expect(await mode(cacheDir)).toBe(0o700);
    expect(await runCliAsBin([...plain, "--cache=false"], { env })).toMatchObject({ code: 0, fastPath: false });
    expect(requests()).toBe(before + 2);
  });

  it("warns when the session is too short for the margin", async () => {
    const r = await runCliAsBin(args(["--session-duration", "900"]));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/--cache cannot help: sessions of 900 s never have more than --cache-min-remaining \(900 s\) left/);
  });

  it.each([
    [["--cache-min-remaining", "30"], {}, /--cache-min-remaining must be a whole number of seconds from 60 to 43200 \(got "30"\)/],
    [["--cache-min-remaining", "15m"], {}, /--cache-min-remaining must be a whole number/],
    [[], { ROLES_ANYWHERE_CACHE: "yes" }, /ROLES_ANYWHERE_CACHE must be 1 \(cache on\) or 0 \(off\); got "yes"/],
  ])("refuses bad settings as usage errors (%j %j)", async (extra, env, message) => {
    const r = await runCliAsBin(
      [
        "credential-process",
        ...sessionArgs(fixture.ids, fixture.stub.url),
        ...(extra.length ? ["--cache", ...extra] : []),
        "--cache-dir",
        dir,
      ],
      { env },
    );
    expect(r).toMatchObject({ code: 2, stdout: "", fastPath: false });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("--debug traces the cache without secrets", async () => {
    await primed();
    const r = await runCliAsBin(args(["--debug"]));
    expect(r.code).toBe(0);
    expect(r.fastPath).toBe(true);
    expect(r.stderr).toMatch(/cache hit: valid until \d{4}-/);
    expect(r.stderr).toMatch(/^\[debug \+[\d.]+ms cpu [\d.]+ms\] roles-anywhere: credential-process started/);
    expect(r.stderr).toContain("credentials printed");
    expect(hasNoSecrets(r.stderr)).toBe(true);
  });
});

describe("cache clear", () => {
  it("removes the entries and leftovers, keeps other files, and reports the count", async () => {
    await primed();
    await writeFile(join(dir, "notes.txt"), "mine");
    await writeFile(join(dir, `.${"e".repeat(64)}.json.1.x.tmp`), "partial");
    await writeFile(join(dir, `${"f".repeat(64)}.json`), "{}", { mode: 0o600 });
    const r = await runCli(["cache", "clear", "--cache-dir", dir]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe(`Removed 2 cached entries from ${dir}.\n`);
    expect(await readdir(dir)).toEqual(["notes.txt"]);
    const before = requests();
    await runCliAsBin(args());
    expect(requests()).toBe(before + 1);
  });

  it("clears the default directory under HOME, and says so when there is none", async () => {
    const home = join(scratch, `clear-home-${n}`);
    expect(await runCli(["cache", "clear"], { env: { HOME: home } })).toMatchObject({
      code: 0,
      stdout: `No credential cache at ${join(home, ".aws", "roles-anywhere", "cache")}: nothing to remove.\n`,
      stderr: "",
    });
    await runCliAsBin(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--cache"], { env: { HOME: home } });
    expect((await runCli(["cache", "clear"], { env: { HOME: home } })).stdout).toMatch(/^Removed 1 cached entry from /);
  });

  it("needs a known action", async () => {
    const none = await runCli(["cache"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/"roles-anywhere cache" needs an action: use one of clear/);
    const unknown = await runCli(["cache", "purge"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown action "purge"/);
    expect((await runCli(["cache", "--help"])).stdout).toMatch(/Usage: roles-anywhere cache clear \[--cache-dir <dir>\]/);
  });
});
