// A throw-away certificate authority for the demo: issues a client certificate for a public key
// it is given (SPKI DER, as KMS GetPublicKey returns it), the way a private CA signs a CSR.
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const ECDSA_SHA256 = "1.2.840.10045.4.3.2";
const HOUR = 60 * 60 * 1000;

const toPem = (label, der) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString("base64")
    .match(/.{1,64}/g)
    .join("\n")}\n-----END ${label}-----\n`;
const buffer = (bytes) => new Uint8Array(bytes).buffer;

function name(commonName) {
  const atv = new pkijs.AttributeTypeAndValue({ type: "2.5.4.3", value: new asn1js.Utf8String({ value: commonName }) });
  return new pkijs.RelativeDistinguishedNames({ typesAndValues: [atv] });
}

function extension(extnID, critical, schema) {
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

function keyIdentifier(spkiDer) {
  const spki = pkijs.PublicKeyInfo.fromBER(spkiDer);
  return createHash("sha1").update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
}

function issue({ subject, issuer, spkiDer, signingKey, issuerKeyId, ca }) {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40; // positive, and no leading zero byte (DER wants the shortest form)
  cert.serialNumber = new asn1js.Integer({ valueHex: buffer(serial) });
  cert.signature = new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_SHA256 });
  cert.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_SHA256 });
  cert.subject = name(subject);
  cert.issuer = name(issuer);
  cert.notBefore = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(Date.now() - HOUR) });
  cert.notAfter = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(Date.now() + 24 * HOUR) });
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(spkiDer);
  const ski = keyIdentifier(spkiDer);
  cert.extensions = [
    extension("2.5.29.19", true, new pkijs.BasicConstraints({ cA: ca }).toSchema()),
    extension("2.5.29.15", true, new asn1js.BitString({ valueHex: buffer([ca ? 0x06 : 0x80]), unusedBits: ca ? 1 : 7 })),
    extension("2.5.29.14", false, new asn1js.OctetString({ valueHex: buffer(ski) })),
    extension(
      "2.5.29.35",
      false,
      new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: buffer(issuerKeyId ?? ski) }) }).toSchema(),
    ),
  ];
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  cert.signatureValue = new asn1js.BitString({ valueHex: buffer(sign("sha256", tbs, { key: signingKey, dsaEncoding: "der" })) });
  return { pem: toPem("CERTIFICATE", cert.toSchema(false).toBER(false)), keyId: ski };
}

/** A self-signed P-256 CA that can issue client certificates for foreign public keys. */
export function createDemoCa(commonName = "Custom Signer Demo CA") {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const spkiDer = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const root = issue({ subject: commonName, issuer: commonName, spkiDer, signingKey: privateKey, ca: true });
  return {
    certificatePem: root.pem,
    /** Issues a client certificate (digitalSignature, CA:FALSE) for `spkiDer`. */
    issueFor: (spkiDer, subject) =>
      issue({ subject, issuer: commonName, spkiDer, signingKey: privateKey, issuerKeyId: root.keyId, ca: false }).pem,
  };
}
