import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { concatBytes, encodeOid, encodeTlv } from "../../src/encoding/der";
import { encodePem } from "../../src/encoding/pem";
import { readTpmPublic } from "../../src/key/tpm/tpmPublic";
import { hasTss2Key, isTpmKey, parseTpmHandle } from "../../src/key/tpm/tpmKeyRef";
import { readTss2Key } from "../../src/key/tpm/tss2Key";

const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const sized = (b: Uint8Array) => concatBytes(u16(b.length), b);
const NULL = u16(0x0010);
const b64u = (s: string) => new Uint8Array(Buffer.from(s, "base64url"));

/** TPMT_PUBLIC of an ECC P-256 signing key (TPM 2.0 Part 2 §12.2.4), as a TPM marshals it. */
const eccPublic = (x: Uint8Array, y: Uint8Array, curve = 0x0003) =>
  concatBytes(u16(0x0023), u16(0x000b), u32(0x00060072), sized(new Uint8Array()), NULL, NULL, u16(curve), NULL, sized(x), sized(y));
/** TPMT_PUBLIC of an RSA key; exponent 0 means 65537. */
const rsaPublic = (n: Uint8Array, exponent = 0) =>
  concatBytes(u16(0x0001), u16(0x000b), u32(0x00060072), sized(new Uint8Array()), NULL, NULL, u16(n.length * 8), u32(exponent), sized(n));

/** A TSS2 key file around a TPMT_PUBLIC. */
const tss2 = (
  tpmtPublic: Uint8Array,
  options: { emptyAuth?: Uint8Array; extra?: Uint8Array; oid?: string; parent?: number; privateLength?: number } = {},
) => {
  const parent = options.parent ?? 0x40000001;
  const der = encodeTlv(
    0x30,
    concatBytes(
      encodeOid(options.oid ?? "2.23.133.10.1.3"),
      options.emptyAuth ? encodeTlv(0xa0, encodeTlv(0x01, options.emptyAuth)) : new Uint8Array(),
      options.extra ?? new Uint8Array(),
      encodeTlv(0x02, concatBytes(Uint8Array.of(0), u32(parent))),
      encodeTlv(0x04, sized(tpmtPublic)),
      encodeTlv(0x04, concatBytes(u16(options.privateLength ?? 4), Uint8Array.of(1, 2, 3, 4))),
    ),
  );
  return `# a comment line\n${encodePem("TSS2 PRIVATE KEY", der)}`;
};

const errorOf = (fn: () => unknown): RolesAnywhereError => {
  try {
    fn();
  } catch (error) {
    return error as RolesAnywhereError;
  }
  throw new Error("no error");
};

describe("TSS2 key files", () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
  const { x, y } = ec.export({ format: "jwk" });
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;

  it("reads an EC key's public point into the SPKI Node reads, and emptyAuth (0x01 or DER's 0xFF as TRUE)", () => {
    for (const flag of [Uint8Array.of(0x01), Uint8Array.of(0xff)]) {
      const key = readTss2Key(tss2(eccPublic(b64u(x!), b64u(y!)), { emptyAuth: flag }));
      expect(key).toMatchObject({ emptyAuth: true, parent: 0x40000001, publicKey: { type: "EC", namedCurve: "P-256" } });
      expect(
        createPublicKey({ key: Buffer.from(key.publicKey.spki), format: "der", type: "spki" }).export({ format: "jwk" }),
      ).toMatchObject({ x, y });
      expect(key.pem).toMatch(/^-----BEGIN TSS2 PRIVATE KEY-----\n/);
    }
    expect(readTss2Key(tss2(eccPublic(b64u(x!), b64u(y!)))).emptyAuth).toBe(false); // absent: the key has a password
  });

  it("reads an RSA key (exponent 0 is 65537) into the same SPKI as the key's", () => {
    const { n } = rsa.export({ format: "jwk" });
    const key = readTss2Key(tss2(rsaPublic(b64u(n!))));
    expect(Buffer.from(key.publicKey.spki).equals(rsa.export({ type: "spki", format: "der" }))).toBe(true);
  });

  it.each([
    ["a policy", { extra: encodeTlv(0xa1, encodeTlv(0x30, new Uint8Array())) }, "ERR_UNSUPPORTED_KEY", /bound to a policy/],
    ["an auth policy", { extra: encodeTlv(0xa3, encodeTlv(0x30, new Uint8Array())) }, "ERR_UNSUPPORTED_KEY", /bound to a policy/],
    ["a secret (imported key)", { extra: encodeTlv(0xa2, encodeTlv(0x04, Uint8Array.of(1))) }, "ERR_INVALID_PRIVATE_KEY", /'secret' field/],
    ["sealed data", { oid: "2.23.133.10.1.5" }, "ERR_UNSUPPORTED_KEY", /not a loadable key/],
    ["a transient parent", { parent: 0x80000001 }, "ERR_INVALID_PRIVATE_KEY", /parent 0x80000001 is neither/],
    ["a private blob with a wrong size", { privateLength: 9 }, "ERR_INVALID_PRIVATE_KEY", /private blob has a wrong length/],
  ] as const)("refuses %s with a typed error", (_name, options, code, message) => {
    const error = errorOf(() => readTss2Key(tss2(eccPublic(b64u(x!), b64u(y!)), options)));
    expect(error).toBeInstanceOf(RolesAnywhereError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("refuses truncated and foreign public parts, unknown curves, and text without the block", () => {
    expect(errorOf(() => readTpmPublic(eccPublic(b64u(x!), b64u(y!)).subarray(0, 20))).message).toMatch(/ends early/);
    expect(errorOf(() => readTpmPublic(eccPublic(b64u(x!), b64u(y!), 0x0010))).code).toBe("ERR_UNSUPPORTED_KEY");
    expect(errorOf(() => readTpmPublic(concatBytes(u16(0x0008), u16(0x000b), u32(0), sized(new Uint8Array())))).message).toMatch(
      /TPM algorithm 0x0008, not RSA or ECC/,
    );
    expect(errorOf(() => readTss2Key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")).message).toMatch(
      /no "TSS2 PRIVATE KEY" block/,
    );
  });

  it("recognises TPM keys cheaply: the PEM label and aws_signing_helper's handle:0x… form", () => {
    expect(hasTss2Key(tss2(eccPublic(b64u(x!), b64u(y!))))).toBe(true);
    expect(parseTpmHandle("handle:0x81000001")).toBe(0x81000001);
    expect(parseTpmHandle("handle:81000001")).toBe(0x81000001);
    expect(parseTpmHandle("handle:0xZZ")).toBeUndefined();
    expect(parseTpmHandle("/etc/handle:0x81000001")).toBeUndefined();
    expect(isTpmKey("-----BEGIN PRIVATE KEY-----")).toBe(false);
  });
});
