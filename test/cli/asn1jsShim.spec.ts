import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromBER as shimFromBER } from "../../src/cli/asn1jsShim";
import { type DerNode, concatBytes, parseDer, parseDerWith } from "../../src/encoding/der";
import { mutatedBytes } from "../support/mutations";
import { createTestCa, createTestCrl, issueTestCertificate, nameConstraintsExtension } from "../support/pki";

/**
 * The CLI bundles read DER with src/cli/asn1jsShim.ts instead of asn1js. Its contract: whatever
 * it accepts, asn1js accepts too, and der.ts builds the same tree from both; it may refuse more
 * (inputs that are not well-formed BER, which asn1js lets through by accident).
 */
const viaShim = (bytes: Uint8Array): DerNode | undefined => parseDerWith(shimFromBER, bytes);

interface PlainNode {
  tag: string;
  raw: string;
  content: string;
  children: PlainNode[];
}
const plain = (node: DerNode | undefined): PlainNode | undefined =>
  node && {
    tag: `${node.tagClass}/${node.tagNumber}/${node.constructed ? "c" : "p"}`,
    raw: Buffer.from(node.raw).toString("hex"),
    content: Buffer.from(node.content).toString("hex"),
    children: node.children.map((child) => plain(child)!),
  };

/** The contract on one input; returns whether the stand-in accepted it. */
const keepsContract = (bytes: Uint8Array): boolean => {
  const shim = plain(viaShim(bytes));
  if (shim !== undefined) expect(shim).toEqual(plain(parseDer(bytes)));
  return shim !== undefined;
};

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s/g, ""), "hex"));
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

// ---------------------------------------------------------------------------------------------
// Re-encodings of a DER tree that are still valid BER: what other tools write.

const encodeLength = (length: number, longForm: boolean): number[] => {
  if (!longForm && length < 0x80) return [length];
  return [0x84, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff];
};
const identifier = (node: DerNode, highTag: boolean): number[] => {
  const first = (node.tagClass << 6) | (node.constructed ? 0x20 : 0);
  if (node.tagNumber >= 31) throw new Error("no such tags in the corpus");
  // Context tags in the high-tag-number form (one octet after the first: tag numbers below 128).
  return highTag && node.tagClass === 2 ? [first | 0x1f, node.tagNumber] : [first | node.tagNumber];
};
/** Constructed elements with indefinite lengths, except the universal types asn1js reads as bytes. */
const indefinite = (node: DerNode): Uint8Array => {
  if (!node.constructed) return node.raw;
  return concatBytes(Uint8Array.of(...identifier(node, false), 0x80), ...node.children.map(indefinite), Uint8Array.of(0, 0));
};
/** Every length in the four-octet long form, context tags in the high-tag-number form. */
const longForms = (node: DerNode): Uint8Array => {
  const content = node.constructed ? concatBytes(...node.children.map(longForms)) : node.content;
  return concatBytes(Uint8Array.of(...identifier(node, true), ...encodeLength(content.length, true)), content);
};
/** Every OCTET STRING as a constructed string of 7-byte segments (definite or indefinite). */
const segmentedOctets = (node: DerNode, indefiniteForm: boolean): Uint8Array => {
  if (node.tagClass === 0 && node.tagNumber === 4 && !node.constructed && node.content.length > 7) {
    const segments: Uint8Array[] = [];
    for (let i = 0; i < node.content.length; i += 7) {
      const part = node.content.subarray(i, i + 7);
      segments.push(Uint8Array.of(0x04, part.length), part);
    }
    const body = concatBytes(...segments);
    return indefiniteForm
      ? concatBytes(Uint8Array.of(0x24, 0x80), body, Uint8Array.of(0, 0))
      : concatBytes(Uint8Array.of(0x24, ...encodeLength(body.length, false)), body);
  }
  if (!node.constructed) return node.raw;
  const content = concatBytes(...node.children.map((child) => segmentedOctets(child, indefiniteForm)));
  return concatBytes(Uint8Array.of(...identifier(node, false), ...encodeLength(content.length, false)), content);
};

