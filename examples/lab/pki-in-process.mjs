// In-process stand-in for easy-rsa: a CA and client certificates made with node:crypto + pkijs,
// written in easy-rsa's layout (pki/ca.crt, pki/issued/<name>.crt, pki/private/<name>.key) and
// with easy-rsa's defaults (RSA 2048, SHA-256, client certs: CA:FALSE, digitalSignature, clientAuth).
// The CA name avoids characters such as parentheses that IAM session tags cannot carry: Roles
// Anywhere maps the issuer CN into the x509Issuer/CN tag and refuses the session otherwise.
import { createHash, generateKeyPair, randomBytes, sign } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const generateKeyPairAsync = promisify(generateKeyPair);
const DAY = 24 * 60 * 60 * 1000;

function toPem(label, der) {
  const lines =
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function arrayBuffer(bytes) {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/** A random positive 16-byte serial, DER INTEGER contents (leading 0x00 when the high bit is set). */
function randomSerial() {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0] | 0x01;
  return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

function commonName(cn) {
  const rdn = new asn1js.Set({
    value: [new pkijs.AttributeTypeAndValue({ type: "2.5.4.3", value: new asn1js.Utf8String({ value: cn }) }).toSchema()],
  });
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: [rdn] }).toBER(false));
}

function keyId(publicKey) {
  const spki = pkijs.PublicKeyInfo.fromBER(publicKey.export({ type: "spki", format: "der" }));
  return createHash("sha1").update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
}

function ext(extnID, critical, schema) {
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

/** keyUsage BIT STRING: digitalSignature (bit 0) for clients, keyCertSign+cRLSign (bits 5, 6) for the CA. */
function keyUsage(isCa) {
  return isCa
    ? new asn1js.BitString({ valueHex: new Uint8Array([0x06]).buffer, unusedBits: 1 })
    : new asn1js.BitString({ valueHex: new Uint8Array([0x80]).buffer, unusedBits: 7 });
}

function buildCertificate({ subjectCn, issuerCn, publicKey, signerKey, issuerKeyId, isCa, days }) {
  const cert = new pkijs.Certificate();
  const sha256WithRsa = () => new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.113549.1.1.11", algorithmParams: new asn1js.Null() });
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: arrayBuffer(randomSerial()) });
  cert.signature = sha256WithRsa();
  cert.signatureAlgorithm = sha256WithRsa();
  cert.issuer = commonName(issuerCn);
  cert.subject = commonName(subjectCn);
  const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 60 * 60 * 1000);
  cert.notBefore = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: start });
  cert.notAfter = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(start.getTime() + days * DAY) });
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(publicKey.export({ type: "spki", format: "der" }));
  const ski = keyId(publicKey);
  cert.extensions = [
    ext("2.5.29.19", isCa, new pkijs.BasicConstraints({ cA: isCa }).toSchema()),
    ext("2.5.29.14", false, new asn1js.OctetString({ valueHex: arrayBuffer(ski) })),
    ext(
      "2.5.29.35",
      false,
      new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: arrayBuffer(issuerKeyId ?? ski) }) }).toSchema(),
    ),
    ...(isCa ? [] : [ext("2.5.29.37", false, new pkijs.ExtKeyUsage({ keyPurposes: ["1.3.6.1.5.5.7.3.2"] }).toSchema())]),
    ext("2.5.29.15", isCa, keyUsage(isCa)),
  ];
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  cert.signatureValue = new asn1js.BitString({ valueHex: arrayBuffer(sign("sha256", tbs, signerKey)) });
  return { pem: toPem("CERTIFICATE", cert.toSchema(false).toBER(false)), keyId: ski };
}

async function rsaKeyPair() {
  return generateKeyPairAsync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
}

/**
 * Builds `<dir>/ca.crt`, `<dir>/private/ca.key` and, per client name, `<dir>/issued/<name>.crt`
 * and `<dir>/private/<name>.key` (PKCS#8 PEM).
 * @param {{ dir: string, clients: string[], caCommonName?: string }} options
 * @returns {Promise<{ kind: "in-process", dir: string, caFile: string, caPem: string,
 *   clients: Record<string, { certificateFile: string, privateKeyFile: string }> }>}
 */
export async function buildInProcessPki({ dir, clients, caCommonName = "Lab In-Process CA" }) {
  await mkdir(join(dir, "private"), { recursive: true });
  await mkdir(join(dir, "issued"), { recursive: true });
  const caKeys = await rsaKeyPair();
  const ca = buildCertificate({
    subjectCn: caCommonName,
    issuerCn: caCommonName,
    publicKey: caKeys.publicKey,
    signerKey: caKeys.privateKey,
    isCa: true,
    days: 3650,
  });
  const caFile = join(dir, "ca.crt");
  await writeFile(caFile, ca.pem);
  await writeFile(join(dir, "private", "ca.key"), caKeys.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  const result = {};
  for (const name of clients) {
    const keys = await rsaKeyPair();
    const cert = buildCertificate({
      subjectCn: name,
      issuerCn: caCommonName,
      publicKey: keys.publicKey,
      signerKey: caKeys.privateKey,
      issuerKeyId: ca.keyId,
      isCa: false,
      days: 825,
    });
    const certificateFile = join(dir, "issued", `${name}.crt`);
    const privateKeyFile = join(dir, "private", `${name}.key`);
    await writeFile(certificateFile, cert.pem);
    await writeFile(privateKeyFile, keys.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    result[name] = { certificateFile, privateKeyFile };
  }
  return { kind: "in-process", dir, caFile, caPem: ca.pem, clients: result };
}
