import { RolesAnywhereError } from "../../errors";
import { type CertificateInfo, parseCertificate } from "../../certificate/certificate";
import { mayHaveIssued, orderChain } from "../../certificate/chainLinks";
import { bytesEqual } from "../../encoding/der";
import type { Pkcs12Contents } from "./pkcs12";

/**
 * The signing material found in a PKCS#12 file.
 *
 * @internal
 */
export interface Pkcs12Identity {
  readonly certificate: Uint8Array;
  /** The certificates above the leaf, nearest first (the leaf is never included). */
  readonly chain: Uint8Array[];
  /** Unencrypted PKCS#8 DER. */
  readonly privateKey: Uint8Array;
}

const sameId = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean => a !== undefined && b !== undefined && bytesEqual(a, b);

/**
 * Picks the key, its certificate (paired by `localKeyID`, else the only
 * certificate, else the one that issued none of the others) and the chain above it.
 *
 * @internal
 */
export const selectPkcs12Identity = (contents: Pkcs12Contents): Pkcs12Identity => {
  if (contents.keys.length === 0) {
    throw new RolesAnywhereError(
      "ERR_INVALID_PRIVATE_KEY",
      "The PKCS#12 file holds no private key. Export it with the key (openssl pkcs12 -export -inkey key.pem -in cert.pem).",
    );
  }
  if (contents.certificates.length === 0) {
    throw new RolesAnywhereError(
      "ERR_INVALID_CERTIFICATE",
      "The PKCS#12 file holds no certificate. Export it with the certificate (openssl pkcs12 -export -inkey key.pem -in cert.pem).",
    );
  }
  const parsed = contents.certificates.map((entry) => ({ ...entry, info: parseCertificate(entry.der) }));
  const paired = contents.keys.flatMap((key) =>
    parsed.filter((cert) => sameId(cert.localKeyId, key.localKeyId)).map((cert) => ({ key, cert })),
  )[0];
  const key = paired?.key ?? contents.keys[0]!;
  const leaf =
    paired?.cert ??
    (parsed.length === 1
      ? parsed[0]!
      : (parsed.find((cert) => !parsed.some((other) => other !== cert && mayHaveIssued(cert.info, other.info))) ?? parsed[0]!));
  const others: CertificateInfo[] = parsed.filter((cert) => cert !== leaf).map((cert) => cert.info);
  return { certificate: leaf.der, chain: orderChain(leaf.info, others).path.map((info) => info.der), privateKey: key.pkcs8 };
};
