/**
 * `credential-provider-roles-anywhere/emulator`: a local IAM Roles Anywhere `CreateSession`
 * endpoint and fake STS (`GetCallerIdentity`, `AssumeRole`) for offline tests, with the IAM, Roles Anywhere and
 * ACM Private CA control plane (Node only).
 *
 * @module credential-provider-roles-anywhere/emulator
 */
export { startEmulator, type Emulator } from "./emulator/startEmulator";
export { loadEmulatorConfig, type LoadEmulatorConfigOptions } from "./emulator/loadEmulatorConfig";
export { EXPIRED_SESSION_RETENTION_MS, EmulatorState, type EmulatorArns } from "./emulator/state/EmulatorState";
export { createTestPki, type TestCertificate, type TestPki, type TestPkiOptions } from "./emulator/testPki/createTestPki";
export type { TestSubject, TestSubjectAttribute } from "./emulator/testPki/certificateTemplate";
export { DEFAULT_TRUST_POLICY } from "./emulator/state/defaultTrustPolicy";
export { createTokenBucket, type TokenBucket, type TokenBucketOptions } from "./emulator/throttle/tokenBucket";
export type {
  CrlRecord,
  NotificationSettingRecord,
  ProfileRecord,
  ResourceTag,
  RoleRecord,
  SessionRecord,
  SubjectCredentialRecord,
  SubjectRecord,
  TrustAnchorRecord,
  TrustAnchorSource,
} from "./emulator/state/records";
export type {
  CertificateAuthorityRecord,
  IssuedCertificateRecord,
  PcaKeyAlgorithm,
  PcaSigningAlgorithm,
} from "./emulator/state/pcaRecords";
export type { AdminCredentials } from "./emulator/types";
export type { LoadedCertificate } from "./emulator/pki/loadCertificate";
export type {
  EmulatorAttributeMapping,
  EmulatorCrlInit,
  EmulatorEvent,
  EmulatorOptions,
  EmulatorProfileInit,
  EmulatorRoleInit,
  EmulatorThrottleOptions,
  EmulatorTrustAnchorInit,
  PemOrDer,
} from "./emulator/types";
