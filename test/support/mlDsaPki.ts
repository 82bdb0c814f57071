// Test-only ML-DSA PKI for the emulator: ML-DSA-44/65/87 CAs (self-signed, or issued by an RSA/EC
// CA from test/support/pki.ts), certificates for ML-DSA or classic keys issued by either kind of
// CA, and CRLs signed with ML-DSA. test/support/pki.ts keys are node:crypto KeyObjects, which
// Node 20 cannot make for ML-DSA; this builds the same kind of certificates with pkijs and signs
// them with @noble/post-quantum (pure ML-DSA, empty context, RFC 9881 algorithm identifiers).
import { createHash, randomBytes, sign as cryptoSign } from "node:crypto";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { ML_DSA_OID, type ParameterSet, mlDsaPkcs8, mlDsaSpki, pem } from "./mlDsaMaterial";
import { keyUsageBitString, randomSerial, serialToDerContents, toPem, type TestCert } from "./pki";

export type { ParameterSet } from "./mlDsaMaterial";

const SCHEMES = { "ML-DSA-44": ml_dsa44, "ML-DSA-65": ml_dsa65, "ML-DSA-87": ml_dsa87 } as const;
const HOUR = 60 * 60 * 1000;

/** An ML-DSA key pair with its SPKI and a PKCS#8 PEM (seed form) the library can load. */
export interface MlDsaKey {
  readonly set: ParameterSet;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  readonly spki: Uint8Array;
  readonly privateKeyPem: string;
}

/** A certificate made here; `mlDsaKey` is set when its subject key is ML-DSA. */
export interface MlDsaPkiCert {
  readonly certificatePem: string;
  readonly certificateDer: Uint8Array;
  readonly serial: bigint;
  readonly keyIdentifier: Uint8Array;
  readonly mlDsaKey?: MlDsaKey;
}

/** What can issue: a CA from test/support/pki.ts (RSA or EC key) or an ML-DSA CA made here. */
export type Issuer = TestCert | MlDsaPkiCert;

export function generateMlDsaKey(set: ParameterSet): MlDsaKey {
  const seed = new Uint8Array(randomBytes(32));
  const { publicKey, secretKey } = SCHEMES[set].keygen(seed);
  return { set, publicKey, secretKey, spki: mlDsaSpki(set, publicKey), privateKeyPem: pem(mlDsaPkcs8(set, { seed }, "seed")) };
}

const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

function commonName(value: string): pkijs.RelativeDistinguishedNames {
  const atv = new pkijs.AttributeTypeAndValue({ type: "2.5.4.3", value: new asn1js.Utf8String({ value }) });
  return new pkijs.RelativeDistinguishedNames({ typesAndValues: [atv] });
}

const keyIdentifierOf = (spki: Uint8Array): Uint8Array =>
  new Uint8Array(
    createHash("sha1")
      .update(pkijs.PublicKeyInfo.fromBER(buffer(spki)).subjectPublicKey.valueBlock.valueHexView)
      .digest(),
  );

const isMlDsaIssuer = (issuer: Issuer): issuer is MlDsaPkiCert & { mlDsaKey: MlDsaKey } =>
  "mlDsaKey" in issuer && issuer.mlDsaKey !== undefined;

/** The signature algorithm and signing function of an issuer (SHA-256 for RSA and EC). */
function signerOf(issuer: Issuer): { algorithm: () => pkijs.AlgorithmIdentifier; sign: (tbs: Uint8Array) => Uint8Array } {
  if (isMlDsaIssuer(issuer)) {
    const { set, secretKey } = issuer.mlDsaKey;
    return {
      algorithm: () => new pkijs.AlgorithmIdentifier({ algorithmId: ML_DSA_OID[set] }),
      sign: (tbs) => SCHEMES[set].sign(tbs, secretKey),
    };
  }
  const { key } = issuer as TestCert;
  if (key.spec.type === "RSA") {
    return {
      algorithm: () => new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.113549.1.1.11", algorithmParams: new asn1js.Null() }),
      sign: (tbs) => new Uint8Array(cryptoSign("sha256", tbs, key.privateKey)),
    };
  }
  if (key.spec.type !== "EC") throw new Error(`mlDsaPki: issuers with ${key.spec.type} keys are not supported here`);
  return {
    algorithm: () => new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.10045.4.3.2" }),
    sign: (tbs) => new Uint8Array(cryptoSign("sha256", tbs, { key: key.privateKey, dsaEncoding: "der" })),
  };
}

function extension(extnID: string, critical: boolean, value: asn1js.AsnType): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

interface IssueOptions {
  /** Undefined for a self-signed ML-DSA root (then `mlDsaKey` signs). */
  issuer?: Issuer;
  subjectCN: string;
  /** The subject's public key: an ML-DSA key, or any SPKI DER (e.g. a test/support/pki key). */
  key: MlDsaKey | { spki: Uint8Array };
  ca: boolean;
  serial?: bigint;
  /** Signs with this issuer key instead of the issuer's own (a forgery: names and key ids still match). */
  forgeWith?: MlDsaKey;
}

