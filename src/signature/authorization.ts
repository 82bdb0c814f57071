import { getSignedHeadersList } from "./canonicalHeaders";

/**
 * The fields of a Roles Anywhere `Authorization` header.
 *
 * @public
 */
export interface AuthorizationParts {
  readonly algorithm: string;
  /** Decimal serial number of the signing certificate. */
  readonly serialDecimal: string;
  readonly scope: string;
  readonly signedHeaders: readonly string[];
  readonly signatureHex: string;
}

/**
 * Formats `<algorithm> Credential=<serial>/<scope>, SignedHeaders=<list>, Signature=<hex>`.
 *
 * @public
 */
export const formatAuthorization = ({ algorithm, serialDecimal, scope, signedHeaders, signatureHex }: AuthorizationParts): string =>
  `${algorithm} Credential=${serialDecimal}/${scope}, SignedHeaders=${getSignedHeadersList(signedHeaders)}, Signature=${signatureHex}`;

/**
 * A parsed `Authorization` header.
 *
 * @public
 */
export interface ParsedAuthorization {
  readonly algorithm: string;
  readonly serialDecimal: string;
  /** The scope date, `YYYYMMDD`. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signatureHex: string;
}

const AUTHORIZATION =
  /^(AWS4-X509-[A-Z0-9-]+) Credential=(\d+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=((?:[0-9a-f]{2})+)$/;

/**
 * Parses a Roles Anywhere `Authorization` header, or returns `undefined` when it
 * does not have that shape (the signature must be whole bytes: an odd number of hex
 * digits is malformed, not silently truncated).
 *
 * @public
 */
export const parseAuthorization = (value: string): ParsedAuthorization | undefined => {
  const match = AUTHORIZATION.exec(value.trim());
  if (!match) return undefined;
  return {
    algorithm: match[1]!,
    serialDecimal: match[2]!,
    date: match[3]!,
    region: match[4]!,
    service: match[5]!,
    signedHeaders: match[6]!.split(";"),
    signatureHex: match[7]!,
  };
};
