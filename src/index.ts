/**
 * IAM Roles Anywhere credentials for the AWS SDK for JavaScript v3.
 *
 * @module
 */
export { fromRolesAnywhere, getRolesAnywhereCredentials } from "./fromRolesAnywhere";
export type { RolesAnywhereCredentialProvider, GetCredentialsOptions } from "./fromRolesAnywhere";
export type { FromRolesAnywhereInit } from "./options";
export type { ProviderCallOptions } from "./cache";
export { RolesAnywhereError, isRolesAnywhereError } from "./errors";
export type { RolesAnywhereErrorCode, RolesAnywhereErrorOptions } from "./errors";
export { parseArn, validateArn } from "./arn";
export type { Arn } from "./arn";
export { resolveEndpoint, partitionOf } from "./endpoint";
export type { EndpointVariant } from "./endpoint";

// Building blocks for people who build their own tools.
export { signCreateSessionRequest } from "./session/createSessionRequest";
export type { CreateSessionParams, SignedCreateSessionRequest } from "./session/createSessionRequest";
export { parseCreateSessionBody } from "./session/response";
export type { RolesAnywhereCredentials } from "./session/response";
export { parseServiceError } from "./session/serviceError";
export type { FetchLike, HttpRequestInit, HttpResponseLike } from "./session/transport";
export { type LoadSigningIdentityOptions, loadSigningIdentity } from "./x509/identity";
export type { SigningIdentity, SigningIdentityInput } from "./x509/identity";
export { parseCertificate } from "./x509/certificate";
export type { CertificateInfo, CertificatePublicKey, KeyUsage, PublicKeyType, SubjectAltName } from "./x509/certificate";
export type { NameAttribute } from "./x509/name";
export { formatName } from "./x509/name";
export { decodePem, encodePem } from "./x509/pem";
export type { PemBlock } from "./x509/pem";
export type { CertificateInput, CertificateChainInput } from "./x509/certificateInput";
export type { PrivateKeyInput } from "./x509/keyImport";
export { ALGORITHM_MLDSA } from "./x509/signer";
export type { Signer, RequestSigner, X509SigningAlgorithm } from "./x509/signer";
export {
  ALGORITHM_ECDSA,
  ALGORITHM_RSA,
  canonicalQueryFromSearch,
  createCanonicalRequest,
  createScope,
  createStringToSign,
  ecdsaDerToRaw,
  ecdsaRawToDer,
  formatAmzDate,
  formatAuthorization,
  getCanonicalHeaders,
  getCanonicalQuery,
  parseAuthorization,
  sha256Hex,
  uriEncode,
} from "./signing";
export type { SigningAlgorithm, CanonicalRequestParts, AuthorizationParts, ParsedAuthorization } from "./signing";
