import { readFileSync } from "node:fs";
import { splitLeafPem } from "../../certificate/certificateBlocks";
import type { ResolvedOptions } from "../../options/options";
import { describeFsError } from "../../node/fsError";
// The JavaScript SHA-256 (@aws-crypto/sha256-js): measured no slower than loading node:crypto for
// two small hashes on a cold start, and the same on every runtime.
import { sha256HexPortable as sha256Hex } from "../../signature/hash";
import { CliError } from "../errors";
import { shownPath } from "../pathValue";
import { cacheKeyText } from "./cacheKey";

/**
 * The leaf certificate of a certificate file (PEM: its first certificate; else DER), unparsed.
 * @internal
 */
export function leafFromFile(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliError(
      `cannot read the --certificate file ${shownPath(path)}: ${describeFsError(error)}. Check the path and its permissions.`,
      { cause: error },
    );
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 65536)).toString("latin1");
  return head.includes("-----BEGIN ") ? splitLeafPem(Buffer.from(bytes).toString("utf8")).leaf : bytes;
}

/**
 * The cache key (64 hex digits) of a request with these resolved options, signed with the
 * certificate whose DER is `leaf`. Pure.
 * @internal
 */
export const entryKeyOf = (options: ResolvedOptions, leaf: Uint8Array): string =>
  sha256Hex(
    cacheKeyText({
      endpoint: options.endpoint,
      region: options.region,
      trustAnchorArn: options.trustAnchorArn,
      profileArn: options.profileArn,
      roleArn: options.roleArn,
      roleSessionName: options.roleSessionName,
      durationSeconds: options.durationSeconds,
      leafSha256: sha256Hex(leaf),
    }),
  );
