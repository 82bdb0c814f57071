import { formatName } from "../../certificate/name";
import { isSelfIssued } from "../../certificate/chainLinks";
import type { LoadedCertificate } from "./loadCertificate";
import { NAME_CONSTRAINTS_OID, nameConstraintsProblem, parseNameConstraints } from "./nameConstraints";
import { hasStrongSignature, signatureAlgorithmName } from "./signatureStrength";

const describe = (c: LoadedCertificate) => `"${formatName(c.info.subject)}" (serial ${c.info.serialHex})`;

/** Problem with a certificate's validity period at `now`, if any. @internal */
export function validityProblem(c: LoadedCertificate, now: Date): string | undefined {
  if (now < c.info.notBefore) return `${describe(c)} is not valid before ${c.info.notBefore.toISOString()}`;
  if (now > c.info.notAfter) return `${describe(c)} expired at ${c.info.notAfter.toISOString()}`;
  return undefined;
}

/**
 * Extensions the emulator processes (or, for policies and informational ones, may accept without
 * processing under RFC 5280 §6.1 with any policy acceptable and no explicit policy required). A
 * critical extension outside this list fails the certificate (RFC 5280 §4.2): among others
 * policyConstraints, policyMappings and inhibitAnyPolicy, whose policy processing is not emulated.
 * @internal
 */
export const RECOGNIZED_EXTENSIONS: ReadonlySet<string> = new Set([
  "2.5.29.14", // subjectKeyIdentifier
  "2.5.29.15", // keyUsage
  "2.5.29.17", // subjectAltName
  "2.5.29.18", // issuerAltName
  "2.5.29.19", // basicConstraints
  NAME_CONSTRAINTS_OID,
  "2.5.29.31", // cRLDistributionPoints
  "2.5.29.32", // certificatePolicies
  "2.5.29.35", // authorityKeyIdentifier
  "2.5.29.37", // extKeyUsage
  "2.5.29.46", // freshestCRL
  "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
  "1.3.6.1.5.5.7.1.11", // subjectInfoAccess
]);

/** The first critical extension the emulator does not recognize, as a reason. @internal */
export function unknownCriticalExtension(c: LoadedCertificate): string | undefined {
  const unknown = c.info.extensions.find((e) => e.critical && !RECOGNIZED_EXTENSIONS.has(e.oid));
  return unknown ? `${describe(c)} has the unrecognized critical extension ${unknown.oid}` : undefined;
}

/**
 * Problems with an end-entity certificate (docs/service-behaviour.md §3.2): X.509 v3, not a CA,
 * keyUsage with digitalSignature, a SHA-256-or-stronger (or ML-DSA) signature, a non-empty subject, no
 * unrecognized critical extension, valid now.
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
  return unknownCriticalExtension(leaf) ?? validityProblem(leaf, now);
}

/**
 * Problems with a CA certificate at `position` on a path (1 = the leaf's issuer), given whether
 * it is the trust anchor (§3.3): CA basic constraint, keyCertSign (required on the anchor; on an
 * intermediate when keyUsage is present), pathLenConstraint, signature strength, no unrecognized
 * critical extension (intermediates), validity.
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
  // The trust anchor is configuration, not a certificate from the request (RFC 5280 §6.1.1 (d)).
  if (!isAnchor) {
    const unknown = unknownCriticalExtension(ca);
    if (unknown) return unknown;
  }
  return validityProblem(ca, now);
}

/**
 * Name constraints along a path (leaf first, anchor last; RFC 5280 §6.1.3 (b)–(c), §6.1.4 (g)):
 * every certificate below a CA with nameConstraints (its own, critical or not, the anchor's
 * included) must have its subject and subjectAltName names inside them, except self-issued
 * intermediates. A malformed nameConstraints extension fails the path.
 * @internal
 */
export function pathNameConstraintsProblem(path: readonly LoadedCertificate[]): string | undefined {
  for (let q = 1; q < path.length; q++) {
    const ca = path[q]!;
    const extension = ca.info.extensions.find((e) => e.oid === NAME_CONSTRAINTS_OID);
    if (!extension) continue;
    const constraints = parseNameConstraints(extension.value);
    if (typeof constraints === "string") return `${describe(ca)}: ${constraints}`;
    for (let p = 0; p < q; p++) {
      const below = path[p]!;
      if (p > 0 && isSelfIssued(below.info)) continue;
      const problem = nameConstraintsProblem(below.info, constraints);
      if (problem) return `${describe(below)} violates the name constraints of ${describe(ca)}: ${problem}`;
    }
  }
  return undefined;
}
