import { formatName } from "../../certificate/name";
import type { LoadedCertificate } from "./loadCertificate";
import { hasStrongSignature, signatureAlgorithmName } from "./signatureStrength";

const describe = (c: LoadedCertificate) => `"${formatName(c.info.subject)}" (serial ${c.info.serialHex})`;

/** Problem with a certificate's validity period at `now`, if any. @internal */
export function validityProblem(c: LoadedCertificate, now: Date): string | undefined {
  if (now < c.info.notBefore) return `${describe(c)} is not valid before ${c.info.notBefore.toISOString()}`;
  if (now > c.info.notAfter) return `${describe(c)} expired at ${c.info.notAfter.toISOString()}`;
  return undefined;
}

/**
 * Problems with an end-entity certificate (docs/service-behaviour.md §3.2): X.509 v3, not a CA,
 * keyUsage with digitalSignature, a SHA-256-or-stronger (or ML-DSA) signature, a non-empty subject, valid now.
 * A leaf without a keyUsage extension is accepted (RFC 5280: no restriction; AWS does not say).
 * @internal
 */
export function leafProblem(leaf: LoadedCertificate, now: Date): string | undefined {
  const { info } = leaf;
  if (info.version !== 3) return `${describe(leaf)} is X.509 v${info.version}, not v3`;
  if (info.basicConstraints?.ca) return `${describe(leaf)} is a CA certificate`;
  if (info.keyUsage && !info.keyUsage.digitalSignature) return `${describe(leaf)} lacks the digitalSignature key usage`;
  if (!hasStrongSignature(info)) return `${describe(leaf)} is signed with ${signatureAlgorithmName(info)}`;
  if (info.subject.length === 0) return "the certificate has an empty subject";
  return validityProblem(leaf, now);
}

/**
 * Problems with a CA certificate at `position` on a path (1 = the leaf's issuer), given whether
 * it is the trust anchor (§3.3): CA basic constraint, keyCertSign (required on the anchor; on an
 * intermediate when keyUsage is present), pathLenConstraint, signature strength, validity.
 * @internal
 */
export function caProblem(ca: LoadedCertificate, position: number, isAnchor: boolean, now: Date): string | undefined {
  const { info } = ca;
  if (!info.basicConstraints?.ca) return `${describe(ca)} is not a CA (basicConstraints cA is not true)`;
  if (isAnchor ? !info.keyUsage?.keyCertSign : info.keyUsage && !info.keyUsage.keyCertSign) {
    return `${describe(ca)} lacks the keyCertSign key usage`;
  }
  const below = position - 1; // intermediates between this CA and the leaf
  if (info.basicConstraints.pathLength !== undefined && below > info.basicConstraints.pathLength) {
    return `${describe(ca)} allows ${info.basicConstraints.pathLength} intermediate(s) below it, the path has ${below}`;
  }
  if (!hasStrongSignature(info)) return `${describe(ca)} is signed with ${signatureAlgorithmName(info)}`;
  return validityProblem(ca, now);
}
