import { createPublicKey, verify } from "node:crypto";
import { TAG, decodeOid, isContext, isUniversal, parseDer, type DerNode } from "../../encoding/der";
import { SIGNATURE_HASHES } from "../../encoding/oids";
import type { PcaSigningAlgorithm } from "../state/pcaRecords";
import { type CaKey, algorithmIdentifier, signWith } from "./caKeys";
import { bits, explicit, int, seq } from "./derWriter";

/** A parsed, signature-checked PKCS#10 certification request. @internal */
export interface ParsedCsr {
  /** The subject Name, DER. */
  readonly subject: Uint8Array;
  /** SubjectPublicKeyInfo, DER. */
  readonly spki: Uint8Array;
  /** The requested subjectAltName extension (the whole Extension TLV), if any. */
  readonly subjectAltName?: Uint8Array;
}

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";
const SUBJECT_ALT_NAME = "2.5.29.17";

/** A PKCS#10 request for `subject` signed with the CA's own key (what GetCertificateAuthorityCsr returns). @internal */
export function buildCsr(subject: Uint8Array, key: CaKey, signing: PcaSigningAlgorithm): Uint8Array {
  const info = seq(int(0), subject, key.spki, explicit(0));
  return seq(info, algorithmIdentifier(signing), bits(signWith(signing, key.privateKey, info)));
}

function requestedSan(attributes: DerNode | undefined): Uint8Array | undefined {
  for (const attribute of attributes?.children ?? []) {
    const [type, values] = attribute.children;
    if (!isUniversal(type, TAG.OID) || decodeOid(type.content) !== EXTENSION_REQUEST) continue;
    for (const extension of values?.children[0]?.children ?? []) {
      const id = extension.children[0];
      if (isUniversal(id, TAG.OID) && decodeOid(id.content) === SUBJECT_ALT_NAME) return extension.raw;
    }
  }
  return undefined;
}

/**
 * Parses a PKCS#10 request (PEM text or DER) and checks its self-signature (RSA PKCS#1 v1.5,
 * ECDSA or Ed25519).
 * @returns the request, or a sentence saying what is wrong (ACM PCA answers `MalformedCSRException`).
 * @internal
 */
export function parseCsr(der: Uint8Array): ParsedCsr | { problem: string } {
  const root = parseDer(der);
  const [info, algorithm, signature] = root?.children ?? [];
  if (
    !isUniversal(root, TAG.SEQUENCE) ||
    !isUniversal(info, TAG.SEQUENCE) ||
    !isUniversal(algorithm, TAG.SEQUENCE) ||
    !isUniversal(signature, TAG.BIT_STRING)
  ) {
    return { problem: "the CSR is not a PKCS#10 CertificationRequest" };
  }
  const [version, subject, spki, attributes] = info.children;
  if (!isUniversal(version, TAG.INTEGER) || !isUniversal(subject, TAG.SEQUENCE) || !isUniversal(spki, TAG.SEQUENCE)) {
    return { problem: "the CSR's CertificationRequestInfo is malformed" };
  }
  const algorithmOid = algorithm.children[0];
  if (!isUniversal(algorithmOid, TAG.OID)) return { problem: "the CSR's signature algorithm is malformed" };
  const hashName = SIGNATURE_HASHES[decodeOid(algorithmOid.content)];
  if (hashName === undefined || hashName === "RSASSA-PSS" || hashName === "MD5" || hashName === "SHA-1") {
    return { problem: `the CSR's signature algorithm ${decodeOid(algorithmOid.content)} is not supported` };
  }
  try {
    const key = createPublicKey({ key: Buffer.from(spki.raw), format: "der", type: "spki" });
    const hash = hashName === "Ed25519" ? null : hashName.replace("-", "").toLowerCase();
    if (!verify(hash, info.raw, { key, dsaEncoding: "der" }, signature.content.subarray(1)))
      return { problem: "the CSR's signature does not verify" };
  } catch {
    return { problem: "the CSR's public key or signature cannot be read" };
  }
  const san = requestedSan(isContext(attributes, 0) ? attributes : undefined);
  return { subject: subject.raw, spki: spki.raw, ...(san ? { subjectAltName: san } : {}) };
}
