const encoder = new TextEncoder();

/**
 * SigV4 URI encoding: unreserved characters (`A-Z a-z 0-9 - _ . ~`) stay, every
 * other UTF-8 byte becomes `%XY` with uppercase hex (so a space is `%20`).
 *
 * @public
 */
export const uriEncode = (value: string): string => {
  let out = "";
  for (const byte of encoder.encode(value)) {
    const unreserved =
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x2d ||
      byte === 0x5f ||
      byte === 0x2e ||
      byte === 0x7e;
    out += unreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
};
