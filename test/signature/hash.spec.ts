import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/signing";
import { sha256HexPortable } from "../../src/signature/hash";

describe("sha256Hex", () => {
  it.each(["", "abc", "é and 日本", "x".repeat(1589)])("matches node:crypto for %j (native and portable paths)", (text) => {
    const expected = createHash("sha256").update(text, "utf8").digest("hex");
    expect(sha256Hex(text)).toBe(expected);
    expect(sha256HexPortable(text)).toBe(expected);
    const bytes = new TextEncoder().encode(text);
    expect(sha256Hex(bytes)).toBe(expected);
    expect(sha256HexPortable(bytes)).toBe(expected);
  });

  it("hashes the empty body to the well-known value", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
