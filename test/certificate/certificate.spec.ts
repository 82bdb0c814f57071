import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { parseCertificate } from "../../src/certificate/certificate";
import { decodePem, encodePem } from "../../src/encoding/pem";
import { formatName } from "../../src/certificate/name";
import { testCa, testLeaf } from "../support/fixtures";
import { hasOpenssl, openssl } from "../support/opensslTool";

describe("parseCertificate", () => {
  it("reads serial, names, validity, key and extensions like openssl does", async () => {
    const leaf = await testLeaf(
      { type: "EC", curve: "P-384" },
      {
        serial: 0x848972667d92c12cc943e926753bf87f4863den,
        subject: { CN: "DavianThule", OU: ["Security", "Engineering"], O: "Lab" },
        san: { dns: ["a.example", "b.example"], uri: ["spiffe://lab/x"], directoryName: { CN: "Dir" } },
      },
    );
    const info = parseCertificate(leaf.certificateDer);
    const node = new X509Certificate(Buffer.from(leaf.certificateDer));
    expect(info.version).toBe(3);
    expect(info.serialHex).toBe(node.serialNumber);
    expect(info.serialDecimal).toBe("2955671677801791609534563218878993970246476766");
    expect(info.subject.filter((a) => a.shortName === "OU").map((a) => a.value)).toEqual(["Security", "Engineering"]);
    expect(formatName(info.subject)).toContain("CN=DavianThule");
    expect(info.notAfter.getTime()).toBe(new Date(node.validTo).getTime());
    expect(info.publicKey).toMatchObject({ type: "EC", namedCurve: "P-384" });
    expect(info.keyUsage?.digitalSignature).toBe(true);
    expect(info.keyUsage?.keyCertSign).toBe(false);
    expect(info.basicConstraints?.ca ?? false).toBe(false);
    expect(info.subjectAltName?.dns).toEqual(["a.example", "b.example"]);
    expect(info.subjectAltName?.uri).toEqual(["spiffe://lab/x"]);
    expect(info.subjectAltName?.directoryNames[0]?.[0]?.value).toBe("Dir");
    expect(info.signatureHash).toBe("SHA-256");
  });

  it("reads a 20-byte serial with the high bit set and an RSA modulus size", async () => {
    const serial = (1n << 159n) + 12345n;
    const info = parseCertificate((await testLeaf({ type: "RSA", bits: 3072 }, { serial })).certificateDer);
    expect(info.serialNumber).toBe(serial);
    expect(info.serialDecimal).toBe(serial.toString(10));
    expect(info.publicKey).toMatchObject({ type: "RSA", modulusBits: 3072 });
  });

  it.each([
    [291n, "0123"],
    [0x80abn, "80AB"],
    [5n, "05"],
    [0n, "00"],
    [(1n << 159n) + 12345n, `80${"0".repeat(34)}3039`],
  ])("prints serial %s as openssl x509 -serial does: %s (upper case, even length, no sign byte)", async (serial, expected) => {
    const leaf = await testLeaf({ type: "EC", curve: "P-256" }, { serial });
    const info = parseCertificate(leaf.certificateDer);
    expect(info.serialHex).toBe(expected);
    if (hasOpenssl) expect(openssl(["x509", "-noout", "-serial"], leaf.certificatePem).toString().trim()).toBe(`serial=${expected}`);
  });

  it("reads a CA's basic constraints and key usage", async () => {
    const info = parseCertificate((await testCa()).certificateDer);
    expect(info.basicConstraints?.ca).toBe(true);
    expect(info.keyUsage?.keyCertSign).toBe(true);
  });

  it("names Ed25519 keys", async () => {
    const info = parseCertificate((await testLeaf({ type: "Ed25519" })).certificateDer);
    expect(info.publicKey.type).toBe("Ed25519");
  });

  it.each([
    ["empty bytes", new Uint8Array()],
    ["random bytes", new Uint8Array([1, 2, 3, 4, 5, 6])],
    ["a truncated certificate", new Uint8Array(64).fill(0x30)],
  ])("rejects %s with ERR_INVALID_CERTIFICATE", (_name, bytes) => {
    expect(() => parseCertificate(bytes)).toThrowError(RolesAnywhereError);
    try {
      parseCertificate(bytes);
    } catch (error) {
      expect((error as RolesAnywhereError).code).toBe("ERR_INVALID_CERTIFICATE");
      expect((error as RolesAnywhereError).message).toMatch(/PEM .* or DER/);
    }
  });

  it("round-trips PEM", async () => {
    const leaf = await testLeaf();
    const [block] = decodePem(`junk before\n${encodePem("CERTIFICATE", leaf.certificateDer)}trailing comment\n`);
    expect(block?.label).toBe("CERTIFICATE");
    expect(Buffer.from(block!.der).equals(Buffer.from(leaf.certificateDer))).toBe(true);
  });
});
