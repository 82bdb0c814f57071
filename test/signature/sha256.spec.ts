import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256, sha256HexJs } from "../../src/signature/sha256";

const reference = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("sha256 in JavaScript", () => {
  it("matches node:crypto at every length around the block and padding boundaries", () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha256(bytes))).toBe(reference(bytes));
    }
  });

  it("matches node:crypto on random input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => hex(sha256(bytes)) === reference(bytes)),
      { numRuns: 200 },
    );
  });

  it("hashes a string's UTF-8 and gives the known vectors", () => {
    expect(sha256HexJs("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256HexJs("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256HexJs("é and 日本")).toBe(createHash("sha256").update("é and 日本", "utf8").digest("hex"));
  });

  it("handles a view into a larger buffer", () => {
    const buffer = new Uint8Array(100).map((_, i) => i);
    const view = buffer.subarray(10, 90);
    expect(hex(sha256(view))).toBe(reference(view));
  });
});
