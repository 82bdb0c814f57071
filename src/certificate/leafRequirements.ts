import type { CertificateInfo } from "./certificate";

/**
 * One way an end-entity certificate fails what IAM Roles Anywhere documents for it (X.509 v3,
 * not a CA, `digitalSignature` when keyUsage is present, SHA-256 or stronger, a subject). The
 * service refuses such a certificate, usually with a message that does not say why.
 *
 * @internal
 */
export interface LeafProblem {
  /** What is wrong, e.g. "it is X.509 version 1". */
  readonly problem: string;
  /** How to issue a certificate the service accepts. */
  readonly fix: string;
}

const V3_FIX =
  "Issue it as X.509 v3 with extensions: basicConstraints=CA:FALSE, keyUsage=digitalSignature and extendedKeyUsage=clientAuth (openssl x509 -req makes version 1 unless given -extfile with them)";

/**
 * The problems of `leaf` that make Roles Anywhere refuse it, in the order the checks matter.
 * Key type and validity period are checked elsewhere. Pure.
 *
 * @internal
 */
export const leafProblems = (leaf: CertificateInfo): LeafProblem[] => {
  const problems: LeafProblem[] = [];
  if (leaf.version !== 3) problems.push({ problem: `it is X.509 version ${leaf.version}; Roles Anywhere requires version 3`, fix: V3_FIX });
  if (leaf.basicConstraints?.ca) {
    problems.push({
      problem: "it is a CA certificate (basicConstraints cA=true), which Roles Anywhere refuses as the signing certificate",
      fix: "Sign with an end-entity certificate issued by the CA (basicConstraints=CA:FALSE)",
    });
  }
  if (leaf.keyUsage && !leaf.keyUsage.digitalSignature) {
    problems.push({
      problem: "its keyUsage lacks digitalSignature, which Roles Anywhere requires",
      fix: "Issue it with keyUsage=digitalSignature",
    });
  }
  if (leaf.signatureHash === "SHA-1" || leaf.signatureHash === "MD5") {
    problems.push({
      problem: `it is signed with ${leaf.signatureHash}; Roles Anywhere requires SHA-256 or stronger`,
      fix: "Have the CA sign it with SHA-256 (openssl: -sha256)",
    });
  }
  if (leaf.subject.length === 0) {
    problems.push({
      problem: "its subject is empty, which Roles Anywhere does not accept (even with a subjectAltName)",
      fix: "Issue it with a subject, e.g. CN=<workload name>",
    });
  }
  return problems;
};