// ---------------------------------------------------------------------------------------------

const corpus: Array<[string, Uint8Array]> = [];

beforeAll(async () => {
  const rsaCa = await createTestCa({ commonName: "Shim RSA CA", key: { type: "RSA", bits: 2048 } });
  const ecCa = await createTestCa({
    subject: { CN: "Shim EC CA", O: "Example Org", OU: ["one", "two"], C: "US" },
    key: { type: "EC", curve: "P-384" },
    extensions: [nameConstraintsExtension({ permitted: { dns: [".example.com"] } })],
  });
  const leaf = await issueTestCertificate({
    issuer: ecCa,
    subject: { CN: "workload", O: "Example Org" },
    key: { type: "EC", curve: "P-256" },
    san: { dns: ["a.example.com"], uri: ["spiffe://example.com/w"], email: ["w@example.com"], ip: ["10.0.0.1", "::1"] },
    keyUsage: ["digitalSignature", "keyEncipherment"],
  });
  const edLeaf = await issueTestCertificate({ issuer: rsaCa, subject: { CN: "ed" }, key: { type: "Ed25519" }, version: 1 });
  const crl = await createTestCrl({ issuer: rsaCa, revokedSerials: [5n, 77n] });
  corpus.push(
    ["an RSA CA certificate", rsaCa.certificateDer],
    ["an EC CA certificate with name constraints", ecCa.certificateDer],
    ["a leaf with every kind of SAN", leaf.certificateDer],
    ["a v1 Ed25519 certificate", edLeaf.certificateDer],
    ["a CRL", Uint8Array.from(Buffer.from(crl.replace(/-----[^-]+-----|\s/g, ""), "base64"))],
  );
  const pairs = [
    ["RSA", generateKeyPairSync("rsa", { modulusLength: 1024 })],
    ["RSA-PSS", generateKeyPairSync("rsa-pss", { modulusLength: 1024 })],
    ["P-256", generateKeyPairSync("ec", { namedCurve: "P-256" })],
    ["P-521", generateKeyPairSync("ec", { namedCurve: "P-521" })],
    ["Ed448", generateKeyPairSync("ed448")],
  ] as const;
  for (const [name, { privateKey, publicKey }] of pairs) {
    corpus.push([`a ${name} PKCS#8 key`, privateKey.export({ type: "pkcs8", format: "der" })]);
    corpus.push([`a ${name} public key`, publicKey.export({ type: "spki", format: "der" })]);
    corpus.push([
      `an encrypted ${name} PKCS#8 key`,
      privateKey.export({ type: "pkcs8", format: "der", cipher: "aes-256-cbc", passphrase: "shim-test" }),
    ]);
  }
  corpus.push(["a PKCS#1 key", pairs[0][1].privateKey.export({ type: "pkcs1", format: "der" })]);
  corpus.push(["a SEC1 key", pairs[2][1].privateKey.export({ type: "sec1", format: "der" })]);
});

