import { RolesAnywhereError } from "../errors";
import { type CertificateInfo, parseCertificate } from "./certificate";
import { bytesEqual } from "../encoding/der";
import { type NameAttribute, formatName } from "./name";

const normalize = (value: string): string => value.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * True when two distinguished names are equal, attribute by attribute, comparing
 * values case-insensitively with whitespace collapsed (RFC 5280 §7.1, simplified).
 *
 * @internal
 */
export const sameName = (a: readonly NameAttribute[], b: readonly NameAttribute[]): boolean =>
  a.length === b.length && a.every((attribute, i) => attribute.oid === b[i]!.oid && normalize(attribute.value) === normalize(b[i]!.value));

/**
 * True when `parent` may have issued `child`: the child's issuer is the parent's
 * subject and, when both are present, the key identifiers agree. (The signature is
 * the service's to check.)
 *
 * @internal
 */
export const mayHaveIssued = (parent: CertificateInfo, child: CertificateInfo): boolean =>
  sameName(child.issuer, parent.subject) &&
  (child.authorityKeyIdentifier === undefined ||
    parent.subjectKeyIdentifier === undefined ||
    bytesEqual(child.authorityKeyIdentifier, parent.subjectKeyIdentifier));

/**
 * True for a self-issued certificate (a root).
 *
 * @internal
 */
export const isSelfIssued = (certificate: CertificateInfo): boolean => mayHaveIssued(certificate, certificate);

/**
 * Orders `pool` from the certificate that issued `leaf` upwards, following issuer
 * links; certificates that are not on the path are returned separately.
 *
 * @internal
 */
export const orderChain = (
  leaf: CertificateInfo,
  pool: readonly CertificateInfo[],
): { path: CertificateInfo[]; unlinked: CertificateInfo[] } => {
  const remaining = [...pool];
  const path: CertificateInfo[] = [];
  let current = leaf;
  while (!isSelfIssued(current)) {
    const index = remaining.findIndex((candidate) => mayHaveIssued(candidate, current));
    if (index < 0) break;
    current = remaining.splice(index, 1)[0]!;
    path.push(current);
  }
  return { path, unlinked: remaining };
};

/**
 * Checks, before any request, that every chain certificate lies on the path from
 * the leaf upwards (in any order): the leaf's issuer must be among them, and each
 * one must be the issuer of the leaf or of another one on the path. Otherwise the
 * service would reject the request with an opaque "Untrusted signing certificate".
 *
 * @throws RolesAnywhereError `ERR_INVALID_CHAIN`, naming the certificate that does not link.
 * @internal
 */
export const assertChainLinks = (leaf: CertificateInfo, chain: readonly Uint8Array[]): void => {
  if (chain.length === 0) return;
  const pool = chain.map((der) => parseCertificate(der));
  const { path, unlinked } = orderChain(leaf, pool);
  if (path.length === 0) {
    throw new RolesAnywhereError(
      "ERR_INVALID_CHAIN",
      `The certificate chain does not link to the leaf: none of its ${chain.length} certificate(s) is the leaf's issuer "${formatName(leaf.issuer)}". Pass the intermediate CA certificates that issued the leaf (leaf's issuer first), or no chain if the trust anchor issued the leaf directly.`,
    );
  }
  const stray = unlinked[0];
  if (stray) {
    const position = pool.indexOf(stray) + 1;
    throw new RolesAnywhereError(
      "ERR_INVALID_CHAIN",
      `Chain certificate ${position} ("${formatName(stray.subject)}", issued by "${formatName(stray.issuer)}") is not on the path from the leaf to its root. Remove it, or add the certificates that link it to the leaf.`,
    );
  }
};
