import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeDirectories } from "../../../src/cli/credentialCache/cacheFiles";

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "ra-mkdirs-"));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("makeDirectories", () => {
  it("creates the missing levels, each 0700, and leaves existing ones alone", () => {
    mkdirSync(join(scratch, "a"), { mode: 0o755 });
    makeDirectories(join(scratch, "a", "b", "c"));
    expect(statSync(join(scratch, "a", "b", "c")).isDirectory()).toBe(true);
    if (process.getuid) {
      expect(statSync(join(scratch, "a", "b")).mode & 0o777).toBe(0o700);
      expect(statSync(join(scratch, "a", "b", "c")).mode & 0o777).toBe(0o700);
      expect(statSync(join(scratch, "a")).mode & 0o777).toBe(0o755);
    }
    expect(() => makeDirectories(join(scratch, "a", "b", "c"))).not.toThrow();
  });

  it.skipIf(!existsSync("/proc/self"))("under /proc/self it fails at once (Node's recursive mkdir loops forever there)", () => {
    expect(() => makeDirectories("/proc/self/.aws/roles-anywhere/cache")).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^E/) }),
    );
  });

  it("a file where a directory belongs is an error, not a loop", () => {
    makeDirectories(join(scratch, "x"));
    const file = join(scratch, "x", "file");
    writeFileSync(file, "");
    expect(() => makeDirectories(join(file, "below"))).toThrow(expect.objectContaining({ code: "ENOTDIR" }));
  });
});
