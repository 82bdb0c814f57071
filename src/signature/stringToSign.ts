import { sha256Hex } from "./hash";

/**
 * The SigV4 string to sign: algorithm, request time, scope and the hex SHA-256 of
 * the canonical request, joined by `\n` with no trailing newline.
 *
 * @public
 */
export const createStringToSign = (algorithm: string, amzDate: string, scope: string, canonicalRequest: string): string =>
  `${algorithm}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