describe("the CLI's asn1js stand-in", () => {
  it("reads every certificate, CRL and key form exactly as asn1js does", () => {
    expect(corpus.length).toBeGreaterThan(15);
    for (const [, der] of corpus) {
      expect(viaShim(der)).toBeDefined();
      expect(keepsContract(der)).toBe(true);
    }
  });

  it("reads BER as asn1js does: indefinite lengths, long-form lengths, high tag numbers, constructed OCTET STRINGs", () => {
    let reencoded = 0;
    for (const [name, der] of corpus) {
      const tree = parseDer(der)!;
      for (const ber of [indefinite(tree), longForms(tree), segmentedOctets(tree, false), segmentedOctets(tree, true)]) {
        if (Buffer.compare(ber, der) !== 0) reencoded++;
        expect(parseDer(ber), name).toBeDefined();
        expect(keepsContract(ber), name).toBe(true);
      }
    }
    expect(reencoded).toBeGreaterThan(corpus.length * 3);
  });

  it("reads the corner cases asn1js accepts: empty values, NULL with content, end-of-contents inside a definite SEQUENCE, constructed strings read as bytes", () => {
    for (const input of [
      "3000", // empty SEQUENCE
      "0400", // empty OCTET STRING
      "0300", // empty BIT STRING
      "0600", // empty OBJECT IDENTIFIER
      "0501ff", // NULL with content
      "30050000020101", // end-of-contents as an element of a definite SEQUENCE
      "0000", // end-of-contents alone
      "2c03616263", // constructed UTF8String (read as bytes)
      "3e0400410042", // constructed BMPString
      "2a0101", // constructed ENUMERATED
      "30 80 a0 80 02 01 01 00 00 00 00", // nested indefinite lengths
      "24 80 04 02 0102 24 80 04 01 03 0000 0000", // constructed OCTET STRING inside another
      "23 08 03 02 00 ff 03 02 04 f0", // constructed BIT STRING, unused bits only in the last segment
      "9f 81 00 01 aa", // context tag 128
      "df 82 80 00 00", // private tag 32768
      "17 0d 3236313230333132303030305a", // UTCTime 261203120000Z
      "18 0f 32303236313230333132303030305a", // GeneralizedTime
      "18 13 32303236313230333132303030302e3132335a", // GeneralizedTime with a fraction
    ]) {
      expect(keepsContract(hex(input)), input).toBe(true);
    }
  });

  it.each([
    ["BIT STRING with 8 unused bits", "03 02 08 00"],
    ["OBJECT IDENTIFIER whose last octet continues", "06 02 2a 86"],
    ["constructed INTEGER", "22 03 02 01 01"],
    ["constructed OBJECT IDENTIFIER", "26 00"],
    ["constructed UTCTime", "37 00"],
    ["universal tag 15", "0f 00"],
    ["universal tag 37", "1f 25 00"],
    ["a first length octet 0xFF", "04 ff"],
    ["a primitive with an indefinite length", "04 80 00 00"],
    ["a BMPString of odd length", "1e 03 00 41 00"],
    ["a UniversalString whose length is not a multiple of four", "1c 03 00 00 41"],
    ["a GeneralizedTime with a comma", "30 13 18 11 32303236313230333132303030302c355a"],
    ["a top-level UTCTime without seconds", "17 0b 323631323033313230305a"],
    ["a constructed OCTET STRING holding an INTEGER", "24 03 02 01 01"],
    ["a constructed BIT STRING with unused bits in two segments", "23 08 03 02 04 f0 03 02 04 f0"],
    ["end-of-contents inside a definite constructed OCTET STRING", "24 02 00 00"],
    ["a length with more than four octets", "04 85 00 00 00 00 01 aa"],
    ["trailing bytes", "02 01 01 00"],
    ["a PrintableString of 200,000 octets (asn1js's String.fromCharCode.apply throws)", `13 83 030d40 ${"41".repeat(200_000)}`],
    ["a truncated element", "30 05 02 01"],
    ["101 levels of nesting", `${"30 80 ".repeat(101)}${"00 00 ".repeat(101)}`],
    ["more than 10,000 elements", `30 83 ${(20_002).toString(16).padStart(6, "0")} ${"05 00 ".repeat(10_001)}`],
  ])("refuses what asn1js refuses: %s", (_name, input) => {
    const bytes = hex(input);
    expect(parseDer(bytes)).toBeUndefined();
    expect(viaShim(bytes)).toBeUndefined();
  });

  it("accepts 100 levels of nesting, as asn1js does", () => {
    const bytes = hex(`${"30 80 ".repeat(100)}${"00 00 ".repeat(100)}`);
    expect(keepsContract(bytes)).toBe(true);
  });

  it.each([
    ["a child that runs past the end of its parent", "30 03 02 03 01 02 03"],
    ["an indefinite length without its end-of-contents", "30 80 02 01 01"],
    ["an indefinite length with nothing after it", "30 80"],
    ["end-of-contents with content", "30 04 00 01 aa 00"],
    ["a constructed string read as bytes with an indefinite length", "2c 80 61 00 00"],
    ["a tag number above 2^28", "9f 81 80 80 80 00 00"],
    ["a small tag number padded to five octets", "9f 80 80 80 80 01 00"],
    ["an end-of-contents with a five-octet length field", "30 80 00 85 00 00 00 00 00"],
    ["a SEQUENCE in primitive form", "10 03 02 01 01"],
    ["a PrintableString above 16 KiB", `13 82 4001 ${"41".repeat(0x4001)}`],
  ])("is stricter than asn1js on inputs that are not well-formed BER: %s", (_name, input) => {
    expect(viaShim(hex(input))).toBeUndefined();
  });

  it("keeps the contract on damaged certificates, keys and BER files", () => {
    let accepted = 0;
    let refused = 0;
    for (const [, der] of corpus) {
      const tree = parseDer(der)!;
      for (const base of [der, indefinite(tree), segmentedOctets(tree, true)]) {
        fc.assert(
          fc.property(mutatedBytes(base), (bytes) => {
            if (keepsContract(bytes)) accepted++;
            else refused++;
          }),
          { numRuns: Math.max(20, Math.floor(RUNS / 3)) },
        );
      }
    }
    // Damage often lands in a value and leaves the structure whole: both outcomes were exercised.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it("keeps the contract on random BER structures", () => {
    const leaf = fc.oneof(
      fc.uint8Array({ maxLength: 12 }).map((content) => concatBytes(Uint8Array.of(0x80 | 2, content.length), content)),
      fc.uint8Array({ minLength: 1, maxLength: 9 }).map((content) => concatBytes(Uint8Array.of(0x02, content.length), content)),
      fc.uint8Array({ maxLength: 12 }).map((content) => concatBytes(Uint8Array.of(0x04, content.length), content)),
      fc.constant(Uint8Array.of(0x05, 0x00)),
      fc.constant(Uint8Array.of(0x01, 0x01, 0xff)),
    );
    const { tree } = fc.letrec<{ tree: Uint8Array; node: Uint8Array }>((tie) => ({
      tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("node")),
      node: fc
        .tuple(fc.constantFrom(0x30, 0x31, 0xa0, 0xa3, 0x61, 0xe2), fc.boolean(), fc.array(tie("tree"), { maxLength: 4 }))
        .map(([id, open, children]) => {
          const body = concatBytes(...children);
          return open
            ? concatBytes(Uint8Array.of(id, 0x80), body, Uint8Array.of(0, 0))
            : concatBytes(Uint8Array.of(id, ...encodeLength(body.length, body.length > 100)), body);
        }),
    }));
    fc.assert(
      fc.property(tree, (bytes) => {
        expect(keepsContract(bytes)).toBe(true);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(tree.chain(mutatedBytes), (bytes) => void keepsContract(bytes)),
      { numRuns: RUNS },
    );
    // Any identifier octet (every universal type, both forms, all classes) with arbitrary content.
    const anyElement = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 10 }))
      .map(([id, content]) => concatBytes(Uint8Array.of(id, content.length), content));
    const mixed = fc.array(fc.oneof(anyElement, tree), { minLength: 1, maxLength: 4 }).map((parts) => {
      const body = concatBytes(...parts);
      return concatBytes(Uint8Array.of(0x30, ...encodeLength(body.length, body.length > 100)), body);
    });
    fc.assert(
      fc.property(fc.oneof(anyElement, mixed), (bytes) => void keepsContract(bytes)),
      { numRuns: RUNS * 3 },
    );
  });

  it("works on a copy of its input, as asn1js does, a Buffer included", () => {
    for (const bytes of [hex("30 03 02 01 05"), Buffer.from("3003020105", "hex")]) {
      const node = viaShim(bytes)!;
      bytes.fill(0);
      expect(Buffer.from(node.raw).toString("hex")).toBe("3003020105");
      expect(Object.getPrototypeOf(node.raw)).toBe(Uint8Array.prototype);
    }
  });
});
