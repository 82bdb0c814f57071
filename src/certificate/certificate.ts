import { RolesAnywhereError } from "../errors";
import { type DerNode, TAG, decodeInteger, decodeOid, isContext, isUniversal, parseDer } from "../encoding/der";
import { type NameAttribute, readName } from "./name";
import { CURVES, ML_DSA_OIDS, OID, SIGNATURE_HASHES } from "../encoding/oids";

/**
 * Key algorithm of a certificate's subject public key.
 *
 * @public
 */
export type PublicKeyType = "RSA" | "EC" | "Ed25519" | "Ed448" | "DSA" | "ML-DSA" | "unknown";

/**
 * The subject public key of a certificate.
 *
 * @public
 */
export interface CertificatePublicKey {
  readonly type: PublicKeyType;
  /** Algorithm OID from the SubjectPublicKeyInfo. */
  readonly oid: string;
  /** For EC keys: `P-256`, `P-384`, `P-521`, or the curve OID when unknown. For ML-DSA: the parameter set. */
  readonly namedCurve?: string;
  /** For RSA keys: modulus size in bits. */
  readonly modulusBits?: number;
  /** The DER SubjectPublicKeyInfo, ready for `crypto.subtle.importKey("spki", …)`. */
  readonly spki: Uint8Array;
}

/**
 * Key usage bits (RFC 5280 §4.2.1.3).
 *
 * @public
 */
export interface KeyUsage {
  readonly digitalSignature: boolean;
  readonly nonRepudiation: boolean;
  readonly keyEncipherment: boolean;
  readonly dataEncipherment: boolean;
  readonly keyAgreement: boolean;
  readonly keyCertSign: boolean;
  readonly cRLSign: boolean;
}

/**
 * Subject alternative names, by kind, in certificate order.
 *
 * @public
 */
export interface SubjectAltName {
  readonly dns: readonly string[];
  readonly uri: readonly string[];
  readonly email: readonly string[];
  readonly ip: readonly string[];
  readonly directoryNames: readonly (readonly NameAttribute[])[];
}

/**
 * What this package reads from an X.509 certificate.
 *
 * @public
 */
export interface CertificateInfo {
  readonly der: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  readonly serialNumber: bigint;
  /** Decimal serial: the `Credential=` value of a Roles Anywhere signature. */
  readonly serialDecimal: string;
  /**
   * The serial as `openssl x509 -serial` prints it, the one form used in every message and
   * report: upper-case hex of its magnitude, padded to an even length (291 → `0123`), no sign byte.
   */
  readonly serialHex: string;
  readonly subject: readonly NameAttribute[];
  readonly issuer: readonly NameAttribute[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: CertificatePublicKey;
  readonly signatureAlgorithmOid: string;
  /** Hash of the certificate's own signature (`SHA-256`, `SHA-1`, …) when known. */
  readonly signatureHash?: string;
  readonly tbsCertificate: Uint8Array;
  readonly signatureValue: Uint8Array;
  readonly extensions: readonly { readonly oid: string; readonly critical: boolean; readonly value: Uint8Array }[];
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number };
  readonly keyUsage?: KeyUsage;
  readonly subjectAltName?: SubjectAltName;
  readonly subjectKeyIdentifier?: Uint8Array;
  readonly authorityKeyIdentifier?: Uint8Array;
}

const fail = (detail: string): never => {
  throw new RolesAnywhereError(
    "ERR_INVALID_CERTIFICATE",
    `The certificate could not be parsed: ${detail}. Provide the X.509 certificate as PEM ("-----BEGIN CERTIFICATE-----") or DER bytes.`,
  );
};

const readTime = (node: DerNode | undefined): Date => {
  if (!node || node.constructed) return fail("a validity date is missing");
  const text = new TextDecoder().decode(node.content);
  let match: RegExpExecArray | null;
  if (node.tagNumber === TAG.UTC_TIME && (match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text))) {
    const yy = Number(match[1]);
    return new Date(
      Date.UTC(
        yy >= 50 ? 1900 + yy : 2000 + yy,
        Number(match[2]) - 1,
        Number(match[3]),
        Number(match[4]),
        Number(match[5]),
        Number(match[6] ?? 0),
      ),
    );
  }
  if (node.tagNumber === TAG.GENERALIZED_TIME && (match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text))) {
    return new Date(
      Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])),
    );
  }
  return fail(`the validity date "${text}" is not a UTC time`);
};

const bitStringBytes = (node: DerNode): Uint8Array => node.content.subarray(1);

