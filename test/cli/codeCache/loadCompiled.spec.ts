import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Script } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { codeCacheEntry, codeCacheEntryName } from "../../../src/cli/codeCache/codeCacheNames";
import { loadCompiled } from "../../../src/cli/codeCache/loadCompiled";

let scratch: string;
let tmp: string;
let file: string;
/** The cache writes registered by the last loads (run them to simulate the process exiting). */
let pending: Array<() => void>;

const load = (env: Record<string, string | undefined> = {}, variant = "test") =>
  loadCompiled(file, { variant, env, tmp, require: createRequire(file), atExit: (save) => pending.push(save) }) as Record<
    string,
    unknown
  > & { tag?: string };
const exitNow = () => {
  for (const save of pending.splice(0)) save();
};
const cacheDir = () => join(tmp, `roles-anywhere-v8-${process.getuid?.() ?? "user"}`);
const entries = () => readdirSync(cacheDir()).filter((name) => name.endsWith(".v8"));
/** The variants of the entries there (`<hash>-<variant>.<engine>.v8`), sorted. */
const variants = () =>
  entries()
    .map((name) => name.slice(name.indexOf("-") + 1, name.indexOf(".")))
    .sort();

const MODULE = [
  "#!/usr/bin/env node",
  'const { sep } = require("node:path");',
  'const sibling = require("./sibling.cjs");',
  "exports.sum = (a, b) => a + b;",
  "exports.where = { file: __filename, dir: __dirname, sep, sibling, self: module.exports === exports };",
  'exports.fail = () => { throw new Error("line 6"); };',
].join("\n");

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "ra-code-cache-"));
  tmp = join(scratch, "tmp");
  mkdirSync(tmp);
  file = join(scratch, "module.cjs");
  writeFileSync(file, MODULE);
  writeFileSync(join(scratch, "sibling.cjs"), "module.exports = 'sibling';");
  pending = [];
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("loadCompiled", () => {
  it("runs a CommonJS file as Node's loader would: its exports, require (relative and builtin), __filename, __dirname, shebang, line numbers", () => {
    const m = load();
    expect((m.sum as (a: number, b: number) => number)(2, 3)).toBe(5);
    expect(m.where).toEqual({ file, dir: scratch, sep: "/", sibling: "sibling", self: true });
    let stack = "";
    try {
      (m.fail as () => void)();
    } catch (error) {
      stack = (error as Error).stack ?? "";
    }
    expect(stack).toContain(`${file}:6:`);
  });

  it("writes the entry when the program is done (0600 in a 0700 directory), and a second load uses it without writing again", () => {
    load();
    expect(pending).toHaveLength(1);
    exitNow();
    expect(entries()).toHaveLength(1);
    if (process.getuid) {
      expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
      expect(statSync(join(cacheDir(), entries()[0]!)).mode & 0o777).toBe(0o600);
    }
    const again = load();
    expect((again.sum as (a: number, b: number) => number)(1, 1)).toBe(2);
    expect(pending).toHaveLength(0);
  });

  it("an entry V8 rejects (garbage) is replaced, and the file still runs", () => {
    // A file this process has not compiled yet (V8 reuses a script it compiled before without reading the cache).
    file = join(scratch, "fresh.cjs");
    writeFileSync(file, `${MODULE}\n// fresh`);
    mkdirSync(cacheDir(), { mode: 0o700 });
    const name = codeCacheEntryName(file, "test", { version: process.version, arch: process.arch });
    // The right header and source, then garbage where V8's data belongs.
    writeFileSync(join(cacheDir(), name), codeCacheEntry(readFileSync(file), Buffer.from("not a code cache, not even close")));
    const m = load();
    expect((m.sum as (a: number, b: number) => number)(4, 4)).toBe(8);
    expect(pending).toHaveLength(1);
    exitNow();
    expect(entries()).toEqual([name]);
    expect(statSync(join(cacheDir(), name)).size).toBeGreaterThan(100);
  });

  it("a new version of the file (same length, same modification time) does not use the old entry, and replaces it", () => {
    load();
    exitNow();
    const [name] = entries();
    const before = statSync(file);
    writeFileSync(file, MODULE.replace("a + b", "b + a"));
    utimesSync(file, before.atime, before.mtime);
    const m = load();
    expect((m.sum as (a: number, b: number) => number)(2, 5)).toBe(7);
    expect(pending).toHaveLength(1);
    exitNow();
    expect(entries()).toEqual([name]);
    expect(readFileSync(join(cacheDir(), name!)).includes(Buffer.from("b + a"))).toBe(true);
  });

  it("each variant keeps its own entry", () => {
    load({}, "one");
    load({}, "two");
    exitNow();
    expect(variants()).toEqual(["one", "two"]);
  });

  it("writing the entry of a variant keeps the entries of the variants whose names start the same (serve, serve-help)", () => {
    load({}, "serve-help");
    exitNow();
    load({}, "serve");
    exitNow();
    expect(variants()).toEqual(["serve", "serve-help"]);
  });

  it("entries of other engines are kept (a user switching Nodes keeps both) until they are 30 days old", () => {
    mkdirSync(cacheDir(), { mode: 0o700 });
    const recent = codeCacheEntryName(file, "test", { version: "v99.0.0", arch: process.arch });
    const old = codeCacheEntryName(file, "test", { version: "v98.0.0", arch: process.arch });
    writeFileSync(join(cacheDir(), recent), "x", { mode: 0o600 });
    writeFileSync(join(cacheDir(), old), "x", { mode: 0o600 });
    const monthAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    utimesSync(join(cacheDir(), old), monthAgo, monthAgo);
    load();
    exitNow();
    expect(entries()).toHaveLength(2);
    expect(entries()).toContain(recent);
    expect(entries()).not.toContain(old);
  });

  it("a same-length new version written over the same inode with the same modification time (cp -p, tar) runs the new code", () => {
    // Unique text: V8's in-process compilation cache must not answer instead of the entry.
    const nonce = `${process.pid}${Date.now()}`;
    file = join(scratch, "release.cjs");
    const tarballTime = new Date("1985-10-26T08:15:00Z");
    writeFileSync(file, `exports.tag = "release-1"; // ${nonce}\n`);
    utimesSync(file, tarballTime, tarballTime);
    expect(load().tag).toBe("release-1");
    exitNow();
    const { ino } = statSync(file);
    writeFileSync(file, `exports.tag = "release-2"; // ${nonce}\n`);
    utimesSync(file, tarballTime, tarballTime);
    expect(statSync(file).ino).toBe(ino);
    expect(load().tag).toBe("release-2");
  });

  it.skipIf(!process.getuid)(
    "an entry that is a symbolic link, or open to others, is never read (even a valid entry of another program)",
    () => {
      const nonce = `${process.pid}${Date.now()}`;
      file = join(scratch, "genuine.cjs");
      const source = `exports.tag = "genuine"; // ${nonce}\n`;
      const planted = `exports.tag = "planted"; // ${nonce}\n`;
      writeFileSync(file, source);
      // V8 data of another program of the same length, wrapped as a valid entry for this source.
      const forged = new Script(`(function (exports, require, module, __filename, __dirname) {\n${planted}\n})`, {
        filename: file,
        lineOffset: -1,
      }).createCachedData();
      const entry = codeCacheEntry(Buffer.from(source), forged);
      mkdirSync(cacheDir(), { mode: 0o700 });
      const name = codeCacheEntryName(file, "test", { version: process.version, arch: process.arch });
      writeFileSync(join(scratch, "elsewhere.v8"), entry, { mode: 0o600 });
      symlinkSync(join(scratch, "elsewhere.v8"), join(cacheDir(), name));
      expect(load().tag).toBe("genuine");
      expect(pending).toHaveLength(1);
      pending = [];
      // A regular file of the right name, but open to group and others: someone else could have written it.
      file = join(scratch, "genuine-2.cjs");
      writeFileSync(file, source);
      const name2 = codeCacheEntryName(file, "test", { version: process.version, arch: process.arch });
      writeFileSync(join(cacheDir(), name2), entry, { mode: 0o644 });
      chmodSync(join(cacheDir(), name2), 0o644);
      expect(load().tag).toBe("genuine");
    },
  );

  it("NODE_DISABLE_COMPILE_CACHE: nothing is read or written", () => {
    load({ NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(pending).toHaveLength(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("NODE_COMPILE_CACHE names the directory the cache lives in", () => {
    const chosen = join(scratch, "chosen");
    load({ NODE_COMPILE_CACHE: chosen });
    exitNow();
    expect(readdirSync(chosen)).toEqual([`roles-anywhere-v8-${process.getuid?.() ?? "user"}`]);
  });

  it.skipIf(!process.getuid)("a directory open to group or others, or a symbolic link, is not used (the file still runs)", () => {
    mkdirSync(cacheDir(), { mode: 0o700 });
    chmodSync(cacheDir(), 0o777);
    // Planted by someone who could write there: never read.
    writeFileSync(join(cacheDir(), "planted.v8"), "x");
    expect((load().sum as (a: number, b: number) => number)(1, 2)).toBe(3);
    expect(pending).toHaveLength(0);
    expect(readdirSync(cacheDir())).toEqual(["planted.v8"]);

    const real = join(scratch, "real");
    mkdirSync(real, { mode: 0o700 });
    mkdirSync(join(scratch, "tmp2"));
    symlinkSync(real, join(scratch, "tmp2", `roles-anywhere-v8-${process.getuid!()}`));
    expect(lstatSync(join(scratch, "tmp2", `roles-anywhere-v8-${process.getuid!()}`)).isSymbolicLink()).toBe(true);
    loadCompiled(file, {
      variant: "x",
      env: {},
      tmp: join(scratch, "tmp2"),
      require: createRequire(file),
      atExit: (save) => pending.push(save),
    });
    expect(pending).toHaveLength(0);
    expect(readdirSync(real)).toEqual([]);
  });

  it("a cache directory that cannot be created changes nothing but the speed", () => {
    const m = loadCompiled(file, {
      variant: "x",
      env: {},
      tmp: join(scratch, "missing", "\0bad"),
      require: createRequire(file),
      atExit: (save) => pending.push(save),
    });
    expect((m as { sum: (a: number, b: number) => number }).sum(3, 3)).toBe(6);
    expect(pending).toHaveLength(0);
  });
});
