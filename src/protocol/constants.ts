/** Signature algorithm for RSA keys (RSASSA-PKCS1-v1_5 with SHA-256). @public */
export const ALGORITHM_RSA = "AWS4-X509-RSA-SHA256";
/** Signature algorithm for EC keys of every curve (ECDSA with SHA-256, DER signature). @public */
export const ALGORITHM_ECDSA = "AWS4-X509-ECDSA-SHA256";
/** The Roles Anywhere signing algorithms this package produces. @public */
export type SigningAlgorithm = typeof ALGORITHM_RSA | typeof ALGORITHM_ECDSA;
/**
 * Signature algorithm for ML-DSA-44/65/87 keys (pure ML-DSA, FIPS 204, over the string to sign).
 *
 * @public
 */
export const ALGORITHM_MLDSA = "AWS4-X509-MLDSA";

/**
 * Every algorithm a signer may use: {@link SigningAlgorithm} plus `AWS4-X509-MLDSA`.
 *
 * @public
 */
export type X509SigningAlgorithm = SigningAlgorithm | typeof ALGORITHM_MLDSA;

/** Signing name of the service. @public */
export const SERVICE_NAME = "rolesanywhere";
/** Last component of every credential scope. @internal */
export const SCOPE_TERMINATOR = "aws4_request";
/** Header carrying the leaf certificate. @public */
export const X509_HEADER = "x-amz-x509";
/** Header carrying the intermediate certificates. @public */
export const X509_CHAIN_HEADER = "x-amz-x509-chain";
/** Header carrying the request time. @public */
export const AMZ_DATE_HEADER = "x-amz-date";
/** The most certificates the service accepts in the chain header. @public */
export const MAX_CHAIN_LENGTH = 5;