const readPublicKey = (spki: DerNode): CertificatePublicKey => {
  const [algorithm, key] = spki.children;
  const [oidNode, params] = algorithm?.children ?? [];
  if (!isUniversal(spki, TAG.SEQUENCE) || !isUniversal(oidNode, TAG.OID) || !isUniversal(key, TAG.BIT_STRING)) {
    return fail("the subject public key is malformed");
  }
  const oid = decodeOid(oidNode.content);
  if (oid === OID.rsaEncryption) {
    const modulus = parseDer(bitStringBytes(key))?.children[0];
    if (!isUniversal(modulus, TAG.INTEGER)) return fail("the RSA public key is malformed");
    let bytes = modulus.content;
    while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
    const bits = bytes.length * 8 - Math.clz32(bytes[0]!) + 24;
    return { type: "RSA", oid, modulusBits: bits, spki: spki.raw };
  }
  if (oid === OID.ecPublicKey) {
    const curveOid = isUniversal(params, TAG.OID) ? decodeOid(params.content) : "explicit";
    return { type: "EC", oid, namedCurve: CURVES[curveOid] ?? curveOid, spki: spki.raw };
  }
  const mlDsa = ML_DSA_OIDS[oid];
  if (mlDsa) return { type: "ML-DSA", oid, namedCurve: mlDsa, spki: spki.raw };
  const type = oid === OID.ed25519 ? "Ed25519" : oid === OID.ed448 ? "Ed448" : oid === OID.dsa ? "DSA" : "unknown";
  return { type, oid, spki: spki.raw };
};

/**
 * Reads a DER SubjectPublicKeyInfo (e.g. a key's `-----BEGIN PUBLIC KEY-----`) as a certificate's key is read.
 *
 * @throws {@link RolesAnywhereError} `ERR_INVALID_CERTIFICATE` when the bytes are not one.
 * @internal
 */
export const readSubjectPublicKeyInfo = (der: Uint8Array): CertificatePublicKey => {
  const node = parseDer(der);
  return node ? readPublicKey(node) : fail("the subject public key is malformed");
};

const readKeyUsage = (value: Uint8Array): KeyUsage | undefined => {
  const node = parseDer(value);
  if (!isUniversal(node, TAG.BIT_STRING)) return undefined;
  const first = node.content[1] ?? 0;
  const second = node.content[2] ?? 0;
  const bit = (n: number): boolean => ((n < 8 ? first : second) & (0x80 >> (n % 8))) !== 0;
  return {
    digitalSignature: bit(0),
    nonRepudiation: bit(1),
    keyEncipherment: bit(2),
    dataEncipherment: bit(3),
    keyAgreement: bit(4),
    keyCertSign: bit(5),
    cRLSign: bit(6),
  };
};

const readBasicConstraints = (value: Uint8Array): CertificateInfo["basicConstraints"] => {
  const node = parseDer(value);
  if (!isUniversal(node, TAG.SEQUENCE)) return undefined;
  let ca = false;
  let pathLength: number | undefined;
  for (const child of node.children) {
    if (isUniversal(child, TAG.BOOLEAN)) ca = child.content[0] !== 0;
    if (child.tagClass === 0 && child.tagNumber === TAG.INTEGER) pathLength = Number(decodeInteger(child.content));
  }
  return pathLength === undefined ? { ca } : { ca, pathLength };
};

const readSubjectAltName = (value: Uint8Array): SubjectAltName | undefined => {
  const node = parseDer(value);
  if (!isUniversal(node, TAG.SEQUENCE)) return undefined;
  const san = {
    dns: [] as string[],
    uri: [] as string[],
    email: [] as string[],
    ip: [] as string[],
    directoryNames: [] as NameAttribute[][],
  };
  const text = (n: DerNode): string => new TextDecoder().decode(n.content);
  for (const name of node.children) {
    if (name.tagClass !== 2) continue;
    if (name.tagNumber === 1) san.email.push(text(name));
    else if (name.tagNumber === 2) san.dns.push(text(name));
    else if (name.tagNumber === 6) san.uri.push(text(name));
    else if (name.tagNumber === 7) san.ip.push(formatIp(name.content));
    else if (name.tagNumber === 4 && name.children[0]) {
      const attributes = readName(name.children[0]);
      if (attributes) san.directoryNames.push(attributes);
    }
  }
  return san;
};

