import { uriEncode } from "../../signature/uriEncode";

/**
 * SigV4 canonical URI of a received (already percent-encoded once) path: every segment is
 * URI-encoded again, as SigV4 prescribes for every service but S3. `/sessions` stays `/sessions`.
 * @internal
 */
export const canonicalPathOf = (rawPath: string): string => (rawPath === "" ? "/" : rawPath).split("/").map(uriEncode).join("/");
