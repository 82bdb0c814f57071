import type { CertificateInfo } from "../certificate/certificate";
import { toBase64 } from "../encoding/base64";
import { leafProblems } from "../certificate/leafRequirements";
import { formatName } from "../certificate/name";
import { type MappedTags, mapCertificateToTags } from "../sessionTags/sessionTags";
import { defaultRoleSessionName, sourceIdentityOf } from "../sessionTags/sourceIdentity";
import { isoSeconds } from "../encoding/isoSeconds";

/**
 * What `roles-anywhere read-certificate-data` prints. The first four fields are those of
 * aws_signing_helper's output, with its values (`keyType` `RSA`, `EC` or the ML-DSA parameter set;
 * `supportedAlgorithms` `RSASHA256`…, `ECSHA256`… or the parameter set); the rest explain what
 * Roles Anywhere will see.
 * @internal
 */
export interface CertificateReport {
  keyType: string;
  certificateData: string;
  serialNumber: string;
  supportedAlgorithms: string[];
  /** The CreateSession signing algorithm, e.g. `AWS4-X509-ECDSA-SHA256`; empty when Roles Anywhere cannot use the key. */
  signingAlgorithm: string;
  keyDetails: string;
  serialNumberHex: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  validNow: boolean;
  sessionTags: Record<string, string>;
  sourceIdentity: string;
  defaultRoleSessionName: string;
  warnings: string[];
}

/** Builds the report for `cert` as seen at `now`. Pure. @internal */
export function certificateReport(cert: CertificateInfo, now: Date): CertificateReport {
  const { type, namedCurve, modulusBits } = cert.publicKey;
  // The emulator's mapping is the one model of what Roles Anywhere maps (default attribute mapping).
  const { tags, failures } = mapCertificateToTags(cert);
  const warnings: string[] = [];
  const signingAlgorithm = SIGNING_ALGORITHMS[type] ?? "";
  if (signingAlgorithm === "") warnings.push(`Roles Anywhere cannot use ${type} keys; issue the certificate for an RSA, EC or ML-DSA key`);
  if (now < cert.notBefore) warnings.push(`not valid until ${isoSeconds(cert.notBefore)}`);
  if (now > cert.notAfter) warnings.push(`expired at ${isoSeconds(cert.notAfter)}`);
  // The same requirements credential-process and the library refuse the certificate for.
  for (const { problem, fix } of leafProblems(cert)) warnings.push(`${problem}. ${fix}`);
  warnings.push(...tagFailureWarnings(failures));
  const mlDsa = type === "ML-DSA" ? (namedCurve ?? type) : undefined;
  return {
    keyType: mlDsa ?? type,
    certificateData: toBase64(cert.der),
    serialNumber: cert.serialDecimal,
    supportedAlgorithms: mlDsa ? [mlDsa] : signingAlgorithm ? DIGESTS.map((digest) => `${type}${digest}`) : [],
    signingAlgorithm,
    keyDetails:
      type === "RSA" ? `RSA ${modulusBits ?? "?"} bits` : type === "EC" ? `EC ${namedCurve ?? "unknown curve"}` : (namedCurve ?? type),
    serialNumberHex: cert.serialHex,
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    notBefore: isoSeconds(cert.notBefore),
    notAfter: isoSeconds(cert.notAfter),
    validNow: now >= cert.notBefore && now <= cert.notAfter,
    sessionTags: tags,
    sourceIdentity: sourceIdentityOf(cert),
    defaultRoleSessionName: defaultRoleSessionName(cert),
    warnings,
  };
}

const SIGNING_ALGORITHMS: Partial<Record<string, string>> = {
  RSA: "AWS4-X509-RSA-SHA256",
  EC: "AWS4-X509-ECDSA-SHA256",
  "ML-DSA": "AWS4-X509-MLDSA",
};
/** The digests aws_signing_helper lists (its sign-string --digest values), in its order. */
const DIGESTS = ["SHA256", "SHA384", "SHA512"] as const;

const FIELD_PREFIX = { subject: "x509Subject", issuer: "x509Issuer", san: "x509SAN" } as const;

/** One warning per attribute STS would refuse as a session-tag value. */
function tagFailureWarnings(failures: MappedTags["failures"]): string[] {
  return (Object.keys(FIELD_PREFIX) as (keyof typeof FIELD_PREFIX)[]).flatMap((field) =>
    failures[field].map(
      (attribute) =>
        `tag ${FIELD_PREFIX[field]}/${attribute} has characters STS refuses in session tags or is longer than 256 characters (allowed: letters, digits, spaces and _ . : / = + - @); CreateSession fails with "Some attributes failed to be mapped into session tags"`,
    ),
  );
}
