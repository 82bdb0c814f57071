/**
 * IAM Roles Anywhere credentials for the AWS SDK for JavaScript v3: the provider, its error,
 * the signing algorithms and the types of its options and results. The building blocks (request
 * signing, certificate and key parsing, SigV4 for X.509) are in
 * `credential-provider-roles-anywhere/signing`.
 *
 * @module credential-provider-roles-anywhere
 */
export { fromRolesAnywhere, getRolesAnywhereCredentials } from "./fromRolesAnywhere";
export type { RolesAnywhereCredentialProvider, GetCredentialsOptions } from "./fromRolesAnywhere";
export type { FromRolesAnywhereInit } from "./options/options";
export type { EndpointVariant } from "./options/endpoint";
export type { ProviderCallOptions } from "./cache/cache";
export type { RolesAnywhereCredentials } from "./response/response";
export { RolesAnywhereError, isRolesAnywhereError } from "./errors";
export type { RolesAnywhereErrorCode, RolesAnywhereErrorOptions } from "./errors";
export { ALGORITHM_ECDSA, ALGORITHM_MLDSA, ALGORITHM_RSA } from "./protocol/constants";
export type { SigningAlgorithm, X509SigningAlgorithm } from "./protocol/constants";
export type { Signer } from "./key/signer";
export type { PrivateKeyInput } from "./key/keyImport";
export type { CertificateInput, CertificateChainInput } from "./certificate/certificateInput";
export type { FetchLike, HttpRequestInit, HttpResponseLike } from "./transport/transport";
