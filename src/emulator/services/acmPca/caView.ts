import { loadCertificate } from "../../pki/loadCertificate";
import type { CertificateAuthorityRecord } from "../../state/pcaRecords";
import type { EmulatorState } from "../../state/EmulatorState";

/** A serial as ACM PCA prints it: lower-case hex bytes joined with `:`. @internal */
export const colonHex = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex).match(/../g)!.join(":");

/** ACM PCA's `CertificateAuthority` shape. @internal */
export function certificateAuthorityView(state: EmulatorState, ca: CertificateAuthorityRecord) {
  const cert = ca.certificateDer ? loadCertificate(ca.certificateDer).info : undefined;
  return {
    Arn: ca.arn,
    OwnerAccount: state.accountId,
    CreatedAt: ca.createdAt,
    LastStateChangeAt: ca.lastStateChangeAt,
    Type: ca.type,
    ...(cert ? { Serial: colonHex(cert.serialHex), NotBefore: cert.notBefore, NotAfter: cert.notAfter } : {}),
    Status: ca.status,
    CertificateAuthorityConfiguration: { KeyAlgorithm: ca.keyAlgorithm, SigningAlgorithm: ca.signingAlgorithm, Subject: { ...ca.subject } },
    ...(ca.revocationConfiguration === undefined ? {} : { RevocationConfiguration: ca.revocationConfiguration }),
    ...(ca.restorableUntil === undefined ? {} : { RestorableUntil: ca.restorableUntil }),
    KeyStorageSecurityStandard: ca.keyStorageSecurityStandard,
    UsageMode: ca.usageMode,
  };
}