const formatIp = (bytes: Uint8Array): string =>
  bytes.length === 4
    ? Array.from(bytes).join(".")
    : Array.from({ length: bytes.length / 2 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(":");

const readOctets = (value: Uint8Array): Uint8Array | undefined => {
  const node = parseDer(value);
  return isUniversal(node, TAG.OCTET_STRING) ? node.content : undefined;
};

const readAuthorityKeyIdentifier = (value: Uint8Array): Uint8Array | undefined => {
  const node = parseDer(value);
  const keyId = node?.children.find((child) => isContext(child, 0));
  return keyId?.content;
};

const toHex = (value: bigint): string => {
  const hex = (value < 0n ? -value : value).toString(16).toUpperCase();
  return hex.length % 2 === 0 ? hex : `0${hex}`;
};

/**
 * Parses a DER-encoded X.509 certificate into the fields Roles Anywhere uses.
 *
 * @throws {@link RolesAnywhereError} `ERR_INVALID_CERTIFICATE` when the bytes are not a certificate.
 * @public
 */
export const parseCertificate = (der: Uint8Array): CertificateInfo => {
  const root = parseDer(der);
  const [tbs, signatureAlgorithm, signatureValue] = root?.children ?? [];
  if (!isUniversal(root, TAG.SEQUENCE) || !isUniversal(tbs, TAG.SEQUENCE) || !isUniversal(signatureValue, TAG.BIT_STRING)) {
    return fail("the data is not a DER X.509 certificate");
  }
  const fields = [...tbs.children];
  let version = 1;
  if (isContext(fields[0], 0)) {
    const versionNode = fields.shift()!.children[0];
    version = versionNode ? Number(decodeInteger(versionNode.content)) + 1 : 1;
  }
  const [serialNode, , issuerNode, validityNode, subjectNode, spkiNode, ...rest] = fields;
  if (!isUniversal(serialNode, TAG.INTEGER)) return fail("the serial number is missing");
  if (serialNode.content.length === 0) return fail("the serial number is empty (an INTEGER without content)");
  const issuer = issuerNode && readName(issuerNode);
  const subject = subjectNode && readName(subjectNode);
  if (!issuer || !subject) return fail("the issuer or subject name is malformed");
  if (!isUniversal(validityNode, TAG.SEQUENCE) || !spkiNode) return fail("the validity or public key is missing");
  const serialNumber = decodeInteger(serialNode.content);
  const sigOidNode = signatureAlgorithm?.children[0];
  const signatureAlgorithmOid = isUniversal(sigOidNode, TAG.OID) ? decodeOid(sigOidNode.content) : "";
  const signatureHash = SIGNATURE_HASHES[signatureAlgorithmOid];

  const extensions: { oid: string; critical: boolean; value: Uint8Array }[] = [];
  const extensionsNode = rest.find((node) => isContext(node, 3))?.children[0];
  for (const extension of extensionsNode?.children ?? []) {
    const [oidNode, second, third] = extension.children;
    if (!isUniversal(oidNode, TAG.OID)) return fail("an extension is malformed");
    const critical = isUniversal(second, TAG.BOOLEAN) ? second.content[0] !== 0 : false;
    const valueNode = isUniversal(second, TAG.OCTET_STRING) ? second : third;
    if (!isUniversal(valueNode, TAG.OCTET_STRING)) return fail("an extension value is malformed");
    extensions.push({ oid: decodeOid(oidNode.content), critical, value: valueNode.content });
  }
  const extension = (oid: string): Uint8Array | undefined => extensions.find((e) => e.oid === oid)?.value;
  const withValue = <T>(oid: string, read: (value: Uint8Array) => T | undefined): T | undefined => {
    const value = extension(oid);
    return value === undefined ? undefined : read(value);
  };

  const info: CertificateInfo = {
    der: root.raw,
    version,
    serialNumber,
    serialDecimal: serialNumber.toString(10),
    serialHex: toHex(serialNumber),
    subject,
    issuer,
    notBefore: readTime(validityNode.children[0]),
    notAfter: readTime(validityNode.children[1]),
    publicKey: readPublicKey(spkiNode),
    signatureAlgorithmOid,
    ...(signatureHash === undefined ? {} : { signatureHash }),
    tbsCertificate: tbs.raw,
    signatureValue: bitStringBytes(signatureValue),
    extensions,
  };
  const optional = {
    basicConstraints: withValue(OID.basicConstraints, readBasicConstraints),
    keyUsage: withValue(OID.keyUsage, readKeyUsage),
    subjectAltName: withValue(OID.subjectAltName, readSubjectAltName),
    subjectKeyIdentifier: withValue(OID.subjectKeyIdentifier, readOctets),
    authorityKeyIdentifier: withValue(OID.authorityKeyIdentifier, readAuthorityKeyIdentifier),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (info as unknown as Record<string, unknown>)[key] = value;
  }
  return info;
};
