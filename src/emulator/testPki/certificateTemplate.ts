import { concatBytes, encodeOid, encodeTlv, encodeUnsignedInteger } from "../../encoding/der";

/** The name attributes a test certificate's subject may have. @public */
export type TestSubjectAttribute = "C" | "ST" | "L" | "O" | "OU" | "CN";

/** A test certificate's subject: `{ CN: "workload", O: "Example" }`. @public */
export type TestSubject = Readonly<Partial<Record<TestSubjectAttribute, string>>>;

/** Subject attributes a test certificate may carry, in the order they are written. @internal */
export const SUBJECT_ATTRIBUTES: readonly TestSubjectAttribute[] = ["C", "ST", "L", "O", "OU", "CN"];

const ATTRIBUTE_OIDS: Readonly<Record<TestSubjectAttribute, string>> = {
  C: "2.5.4.6",
  ST: "2.5.4.8",
  L: "2.5.4.7",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  CN: "2.5.4.3",
};

const SEQUENCE = 0x30;
const SET = 0x31;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A distinguished name, one attribute per RDN (countryName as PrintableString, the rest UTF8String). @internal */
export const encodeName = (subject: TestSubject): Uint8Array =>
  encodeTlv(
    SEQUENCE,
    concatBytes(
      ...SUBJECT_ATTRIBUTES.filter((key) => subject[key] !== undefined).map((key) =>
        encodeTlv(
          SET,
          encodeTlv(SEQUENCE, concatBytes(encodeOid(ATTRIBUTE_OIDS[key]), encodeTlv(key === "C" ? 0x13 : 0x0c, utf8(subject[key]!)))),
        ),
      ),
    ),
  );

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5), whole seconds, UTC. @internal */
export const encodeTime = (date: Date): Uint8Array => {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() < 2050 ? encodeTlv(0x17, utf8(digits.slice(2))) : encodeTlv(0x18, utf8(digits));
};

/** The signature algorithms a test certificate can be signed with. @internal */
export type TestSignatureAlgorithm = "ecdsa-with-SHA256" | "sha256WithRSAEncryption";

/** AlgorithmIdentifier of a signature algorithm (RSA with an explicit NULL, ECDSA without). @internal */
export const encodeSignatureAlgorithm = (algorithm: TestSignatureAlgorithm): Uint8Array =>
  algorithm === "ecdsa-with-SHA256"
    ? encodeTlv(SEQUENCE, encodeOid("1.2.840.10045.4.3.2"))
    : encodeTlv(SEQUENCE, concatBytes(encodeOid("1.2.840.113549.1.1.11"), Uint8Array.of(0x05, 0x00)));

const extension = (oid: string, critical: boolean, value: Uint8Array): Uint8Array =>
  encodeTlv(SEQUENCE, concatBytes(encodeOid(oid), critical ? Uint8Array.of(0x01, 0x01, 0xff) : new Uint8Array(), encodeTlv(0x04, value)));

/** What distinguishes the CA from the leaf in a test PKI. @internal */
export type TestCertificateRole = "ca" | "leaf";

/**
 * The v3 extensions of a test certificate: for the CA basicConstraints cA=TRUE and keyUsage
 * keyCertSign+cRLSign (what Roles Anywhere requires of a trust anchor); for the leaf cA=FALSE,
 * keyUsage digitalSignature and extendedKeyUsage clientAuth (what it requires of the signing
 * certificate). Both carry a subjectKeyIdentifier; the leaf also the CA's as authorityKeyIdentifier.
 * @internal
 */
export const encodeExtensions = (role: TestCertificateRole, subjectKeyId: Uint8Array, authorityKeyId: Uint8Array): Uint8Array => {
  const list =
    role === "ca"
      ? [
          extension("2.5.29.19", true, encodeTlv(SEQUENCE, Uint8Array.of(0x01, 0x01, 0xff))),
          extension("2.5.29.15", true, Uint8Array.of(0x03, 0x02, 0x01, 0x06)), // keyCertSign, cRLSign
          extension("2.5.29.14", false, encodeTlv(0x04, subjectKeyId)),
        ]
      : [
          extension("2.5.29.19", true, encodeTlv(SEQUENCE, new Uint8Array())),
          extension("2.5.29.15", true, Uint8Array.of(0x03, 0x02, 0x07, 0x80)), // digitalSignature
          extension("2.5.29.37", false, encodeTlv(SEQUENCE, encodeOid("1.3.6.1.5.5.7.3.2"))), // clientAuth
          extension("2.5.29.14", false, encodeTlv(0x04, subjectKeyId)),
          extension("2.5.29.35", false, encodeTlv(SEQUENCE, encodeTlv(0x80, authorityKeyId))),
        ];
  return encodeTlv(0xa3, encodeTlv(SEQUENCE, concatBytes(...list)));
};

/** The fields of a test certificate's TBSCertificate. @internal */
export interface TbsFields {
  readonly serial: Uint8Array;
  readonly signatureAlgorithm: TestSignatureAlgorithm;
  readonly issuer: TestSubject;
  readonly subject: TestSubject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  readonly role: TestCertificateRole;
  readonly subjectKeyId: Uint8Array;
  readonly authorityKeyId: Uint8Array;
}

/** DER TBSCertificate of an X.509 v3 certificate. Pure. @internal */
export const encodeTbsCertificate = (fields: TbsFields): Uint8Array =>
  encodeTlv(
    SEQUENCE,
    concatBytes(
      encodeTlv(0xa0, encodeUnsignedInteger(Uint8Array.of(2))), // version v3
      encodeUnsignedInteger(fields.serial),
      encodeSignatureAlgorithm(fields.signatureAlgorithm),
      encodeName(fields.issuer),
      encodeTlv(SEQUENCE, concatBytes(encodeTime(fields.notBefore), encodeTime(fields.notAfter))),
      encodeName(fields.subject),
      fields.spki,
      encodeExtensions(fields.role, fields.subjectKeyId, fields.authorityKeyId),
    ),
  );

/** DER Certificate: the TBSCertificate, its algorithm and the signature as a BIT STRING. Pure. @internal */
export const encodeCertificate = (tbs: Uint8Array, algorithm: TestSignatureAlgorithm, signature: Uint8Array): Uint8Array =>
  encodeTlv(SEQUENCE, concatBytes(tbs, encodeSignatureAlgorithm(algorithm), encodeTlv(0x03, concatBytes(Uint8Array.of(0), signature))));
