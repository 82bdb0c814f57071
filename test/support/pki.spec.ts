import { X509Certificate, createPrivateKey, verify as cryptoVerify } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import {
  createTestCa,
  createTestCrl,
  generateTestKey,
  issueTestCertificate,
  keyUsageBitString,
  serialToDerContents,
  type KeySpec,
} from "./pki";

function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----(BEGIN|END) [^-]+-----/g, "").replace(/\s+/g, "");
  return new Uint8Array(Buffer.from(body, "base64"));
}

function extensionOf(der: Uint8Array<ArrayBuffer>, oid: string): pkijs.Extension | undefined {
  return pkijs.Certificate.fromBER(der).extensions?.find((e) => e.extnID === oid);
}

describe("generateTestKey", () => {
  const specs: KeySpec[] = [
    { type: "RSA" },
    { type: "RSA", bits: 3072 },
    { type: "EC", curve: "P-256" },
    { type: "EC", curve: "P-384" },
    { type: "EC", curve: "P-521" },
    { type: "Ed25519" },
  ];
  it.each(specs)("makes a %j key with a PKCS#8 PEM", async (spec) => {
    const key = await generateTestKey(spec);
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(key.privateKey.type).toBe("private");
    if (spec.type === "RSA") {
      expect(key.publicKey.asymmetricKeyType).toBe("rsa");
      expect(key.publicKey.asymmetricKeyDetails?.modulusLength).toBe(spec.bits ?? 2048);
    } else if (spec.type === "EC") {
      expect(key.publicKey.asymmetricKeyType).toBe("ec");
      const curve = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1" }[spec.curve];
      expect(key.publicKey.asymmetricKeyDetails?.namedCurve).toBe(curve);
    } else {
      expect(key.publicKey.asymmetricKeyType).toBe("ed25519");
    }
  });

  it("defaults to EC P-256", async () => {
    const key = await generateTestKey();
    expect(key.spec).toEqual({ type: "EC", curve: "P-256" });
    expect(key.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });
});

describe("createTestCa / issueTestCertificate", () => {
  const keyTypes: KeySpec[] = [
    { type: "RSA" },
    { type: "EC", curve: "P-256" },
    { type: "EC", curve: "P-384" },
    { type: "EC", curve: "P-521" },
    { type: "Ed25519" },
  ];

  it.each(keyTypes)("a %j CA issues a leaf that verifies against it", async (spec) => {
    const ca = await createTestCa({ commonName: "Lab CA", key: spec });
    const leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "GabrielAngelos" }, key: spec });
    const caX = new X509Certificate(ca.certificatePem);
    const leafX = new X509Certificate(leaf.certificatePem);
    expect(caX.verify(caX.publicKey)).toBe(true);
    expect(leafX.verify(caX.publicKey)).toBe(true);
    expect(leafX.checkIssued(caX)).toBe(true);
    expect(caX.ca).toBe(true);
    expect(leafX.ca).toBe(false);
    expect(leafX.subject).toBe("CN=GabrielAngelos");
    expect(leafX.issuer).toBe("CN=Lab CA");
    expect(leaf.subjectCN).toBe("GabrielAngelos");
    expect(leafX.checkPrivateKey(createPrivateKey(leaf.key.privateKeyPem))).toBe(true);
  });

  it("does not verify against a different CA", async () => {
    const ca = await createTestCa();
    const other = await createTestCa();
    const leaf = await issueTestCertificate({ issuer: ca });
    expect(new X509Certificate(leaf.certificatePem).verify(new X509Certificate(other.certificatePem).publicKey)).toBe(false);
  });

  it("chains root → intermediate → leaf with pathLength", async () => {
    const root = await createTestCa({ commonName: "Root", pathLength: 1 });
    const inter = await createTestCa({ commonName: "Inter", issuer: root, pathLength: 0 });
    const leaf = await issueTestCertificate({ issuer: inter, subject: { CN: "leaf" } });
    const rootX = new X509Certificate(root.certificatePem);
    const interX = new X509Certificate(inter.certificatePem);
    const leafX = new X509Certificate(leaf.certificatePem);
    expect(interX.verify(rootX.publicKey)).toBe(true);
    expect(leafX.verify(interX.publicKey)).toBe(true);
    expect(interX.issuer).toBe("CN=Root");
    const bc = pkijs.Certificate.fromBER(inter.certificateDer).extensions?.find((e) => e.extnID === "2.5.29.19");
    expect(bc?.critical).toBe(true);
    const parsed = bc?.parsedValue as pkijs.BasicConstraints;
    expect(parsed.cA).toBe(true);
    expect(parsed.pathLenConstraint).toBe(0);
    const rootBc = extensionOf(root.certificateDer, "2.5.29.19")?.parsedValue as pkijs.BasicConstraints;
    expect(rootBc.pathLenConstraint).toBe(1);
  });

  it.each([
    1n,
    127n,
    128n, // high bit → leading 0x00
    0x7fn << 152n, // 20-byte serial, high bit clear
    (1n << 159n) | 0x1234n, // 20 bytes with the high bit set → 21 content bytes
    (1n << 160n) - 1n,
  ])("encodes serial %s as a positive DER INTEGER", async (serial) => {
    const ca = await createTestCa();
    const leaf = await issueTestCertificate({ issuer: ca, serial });
    expect(leaf.serial).toBe(serial);
    const x = new X509Certificate(leaf.certificatePem);
    expect(BigInt(`0x${x.serialNumber}`)).toBe(serial);
    const cert = pkijs.Certificate.fromBER(leaf.certificateDer);
    const bytes = cert.serialNumber.valueBlock.valueHexView;
    expect(Array.from(bytes)).toEqual(Array.from(serialToDerContents(serial)));
    expect((bytes[0] ?? 0) & 0x80).toBe(0);
  });

  it("serialToDerContents adds a 0x00 only when the high bit is set", () => {
    expect(Array.from(serialToDerContents(0x7fn))).toEqual([0x7f]);
    expect(Array.from(serialToDerContents(0x80n))).toEqual([0x00, 0x80]);
    expect(Array.from(serialToDerContents(0x0100n))).toEqual([0x01, 0x00]);
    expect(serialToDerContents(1n << 159n).length).toBe(21);
  });

  it("default serials are positive, random and at most 16 bytes", async () => {
    const ca = await createTestCa();
    const a = await issueTestCertificate({ issuer: ca });
    const b = await issueTestCertificate({ issuer: ca });
    expect(a.serial).toBeGreaterThan(0n);
    expect(a.serial).not.toBe(b.serial);
    expect(a.serial < 1n << 127n).toBe(true);
  });

  it("writes multi-valued subjects as one RDN per value, in order", async () => {
    const ca = await createTestCa({ subject: { C: "US", O: "Lab", CN: "Lab CA" } });
    const leaf = await issueTestCertificate({
      issuer: ca,
      subject: { C: "US", O: "Example", OU: ["Eng", "Ops"], CN: "DavianThule" },
    });
    const x = new X509Certificate(leaf.certificatePem);
    expect(x.subject.split("\n")).toEqual(["C=US", "O=Example", "OU=Eng", "OU=Ops", "CN=DavianThule"]);
    expect(x.issuer.split("\n")).toEqual(["C=US", "O=Lab", "CN=Lab CA"]);
    const rdn = pkijs.Certificate.fromBER(leaf.certificateDer).subject;
    expect(rdn.typesAndValues.map((t) => t.type)).toEqual(["2.5.4.6", "2.5.4.10", "2.5.4.11", "2.5.4.11", "2.5.4.3"]);
    // Each attribute is its own SET (RDN).
    const subjectSeq = rdn.toSchema() as asn1js.Sequence;
    expect(subjectSeq.valueBlock.value.length).toBe(5);
  });

  it("writes keyUsage as given, critical, and omits it with null", async () => {
    const ca = await createTestCa();
    const leaf = await issueTestCertificate({ issuer: ca, keyUsage: ["digitalSignature", "keyEncipherment"] });
    const ku = extensionOf(leaf.certificateDer, "2.5.29.15");
    expect(ku?.critical).toBe(true);
    const bits = ku?.parsedValue as asn1js.BitString;
    expect(Array.from(bits.valueBlock.valueHexView)).toEqual([0xa0]);
    expect(bits.valueBlock.unusedBits).toBe(5);
    const none = await issueTestCertificate({ issuer: ca, keyUsage: null });
    expect(extensionOf(none.certificateDer, "2.5.29.15")).toBeUndefined();
    const caKu = extensionOf(ca.certificateDer, "2.5.29.15")?.parsedValue as asn1js.BitString;
    expect(Array.from(caKu.valueBlock.valueHexView)).toEqual([0x06]); // keyCertSign | cRLSign
    expect(caKu.valueBlock.unusedBits).toBe(1);
  });

  it("encodes decipherOnly in a second byte", () => {
    const bits = keyUsageBitString(["digitalSignature", "decipherOnly"]);
    expect(Array.from(bits.valueBlock.valueHexView)).toEqual([0x80, 0x80]);
    expect(bits.valueBlock.unusedBits).toBe(7);
    expect(() => keyUsageBitString(["bogus"])).toThrow(/unknown keyUsage/);
  });

  it("writes SAN dns, uri and directoryName", async () => {
    const ca = await createTestCa();
    const leaf = await issueTestCertificate({
      issuer: ca,
      san: { dns: ["a.example.com", "b.example.com"], uri: ["spiffe://lab/thule"], directoryName: { CN: "dir", O: "Org" } },
    });
    const x = new X509Certificate(leaf.certificatePem);
    expect(x.subjectAltName).toContain("DNS:a.example.com");
    expect(x.subjectAltName).toContain("DNS:b.example.com");
    expect(x.subjectAltName).toContain("URI:spiffe://lab/thule");
    const san = extensionOf(leaf.certificateDer, "2.5.29.17")?.parsedValue as pkijs.AltName;
    const dir = san.altNames.find((n) => n.type === 4)?.value as pkijs.RelativeDistinguishedNames;
    expect(dir.typesAndValues.map((t) => t.value.valueBlock.value)).toEqual(["dir", "Org"]);
  });

  it("links AKI of the leaf to the SKI of the issuer", async () => {
    const ca = await createTestCa();
    const leaf = await issueTestCertificate({ issuer: ca });
    const caSki = extensionOf(ca.certificateDer, "2.5.29.14")?.parsedValue as asn1js.OctetString;
    const leafAki = extensionOf(leaf.certificateDer, "2.5.29.35")?.parsedValue as pkijs.AuthorityKeyIdentifier;
    const caAki = extensionOf(ca.certificateDer, "2.5.29.35")?.parsedValue as pkijs.AuthorityKeyIdentifier;
    expect(caSki.valueBlock.valueHexView.length).toBe(20);
    expect(Buffer.from(leafAki.keyIdentifier!.valueBlock.valueHexView)).toEqual(Buffer.from(caSki.valueBlock.valueHexView));
    expect(Buffer.from(caAki.keyIdentifier!.valueBlock.valueHexView)).toEqual(Buffer.from(caSki.valueBlock.valueHexView));
    expect(Buffer.from(ca.keyIdentifier)).toEqual(Buffer.from(caSki.valueBlock.valueHexView));
  });

  it.each([
    ["SHA-256", { type: "RSA" }, "1.2.840.113549.1.1.11"],
    ["SHA-384", { type: "RSA" }, "1.2.840.113549.1.1.12"],
    ["SHA-1", { type: "RSA" }, "1.2.840.113549.1.1.5"],
    ["SHA-256", { type: "EC", curve: "P-256" }, "1.2.840.10045.4.3.2"],
    ["SHA-384", { type: "EC", curve: "P-384" }, "1.2.840.10045.4.3.3"],
    ["SHA-1", { type: "EC", curve: "P-256" }, "1.2.840.10045.4.1"],
  ] as const)("signs with %s for a %j issuer", async (signatureHash, spec, oid) => {
    const ca = await createTestCa({ key: spec });
    const leaf = await issueTestCertificate({ issuer: ca, signatureHash });
    const cert = pkijs.Certificate.fromBER(leaf.certificateDer);
    expect(cert.signatureAlgorithm.algorithmId).toBe(oid);
    expect(cert.signature.algorithmId).toBe(oid);
    expect(new X509Certificate(leaf.certificatePem).verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
  });

  it("makes version 1 certificates without extensions", async () => {
    const ca = await createTestCa();
    const leaf = await issueTestCertificate({ issuer: ca, version: 1 });
    const cert = pkijs.Certificate.fromBER(leaf.certificateDer);
    expect(cert.version).toBe(0);
    expect(cert.extensions).toBeUndefined();
    expect(new X509Certificate(leaf.certificatePem).verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
  });

  it("uses the given validity, with GeneralizedTime from 2050", async () => {
    const ca = await createTestCa({ notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2060-01-01T00:00:00Z") });
    const leaf = await issueTestCertificate({
      issuer: ca,
      notBefore: new Date("2021-02-03T04:05:06Z"),
      notAfter: new Date("2022-02-03T04:05:06Z"),
    });
    const x = new X509Certificate(leaf.certificatePem);
    expect(new Date(x.validFrom).toISOString()).toBe("2021-02-03T04:05:06.000Z");
    expect(new Date(x.validTo).toISOString()).toBe("2022-02-03T04:05:06.000Z");
    const caCert = pkijs.Certificate.fromBER(ca.certificateDer);
    expect(caCert.notAfter.type).toBe(pkijs.TimeType.GeneralizedTime);
    expect(caCert.notBefore.type).toBe(pkijs.TimeType.UTCTime);
    expect(new Date(new X509Certificate(ca.certificatePem).validTo).toISOString()).toBe("2060-01-01T00:00:00.000Z");
  });

  it("issues non-CA leaves with ca:false basicConstraints and CA leaves when asked", async () => {
    const ca = await createTestCa();
    const leaf = await issueTestCertificate({ issuer: ca });
    const bc = extensionOf(leaf.certificateDer, "2.5.29.19")?.parsedValue as pkijs.BasicConstraints;
    expect(bc.cA).toBe(false);
    const caLeaf = await issueTestCertificate({ issuer: ca, ca: true });
    const caBc = extensionOf(caLeaf.certificateDer, "2.5.29.19")?.parsedValue as pkijs.BasicConstraints;
    expect(caBc.cA).toBe(true);
    // Node's X509Certificate.ca also wants keyCertSign when keyUsage is present.
    const fullCa = await issueTestCertificate({ issuer: ca, ca: true, keyUsage: ["keyCertSign"] });
    expect(new X509Certificate(fullCa.certificatePem).ca).toBe(true);
  });

  it("reuses a given TestKey", async () => {
    const key = await generateTestKey({ type: "EC", curve: "P-384" });
    const ca = await createTestCa();
    const leaf = await issueTestCertificate({ issuer: ca, key });
    expect(leaf.key).toBe(key);
    expect(new X509Certificate(leaf.certificatePem).publicKey.equals(key.publicKey)).toBe(true);
  });
});

describe("createTestCrl", () => {
  it.each([{ type: "RSA" }, { type: "EC", curve: "P-256" }] as const)("makes a signed CRL for a %j CA", async (spec) => {
    const ca = await createTestCa({ key: spec });
    const revoked = [(1n << 159n) | 7n, 42n];
    const pem = await createTestCrl({
      issuer: ca,
      revokedSerials: revoked,
      thisUpdate: new Date("2026-01-01T00:00:00Z"),
      nextUpdate: new Date("2026-02-01T00:00:00Z"),
    });
    expect(pem).toMatch(/^-----BEGIN X509 CRL-----\n/);
    const der = pemToDer(pem);
    const crl = pkijs.CertificateRevocationList.fromBER(der);
    expect(crl.version).toBe(1);
    expect(crl.thisUpdate.value.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(crl.nextUpdate?.value.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    const serials = (crl.revokedCertificates ?? []).map((r) =>
      BigInt(`0x${Buffer.from(r.userCertificate.valueBlock.valueHexView).toString("hex")}`),
    );
    expect(serials).toEqual(revoked);
    const caCert = pkijs.Certificate.fromBER(ca.certificateDer);
    expect(crl.issuer.isEqual(caCert.subject)).toBe(true);
    const caKey = new X509Certificate(ca.certificatePem).publicKey;
    const sig = Buffer.from(crl.signatureValue.valueBlock.valueHexView);
    expect(cryptoVerify("sha256", Buffer.from(crl.tbsView), caKey, sig)).toBe(true);
    // pkijs' own verification with the WebCrypto engine agrees.
    expect(await crl.verify({ issuerCertificate: caCert })).toBe(true);
  });

  it("omits the revoked list when empty", async () => {
    const ca = await createTestCa();
    const crl = pkijs.CertificateRevocationList.fromBER(pemToDer(await createTestCrl({ issuer: ca, revokedSerials: [] })));
    expect(crl.revokedCertificates).toBeUndefined();
  });
});
