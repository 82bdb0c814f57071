/**
 * IAM Roles Anywhere credentials for the AWS SDK for JavaScript v3.
 *
 * @module
 */
export { fromRolesAnywhere, getRolesAnywhereCredentials } from "./fromRolesAnywhere";
export type { RolesAnywhereCredentialProvider, GetCredentialsOptions } from "./fromRolesAnywhere";
export type { FromRolesAnywhereInit } from "./options/options";
export type { ProviderCallOptions } from "./cache/cache";
export { RolesAnywhereError, isRolesAnywhereError } from "./errors";
export type { RolesAnywhereErrorCode, RolesAnywhereErrorOptions } from "./errors";
export { parseArn, validateArn } from "./options/arn";
export type { Arn } from "./options/arn";
export { resolveEndpoint, partitionOf } from "./options/endpoint";
export type { EndpointVariant } from "./options/endpoint";

// Building blocks for people who build their own tools.
export { signCreateSessionRequest } from "./request/createSessionRequest";
export type { CreateSessionParams, SignedCreateSessionRequest } from "./request/createSessionRequest";
export { parseCreateSessionBody } from "./response/response";
export type { RolesAnywhereCredentials } from "./response/response";
export { parseServiceError } from "./response/serviceError";
export type { FetchLike, HttpRequestInit, HttpResponseLike } from "./transport/transport";
export { loadSigningIdentity } from "./identity/identity";
export type { SigningIdentity, SigningIdentityInput } from "./identity/identity";
export { parseCertificate } from "./certificate/certificate";
export type { CertificateInfo, CertificatePublicKey, KeyUsage, PublicKeyType, SubjectAltName } from "./certificate/certificate";
export type { NameAttribute } from "./certificate/name";
export { formatName } from "./certificate/name";
export { decodePem, encodePem } from "./encoding/pem";
export type { PemBlock } from "./encoding/pem";
export type { CertificateInput, CertificateChainInput } from "./certificate/certificateInput";
export type { PrivateKeyInput } from "./key/keyImport";
export { ALGORITHM_MLDSA } from "./key/signer";
export type { Signer, RequestSigner, X509SigningAlgorithm } from "./key/signer";
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
} from "./signature";
export type { SigningAlgorithm, CanonicalRequestParts, AuthorizationParts, ParsedAuthorization } from "./signature";
