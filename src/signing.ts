/**
 * `credential-provider-roles-anywhere/signing`: the building blocks of the provider, for tools of
 * your own: sign a CreateSession request, read certificates, keys and PEM, map the service's
 * answers, and the SigV4-for-X.509 steps one by one. `fromRolesAnywhere` is built from these.
 *
 * @module credential-provider-roles-anywhere/signing
 */
export { signCreateSessionRequest } from "./request/createSessionRequest";
export type { CreateSessionParams, SignedCreateSessionRequest } from "./request/createSessionRequest";
export { parseCreateSessionBody } from "./response/response";
export { parseServiceError } from "./response/serviceError";
export { type LoadSigningIdentityOptions, loadSigningIdentity } from "./identity/identity";
export type { SigningIdentity, SigningIdentityInput } from "./identity/identity";
export type { RequestSigner } from "./key/signer";
export { parseCertificate } from "./certificate/certificate";
export type { CertificateInfo, CertificatePublicKey, KeyUsage, PublicKeyType, SubjectAltName } from "./certificate/certificate";
export { formatName } from "./certificate/name";
export type { NameAttribute } from "./certificate/name";
export { decodePem, encodePem } from "./encoding/pem";
export type { PemBlock } from "./encoding/pem";
export { ecdsaDerToRaw, ecdsaRawToDer } from "./encoding/ecdsaSignature";
export { parseArn, validateArn } from "./protocol/arn";
export type { Arn, ArnKind } from "./protocol/arn";
export { partitionOf, resolveEndpoint } from "./options/endpoint";
export type { EndpointVariant, Partition } from "./options/endpoint";
export {
  ALGORITHM_ECDSA,
  ALGORITHM_MLDSA,
  ALGORITHM_RSA,
  AMZ_DATE_HEADER,
  MAX_CHAIN_LENGTH,
  SERVICE_NAME,
  X509_CHAIN_HEADER,
  X509_HEADER,
} from "./protocol/constants";
export type { SigningAlgorithm, X509SigningAlgorithm } from "./protocol/constants";
export { uriEncode } from "./signature/uriEncode";
export { canonicalQueryFromSearch, getCanonicalQuery } from "./signature/canonicalQuery";
export { getCanonicalHeaders, getSignedHeadersList } from "./signature/canonicalHeaders";
export { createCanonicalRequest } from "./signature/canonicalRequest";
export type { CanonicalRequestParts } from "./signature/canonicalRequest";
export { sha256Hex } from "./signature/hash";
export { createScope, formatAmzDate } from "./signature/scope";
export { createStringToSign } from "./signature/stringToSign";
export { formatAuthorization, parseAuthorization } from "./signature/authorization";
export type { AuthorizationParts, ParsedAuthorization } from "./signature/authorization";
export { RolesAnywhereError, isRolesAnywhereError } from "./errors";
