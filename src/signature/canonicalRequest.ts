import { getCanonicalHeaders, getSignedHeadersList } from "./canonicalHeaders";

/**
 * The parts of a canonical request.
 *
 * @public
 */
export interface CanonicalRequestParts {
  readonly method: string;
  /** The URI path, e.g. `/sessions`. */
  readonly path: string;
  /** Already canonical, see {@link getCanonicalQuery}. */
  readonly canonicalQuery: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly signedHeaders: readonly string[];
  /** Lowercase hex SHA-256 of the body. */
  readonly payloadHash: string;
}

/**
 * Builds the SigV4 canonical request. Because each canonical header line ends with
 * `\n`, an empty line separates the headers from the signed-header list, exactly as
 * the official helper writes it.
 *
 * @public
 */
export const createCanonicalRequest = ({
  method,
  path,
  canonicalQuery,
  headers,
  signedHeaders,
  payloadHash,
}: CanonicalRequestParts): string =>
  [
    method.toUpperCase(),
    path,
    canonicalQuery,
    getCanonicalHeaders(headers, signedHeaders),
    getSignedHeadersList(signedHeaders),
    payloadHash,
  ].join("\n");
