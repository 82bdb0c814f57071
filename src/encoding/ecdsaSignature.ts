import { concatBytes, encodeTlv, encodeUnsignedInteger, parseDer, isUniversal, TAG } from "./der";

/**
 * Converts a raw (IEEE P1363, `r || s`) ECDSA signature, as WebCrypto and PKCS#11
 * return it, into the DER `SEQUENCE { INTEGER r, INTEGER s }` that Roles Anywhere
 * expects. Lengths over 127 bytes (P-521) use the long form.
 *
 * @public
 */
export const ecdsaRawToDer = (raw: Uint8Array): Uint8Array => {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new RangeError("a raw ECDSA signature has an even, non-zero length");
  const half = raw.length / 2;
  return encodeTlv(0x30, concatBytes(encodeUnsignedInteger(raw.subarray(0, half)), encodeUnsignedInteger(raw.subarray(half))));
};

/**
 * Converts a DER ECDSA signature back to raw `r || s` with each half padded to
 * `coordinateBytes` (32 for P-256, 48 for P-384, 66 for P-521). Returns `undefined`
 * when the input is not a DER ECDSA signature.
 *
 * @public
 */
export const ecdsaDerToRaw = (der: Uint8Array, coordinateBytes: number): Uint8Array | undefined => {
  const node = parseDer(der);
  const [r, s] = node?.children ?? [];
  if (!isUniversal(node, TAG.SEQUENCE) || node.children.length !== 2 || !isUniversal(r, TAG.INTEGER) || !isUniversal(s, TAG.INTEGER)) {
    return undefined;
  }
  const out = new Uint8Array(coordinateBytes * 2);
  for (const [index, integer] of [r, s].entries()) {
    let bytes = integer.content;
    while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > coordinateBytes) return undefined;
    out.set(bytes, (index + 1) * coordinateBytes - bytes.length);
  }
  return out;
};
