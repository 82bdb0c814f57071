import type { CertificateInfo } from "./certificate";
import { bytesEqual } from "./der";
import type { NameAttribute } from "./name";

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
  (child.authorityKeyIdentifier === undefined || parent.subjectKeyIdentifier === undefined || bytesEqual(child.authorityKeyIdentifier, parent.subjectKeyIdentifier));

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
export const orderChain = (leaf: CertificateInfo, pool: readonly CertificateInfo[]): { path: CertificateInfo[]; unlinked: CertificateInfo[] } => {
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