function issue(o: IssueOptions): MlDsaPkiCert {
  const mlDsaKey = "secretKey" in o.key ? o.key : undefined;
  const ski = keyIdentifierOf(o.key.spki);
  const self: MlDsaPkiCert = {
    certificatePem: "",
    certificateDer: new Uint8Array(),
    serial: 0n,
    keyIdentifier: ski,
    ...(mlDsaKey ? { mlDsaKey } : {}),
  };
  const issuer = o.issuer ?? self;
  const signer = signerOf(o.forgeWith ? { ...issuer, mlDsaKey: o.forgeWith } : issuer);
  const cert = new pkijs.Certificate();
  const serial = o.serial ?? randomSerial();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: buffer(serialToDerContents(serial)) });
  cert.signature = signer.algorithm();
  cert.signatureAlgorithm = signer.algorithm();
  cert.issuer = o.issuer ? pkijs.Certificate.fromBER(buffer(o.issuer.certificateDer)).subject : commonName(o.subjectCN);
  cert.subject = commonName(o.subjectCN);
  cert.notBefore = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR) });
  cert.notAfter = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(Date.now() + 24 * HOUR) });
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(buffer(o.key.spki));
  cert.extensions = [
    extension("2.5.29.19", true, new pkijs.BasicConstraints({ cA: o.ca }).toSchema()),
    extension("2.5.29.15", true, keyUsageBitString(o.ca ? ["keyCertSign", "cRLSign"] : ["digitalSignature"])),
    extension("2.5.29.14", false, new asn1js.OctetString({ valueHex: buffer(ski) })),
    extension(
      "2.5.29.35",
      false,
      new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: buffer(issuer.keyIdentifier) }) }).toSchema(),
    ),
  ];
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs as Uint8Array<ArrayBuffer>;
  cert.signatureValue = new asn1js.BitString({ valueHex: buffer(signer.sign(tbs)) });
  const der = new Uint8Array(cert.toSchema(false).toBER(false));
  return { certificatePem: toPem("CERTIFICATE", der), certificateDer: der, serial, keyIdentifier: ski, ...(mlDsaKey ? { mlDsaKey } : {}) };
}

/** An ML-DSA CA: self-signed, or issued by `issuer` (an RSA/EC CA or another ML-DSA CA). */
export function createMlDsaCa(set: ParameterSet, subjectCN: string, issuer?: Issuer): MlDsaPkiCert {
  return issue({ ...(issuer ? { issuer } : {}), subjectCN, key: generateMlDsaKey(set), ca: true });
}

/**
 * An end-entity certificate (digitalSignature, CA:FALSE) from `issuer` for a new ML-DSA key of
 * `set`, or for `key` (an SPKI DER, e.g. a classic key). `forgeWith` signs it with another key.
 */
export function issueMlDsaPkiCertificate(opts: {
  issuer: Issuer;
  subjectCN: string;
  set?: ParameterSet;
  key?: MlDsaKey | { spki: Uint8Array };
  serial?: bigint;
  forgeWith?: MlDsaKey;
}): MlDsaPkiCert {
  const key = opts.key ?? generateMlDsaKey(opts.set ?? "ML-DSA-65");
  return issue({
    issuer: opts.issuer,
    subjectCN: opts.subjectCN,
    key,
    ca: false,
    ...(opts.serial ? { serial: opts.serial } : {}),
    ...(opts.forgeWith ? { forgeWith: opts.forgeWith } : {}),
  });
}

/** A v2 CRL signed by the ML-DSA CA `issuer` listing `revokedSerials`; `tamper` flips a signature bit. PEM. */
export function createMlDsaCrl(issuer: MlDsaPkiCert, revokedSerials: readonly bigint[], tamper = false): string {
  const signer = signerOf(issuer);
  const now = new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR);
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.signature = signer.algorithm();
  crl.signatureAlgorithm = signer.algorithm();
  crl.issuer = pkijs.Certificate.fromBER(buffer(issuer.certificateDer)).subject;
  crl.thisUpdate = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: now });
  crl.nextUpdate = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(now.getTime() + 24 * HOUR) });
  crl.revokedCertificates = revokedSerials.map(
    (serial) =>
      new pkijs.RevokedCertificate({
        userCertificate: new asn1js.Integer({ valueHex: buffer(serialToDerContents(serial)) }),
        revocationDate: new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: now }),
      }),
  );
  const tbs = new Uint8Array((crl as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS().toBER(false));
  crl.tbsView = tbs as Uint8Array<ArrayBuffer>;
  const signature = signer.sign(tbs);
  if (tamper) signature[10]! ^= 0x01;
  crl.signatureValue = new asn1js.BitString({ valueHex: buffer(signature) });
  return toPem("X509 CRL", new Uint8Array(crl.toSchema(false).toBER(false)));
}
