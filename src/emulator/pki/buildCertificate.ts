import { createHash, type KeyObject } from "node:crypto";
import { TAG, isUniversal, parseDer } from "../../encoding/der";
import type { PcaSigningAlgorithm } from "../state/pcaRecords";
import { algorithmIdentifier, signWith } from "./caKeys";
import { bits, bool, explicit, implicit, int, octets, oid, seq, time, tlv } from "./derWriter";
import type { TemplateSpec } from "./pcaTemplates";

/** What a certificate is built from. @internal */
export interface CertificateInput {
  readonly serial: bigint;
  /** Issuer Name, DER (the subject of the issuing CA's certificate, or the subject itself for a root). */
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  /** SubjectPublicKeyInfo, DER. */
  readonly spki: Uint8Array;
  /** The issuer's SubjectPublicKeyInfo (for the authority key identifier). */
  readonly issuerSpki: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly template: TemplateSpec;
  /** A subjectAltName extension (whole Extension TLV) passed through from the CSR. */
  readonly subjectAltName?: Uint8Array;
  readonly signing: PcaSigningAlgorithm;
  readonly signerKey: KeyObject;
}

/** The SHA-1 key identifier of a SubjectPublicKeyInfo (RFC 5280 §4.2.1.2, method 1). @internal */
export function keyIdentifier(spki: Uint8Array): Uint8Array {
  const key = parseDer(spki)?.children[1];
  const bytes = isUniversal(key, TAG.BIT_STRING) ? key.content.subarray(1) : spki;
  return new Uint8Array(createHash("sha1").update(bytes).digest());
}

const extension = (id: string, critical: boolean, value: Uint8Array): Uint8Array =>
  critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));

/** keyUsage as a DER BIT STRING (named bits, trailing zero bits dropped). */
function keyUsageBits(names: readonly string[]): Uint8Array {
  const positions: Record<string, number> = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 };
  let value = 0;
  let last = 0;
  for (const name of names) {
    const bit = positions[name]!;
    value |= 0x80 >> bit;
    last = Math.max(last, bit);
  }
  return tlv(0x03, Uint8Array.of(7 - last, value));
}

function extensionsOf(input: CertificateInput): Uint8Array[] {
  const { template } = input;
  const out = [
    extension(
      "2.5.29.19",
      template.ca,
      template.ca ? seq(bool(true), ...(template.pathLength === undefined ? [] : [int(template.pathLength)])) : seq(),
    ),
    extension(
      "2.5.29.15",
      true,
      keyUsageBits(template.ca ? ["digitalSignature", "keyCertSign", "cRLSign"] : (template.keyUsage ?? ["digitalSignature"])),
    ),
    extension("2.5.29.14", false, octets(keyIdentifier(input.spki))),
    extension("2.5.29.35", false, seq(implicit(0, keyIdentifier(input.issuerSpki)))),
  ];
  if (!template.ca && template.extendedKeyUsage) out.push(extension("2.5.29.37", false, seq(...template.extendedKeyUsage.map(oid))));
  if (!template.ca && input.subjectAltName) out.push(input.subjectAltName);
  return out;
}

/**
 * Builds and signs an X.509 v3 certificate as an ACM PCA template makes it: basic
 * constraints, key usage (critical), subject and authority key identifiers, extended key usage
 * and the CSR's subjectAltName for end entities.
 * @returns the certificate DER.
 * @internal
 */
export function buildCertificate(input: CertificateInput): Uint8Array {
  const algorithm = algorithmIdentifier(input.signing);
  const tbs = seq(
    explicit(0, int(2)),
    int(input.serial),
    algorithm,
    input.issuer,
    seq(time(input.notBefore), time(input.notAfter)),
    input.subject,
    input.spki,
    explicit(3, seq(...extensionsOf(input))),
  );
  return seq(tbs, algorithm, bits(signWith(input.signing, input.signerKey, tbs)));
}
