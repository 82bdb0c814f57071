import { describe, expect, it } from "vitest";
import { readName } from "../../src/certificate/name";
import { concatBytes, encodeOid, encodeTlv, parseDer } from "../../src/encoding/der";

/** A Name with one CN whose value has the given universal string tag and content bytes. */
const nameWithCn = (tag: number, content: number[]) => {
  const pair = encodeTlv(0x30, concatBytes(encodeOid("2.5.4.3"), encodeTlv(tag, Uint8Array.from(content))));
  return parseDer(encodeTlv(0x30, encodeTlv(0x31, pair)))!;
};

describe("readName", () => {
  it("decodes UTF8String, BMPString and UniversalString values", () => {
    expect(readName(nameWithCn(0x0c, [0x41, 0xc3, 0xa9]))).toEqual([{ oid: "2.5.4.3", shortName: "CN", value: "Aé" }]);
    expect(readName(nameWithCn(0x1e, [0x00, 0x41, 0x00, 0xe9]))?.[0]?.value).toBe("Aé");
    expect(readName(nameWithCn(0x1c, [0, 0, 0, 0x41, 0, 0x01, 0xf6, 0x00]))?.[0]?.value).toBe("A\u{1f600}");
  });

  it("refuses string bytes that cannot be text (the fuzzer found a RangeError here)", () => {
    // "Test" read as one UTF-32 unit is 0x54657374, past U+10FFFF.
    expect(readName(nameWithCn(0x1c, [0x54, 0x65, 0x73, 0x74]))).toBeUndefined();
    expect(readName(nameWithCn(0x1c, [0, 0, 0, 0x41, 0]))).toBeUndefined();
    expect(readName(nameWithCn(0x1e, [0x00, 0x41, 0x00]))).toBeUndefined();
  });
});
