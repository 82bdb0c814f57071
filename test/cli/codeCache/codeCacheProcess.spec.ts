/**
 * The built bin's V8 code cache, across real processes: the first run of a command writes an
 * entry, the next run uses it (and does not write it again), a damaged entry is replaced, and
 * NODE_DISABLE_COMPILE_CACHE turns it off.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeCacheEntry, fnv1a } from "../../../src/cli/codeCache/codeCacheNames";
import { BIN, hasBin, runProcess } from "../../support/processes";

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "ra-code-cache-procs-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const userDir = (base: string) => join(base, `roles-anywhere-v8-${process.getuid?.() ?? "user"}`);
const entriesIn = (base: string) => readdirSync(userDir(base)).sort();
const bin = (args: string[], env: Record<string, string>) => runProcess(process.execPath, [BIN, ...args], env);

describe.skipIf(!hasBin)(`the bin's code cache${hasBin ? "" : " (skipped: dist/cli.cjs missing; run npm run build)"}`, () => {
  it("the first run of a command writes its entry; the next run reads it and writes nothing", async () => {
    const base = join(scratch, "reuse");
    const env = { NODE_COMPILE_CACHE: base };
    const first = await bin(["--version"], env);
    expect(first.code).toBe(0);
    const [entry] = entriesIn(base);
    expect(entriesIn(base)).toHaveLength(1);
    expect(entry).toMatch(new RegExp(`^${fnv1a(join(BIN, "..", "cli", "bin.cjs"))}-other\\.v\\d`));
    const before = statSync(join(userDir(base), entry!));
    const second = await bin(["--version"], env);
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: "" });
    const after = statSync(join(userDir(base), entry!));
    // Not rewritten: V8 accepted the entry in a new process (a rejected one is replaced at exit).
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it("credential-process has its own file and entry", async () => {
    const base = join(scratch, "credential-process");
    const help = await bin(["credential-process", "--help"], { NODE_COMPILE_CACHE: base });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("credential-process");
    expect(entriesIn(base)).toEqual([
      expect.stringMatching(new RegExp(`^${fnv1a(join(BIN, "..", "cli", "credentialProcess.cjs"))}-credential-process-help\\.`)),
    ]);
  });

  it("a damaged entry (not an entry at all, or V8 data that is garbage) is replaced and the command runs as usual", async () => {
    const base = join(scratch, "damaged");
    const env = { NODE_COMPILE_CACHE: base };
    const clean = await bin(["--help"], env);
    const [entry] = entriesIn(base);
    const path = join(userDir(base), entry!);
    const source = readFileSync(join(BIN, "..", "cli", "bin.cjs"));
    const intact = readFileSync(path);
    // V8 checks only a header: these 8 bytes in its data made it crash (SIGSEGV, or a fatal
    // "unreachable code") before entries carried a checksum.
    const flipped = Buffer.from(intact);
    flipped.fill(0xff, 20000, 20008);
    for (const damaged of [Buffer.alloc(4096, 0x41), Buffer.from(codeCacheEntry(source, Buffer.alloc(4096, 0x41))), flipped]) {
      writeFileSync(path, damaged);
      const again = await bin(["--help"], env);
      expect(again).toMatchObject({ code: 0, stdout: clean.stdout, stderr: "" });
      expect(entriesIn(base)).toEqual([entry]);
      expect(readFileSync(path).equals(damaged)).toBe(false);
    }
  });

  it("a run that fails writes no entry (it stopped early: its entry would lack most of the command)", async () => {
    const base = join(scratch, "failed");
    const r = await bin(["credential-process", "--certificate", join(scratch, "missing.pem")], { NODE_COMPILE_CACHE: base });
    expect(r.code).toBe(2);
    expect(entriesIn(base)).toEqual([]);
  });

  it("with --enable-source-maps the files load through Node's own loader (which maps stack traces), and nothing is written", async () => {
    const base = join(scratch, "source-maps");
    const r = await runProcess(process.execPath, ["--enable-source-maps", BIN, "--version"], { NODE_COMPILE_CACHE: base });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
    // Ours only: Node ≥ 22.1 itself caches the modules it compiles under NODE_COMPILE_CACHE when that is set.
    expect(existsSync(userDir(base))).toBe(false);
  });

  it.skipIf(!existsSync("/proc/self"))(
    "a temporary directory nothing can be created in (TMPDIR=/proc/self) changes nothing but the speed",
    async () => {
      const r = await bin(["--version"], { TMPDIR: "/proc/self" });
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
    },
  );

  it("NODE_DISABLE_COMPILE_CACHE=1: nothing is written", async () => {
    const base = join(scratch, "disabled");
    const r = await bin(["--version"], { NODE_COMPILE_CACHE: base, NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(r.code).toBe(0);
    // Ours only: Node ≥ 22.1 itself caches the modules it compiles under NODE_COMPILE_CACHE when that is set.
    expect(existsSync(userDir(base))).toBe(false);
  });
});
