/** Fuzz: parseDer returns a node or undefined for any bytes, never throws; a node re-reads its own raw bytes. */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDer } from "../../src/encoding/der";
import { testLeaf } from "../support/fixtures";
import { RUNS, mutatedBytes, randomBytes } from "../support/mutations";

let der: Uint8Array;
beforeAll(async () => {
  der = (await testLeaf()).certificateDer;
});

const check = (bytes: Uint8Array): void => {
  const node = parseDer(bytes);
  if (node === undefined) return;
  expect(node.raw.length).toBe(bytes.length);
  expect(node.content.length).toBeLessThanOrEqual(node.raw.length);
};

describe("fuzz parseDer", () => {
  it("random bytes → a node or undefined", () => {
    fc.assert(fc.property(randomBytes, check), RUNS);
  });

  it("mutated certificate DER → a node or undefined", () => {
    fc.assert(fc.property(mutatedBytes(der), check), RUNS);
  });

  it('regression: a malformed GeneralizedTime (asn1js throws "Wrong input string") → undefined', () => {
    expect(parseDer(Uint8Array.of(0x18, 0x02, 0x61, 0x62))).toBeUndefined();
    expect(parseDer(Uint8Array.of(0x30, 0x04, 0x18, 0x02, 0x61, 0x62))).toBeUndefined();
    expect(parseDer(Uint8Array.of(0x18, 0x00))).toBeUndefined();
  });

  it("deep nesting and long-form lengths → a node or undefined", () => {
    const nested = fc
      .integer({ min: 1, max: 2000 })
      .map((depth) => Uint8Array.from([...Array.from({ length: depth }, () => [0x30, 0x80]).flat(), 0, 0]));
    const longLength = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ minLength: 1, maxLength: 9 }))
      .map(([tag, length]) => Uint8Array.from([tag, 0x80 | length.length, ...length, 1, 2, 3]));
    fc.assert(fc.property(fc.oneof(nested, longLength), check), RUNS);
  });
});
