import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getRolesAnywhereCredentials } from "../../src";
import { readFileBytes } from "../../src/node/files";
import { ARNS } from "../support/fixtures";
import { rejection } from "../support/rejection";

describe("readFileBytes (the Node file reader of the *File options)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ra-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the bytes", async () => {
    writeFileSync(join(dir, "a.pem"), "abc");
    expect(new TextDecoder().decode(await readFileBytes(join(dir, "a.pem")))).toBe("abc");
  });

  it.each([
    ["a missing file", () => join(dir, "missing.pem"), /Could not read ".*missing\.pem": it does not exist\./],
    ["a directory", () => dir, /Could not read ".*": it is a directory\./],
  ])("%s is ERR_FILE naming the path and why", async (_name, path, message) => {
    const error = await rejection(readFileBytes(path()));
    expect(error.code).toBe("ERR_FILE");
    expect(error.message).toMatch(message);
  });

  it("an unreadable long path is shortened in the message and not repeated in the cause", async () => {
    const path = `/nonexistent/${"a".repeat(600)}`;
    const error = await rejection(getRolesAnywhereCredentials({ ...ARNS, certificateFile: path, privateKeyFile: path, fetch: vi.fn() }));
    expect(error.code).toBe("ERR_FILE");
    expect(error.message.length).toBeLessThan(400);
    expect(String((error.cause as Error).message)).not.toContain("aaaa");
  });
});
