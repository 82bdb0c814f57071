import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { type DerNode, TAG, parseDer } from "../../src/encoding/der";
import { testLeaf } from "../support/fixtures";

/** The same view built straight from asn1js's tree: parseDer must not lose or reshape anything. */
interface Asn1Block {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean; blockLength: number };
  lenBlock: { blockLength: number };
  valueBeforeDecodeView: Uint8Array;
  valueBlock: { value?: unknown };
}
const viaAsn1js = (bytes: Uint8Array): unknown => {
  const toView = (block: Asn1Block): unknown => ({
    tagClass: block.idBlock.tagClass - 1,
    tagNumber: block.idBlock.tagNumber,
    constructed: block.idBlock.isConstructed,
    raw: Array.from(block.valueBeforeDecodeView),
    children:
      block.idBlock.isConstructed && Array.isArray(block.valueBlock.value) ? (block.valueBlock.value as Asn1Block[]).map(toView) : [],
  });
  return toView(asn1js.fromBER(bytes).result as unknown as Asn1Block);
};
const view = (node: DerNode): unknown => ({
  tagClass: node.tagClass,
  tagNumber: node.tagNumber,
  constructed: node.constructed,
  raw: Array.from(node.raw),
  children: node.children.map(view),
});

describe("parseDer", () => {
  it("reads certificates and keys exactly as asn1js does", async () => {
    for (const key of [
      { type: "EC", curve: "P-256" },
      { type: "RSA", bits: 2048 },
    ] as const) {
      const leaf = await testLeaf(key);
      expect(view(parseDer(leaf.certificateDer)!)).toEqual(viaAsn1js(leaf.certificateDer));
      const pkcs8 = Uint8Array.from(Buffer.from(leaf.key.privateKeyPem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
      expect(view(parseDer(pkcs8)!)).toEqual(viaAsn1js(pkcs8));
    }
  });

  it("gives the content and children of a definite-length element", () => {
    const node = parseDer(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xff))!;
    expect(node).toMatchObject({ tagClass: 0, tagNumber: TAG.SEQUENCE, constructed: true });
    expect(Array.from(node.content)).toEqual([0x02, 0x01, 0x05, 0x04, 0x01, 0xff]);
    expect(node.children.map((c) => [c.tagNumber, Array.from(c.content)])).toEqual([
      [TAG.INTEGER, [5]],
      [TAG.OCTET_STRING, [0xff]],
    ]);
  });

  it("accepts BER indefinite lengths on constructed elements (content runs to the end-of-contents)", () => {
    const bytes = Uint8Array.of(0x30, 0x80, 0x02, 0x01, 0x07, 0x00, 0x00);
    const node = parseDer(bytes)!;
    expect(node.children).toHaveLength(1);
    expect(node.raw.length).toBe(7);
    expect(view(node)).toEqual(viaAsn1js(bytes));
  });

  it("reads long-form lengths and high tag numbers", () => {
    const long = parseDer(Uint8Array.from([0x04, 0x81, 0x80, ...new Array(128).fill(1)]))!;
    expect(long.content.length).toBe(128);
    const high = parseDer(Uint8Array.of(0x9f, 0x81, 0x00, 0x01, 0x2a))!;
    expect(high).toMatchObject({ tagClass: 2, tagNumber: 128 });
  });

  it.each([
    ["trailing bytes", [0x02, 0x01, 0x05, 0x00]],
    ["a truncated value", [0x04, 0x05, 0x01, 0x02]],
    ["a child overrunning its parent", [0x30, 0x03, 0x04, 0x05, 0x01]],
    ["an indefinite length on a primitive", [0x04, 0x80, 0x01, 0x00, 0x00]],
    ["a missing end-of-contents", [0x30, 0x80, 0x02, 0x01, 0x07]],
    ["a 5-byte length", [0x04, 0x85, 0, 0, 0, 0, 1, 0]],
    ["a lone identifier", [0x30]],
    ["a UTCTime that is not a time", [0x17, 0x02, 0x61, 0x62]],
    ["a GeneralizedTime that is not a time", [0x18, 0x03, 0x32, 0x30, 0x32]],
  ])("refuses %s", (_name, bytes) => {
    expect(parseDer(Uint8Array.from(bytes))).toBeUndefined();
  });

  it("refuses nesting deeper than any real structure without exhausting the stack", () => {
    const depth = 100_000;
    const bytes = Uint8Array.from([...Array.from({ length: depth }, () => [0x30, 0x80]).flat(), ...new Array(depth * 2).fill(0)]);
    expect(parseDer(bytes)).toBeUndefined();
    const shallow = Uint8Array.from([...Array.from({ length: 100 }, () => [0x30, 0x80]).flat(), ...new Array(200).fill(0)]);
    expect(parseDer(shallow)).toBeDefined();
  });
});
