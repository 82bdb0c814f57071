import { loadCaKey, type CaKey } from "../../pki/caKeys";
import { derBlocks, loadCertificate, type LoadedCertificate } from "../../pki/loadCertificate";
import type { CertificateAuthorityRecord } from "../../state/pcaRecords";
import { isContext, parseDer } from "../../../encoding/der";
import { fault } from "../fault";

const keys = new WeakMap<Uint8Array, CaKey>();

/** The CA's key, loaded once from its PKCS#8 DER. @internal */
export function caKeyOf(ca: CertificateAuthorityRecord): CaKey {
  let key = keys.get(ca.privateKeyPkcs8);
  if (!key) keys.set(ca.privateKeyPkcs8, (key = loadCaKey(ca.privateKeyPkcs8)));
  return key;
}

/**
 * Certificates from a blob member (PEM text as bytes, or one DER certificate).
 * @throws ServiceFault MalformedCertificateException
 * @internal
 */
export function certificatesFromBlob(bytes: Uint8Array): LoadedCertificate[] {
  const text = Buffer.from(bytes).toString("latin1");
  const ders = text.includes("-----BEGIN") ? derBlocks(text, "CERTIFICATE") : [bytes];
  try {
    return ders.map(loadCertificate);
  } catch {
    throw fault("MalformedCertificateException", "The certificate could not be parsed.");
  }
}

/** The DER of a CSR blob (PEM text as bytes, or DER). @internal */
export function csrFromBlob(bytes: Uint8Array): Uint8Array | undefined {
  const text = Buffer.from(bytes).toString("latin1");
  if (!text.includes("-----BEGIN")) return bytes;
  return derBlocks(text, "CERTIFICATE REQUEST")[0] ?? derBlocks(text, "NEW CERTIFICATE REQUEST")[0];
}

/** The subject Name DER of a certificate (the issuer name of what it signs). @internal */
export function subjectNameOf(certificate: LoadedCertificate): Uint8Array {
  const fields = parseDer(certificate.info.tbsCertificate)?.children ?? [];
  const offset = isContext(fields[0], 0) ? 1 : 0; // version [0] is optional
  return fields[offset + 4]!.raw;
}
