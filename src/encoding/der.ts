/**
 * A decoded DER TLV: the small view of ASN.1 this package needs.
 *
 * @internal
 */
export interface DerNode {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly tagClass: number;
  readonly tagNumber: number;
  readonly constructed: boolean;
  /** The whole TLV, header included. */
  readonly raw: Uint8Array;
  /** The value bytes only. */
  readonly content: Uint8Array;
  /** Children of a constructed node (empty for primitives). */
  readonly children: readonly DerNode[];
}

/** Universal tag numbers used here. @internal */
export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE_STRING: 19,
  T61_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  UNIVERSAL_STRING: 28,
  BMP_STRING: 30,
} as const;

/** Deeper nesting than any certificate, key or PKCS#12 file has is refused (bounded recursion). */
const MAX_DEPTH = 512;
/** Lengths of more than four bytes (4 GiB) cannot describe anything held in memory here. */
const MAX_LENGTH_BYTES = 4;

const UTC_TIME_TEXT = /^\d{10}(\d{2})?(Z|[+-]\d{4})$/;
const GENERALIZED_TIME_TEXT = /^\d{10}(\d{2}(\d{2}([.,]\d+)?)?)?(Z|[+-]\d{4})?$/;

/** A time value must at least be a time string: anything else is not a well-formed element. */
const validTime = (tagNumber: number, content: Uint8Array): boolean => {
  let text = "";
  for (const byte of content) text += String.fromCharCode(byte);
  return (tagNumber === TAG.UTC_TIME ? UTC_TIME_TEXT : GENERALIZED_TIME_TEXT).test(text);
};

/**
 * Reads the element starting at `start` that must end by `end`; returns it and where it ends,
 * or `undefined` when the bytes are not a well-formed element. BER's indefinite lengths are
 * accepted for constructed elements (some PKCS#12 writers use them): the content then runs to
 * the end-of-contents octets, which `raw` and `content` include.
 */
const readElement = (bytes: Uint8Array, start: number, end: number, depth: number): { node: DerNode; next: number } | undefined => {
  if (depth > MAX_DEPTH || end - start < 2) return undefined;
  let at = start;
  const identifier = bytes[at++]!;
  const tagClass = identifier >> 6;
  const constructed = (identifier & 0x20) !== 0;
  let tagNumber = identifier & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let byte: number;
    do {
      if (at >= end || tagNumber > 0x00ffffff) return undefined;
      byte = bytes[at++]!;
      tagNumber = tagNumber * 128 + (byte & 0x7f);
    } while (byte & 0x80);
  }
  if (at >= end) return undefined;
  const lengthByte = bytes[at++]!;
  let length: number | undefined;
  if (lengthByte < 0x80) length = lengthByte;
  else if (lengthByte > 0x80) {
    const count = lengthByte & 0x7f;
    if (count > MAX_LENGTH_BYTES || at + count > end) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[at++]!;
  } else if (!constructed) return undefined; // indefinite length is for constructed elements only
  const headerEnd = at;
  const children: DerNode[] = [];
  let contentEnd: number;
  if (length === undefined) {
    for (;;) {
      if (at + 2 > end) return undefined;
      if (bytes[at] === 0 && bytes[at + 1] === 0) {
        contentEnd = at + 2;
        break;
      }
      const child = readElement(bytes, at, end, depth + 1);
      if (child === undefined) return undefined;
      children.push(child.node);
      at = child.next;
    }
  } else {
    contentEnd = headerEnd + length;
    if (contentEnd > end) return undefined;
    while (constructed && at < contentEnd) {
      const child = readElement(bytes, at, contentEnd, depth + 1);
      if (child === undefined) return undefined;
      children.push(child.node);
      at = child.next;
    }
  }
  const content = bytes.subarray(headerEnd, contentEnd);
  if (
    tagClass === 0 &&
    (tagNumber === TAG.UTC_TIME || tagNumber === TAG.GENERALIZED_TIME) &&
    (constructed || !validTime(tagNumber, content))
  )
    return undefined;
  return { node: { tagClass, tagNumber, constructed, raw: bytes.subarray(start, contentEnd), content, children }, next: contentEnd };
};

/**
 * Parses one complete DER element. Returns `undefined` when the bytes are not a
 * single well-formed element (trailing bytes included), so callers can raise an
 * error that names what they were reading. Linear in the input, zero-copy (nodes are views of
 * `bytes`), and with bounded nesting: hostile bytes cannot make it slow or exhaust the stack.
 *
 * @internal
 */
export const parseDer = (bytes: Uint8Array): DerNode | undefined => {
  const element = readElement(bytes, 0, bytes.length, 0);
  return element !== undefined && element.next === bytes.length ? element.node : undefined;
};

/**
 * True when `node` is the universal `tag` (and, for constructed types, constructed).
 *
 * @internal
 */
export const isUniversal = (node: DerNode | undefined, tag: number): node is DerNode =>
  node !== undefined && node.tagClass === 0 && node.tagNumber === tag;

/**
 * True when `node` is the context-specific tag `[n]`.
 *
 * @internal
 */
export const isContext = (node: DerNode | undefined, n: number): node is DerNode =>
  node !== undefined && node.tagClass === 2 && node.tagNumber === n;

/**
 * Decodes an OBJECT IDENTIFIER's content bytes to dotted form.
 *
 * @internal
 */
export const decodeOid = (content: Uint8Array): string => {
  const parts: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.join(".");
};

/**
 * Reads an INTEGER's content as an unsigned big integer (the sign byte is dropped;
 * negative values are returned as negative bigints).
 *
 * @internal
 */
export const decodeInteger = (content: Uint8Array): bigint => {
  let value = 0n;
  for (const byte of content) value = (value << 8n) | BigInt(byte);
  if (content.length > 0 && (content[0]! & 0x80) !== 0) value -= 1n << BigInt(content.length * 8);
  return value;
};

const encodeLength = (length: number): number[] => {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
};

/**
 * Encodes one TLV with the given identifier octet (e.g. `0x30` for SEQUENCE).
 *
 * @internal
 */
export const encodeTlv = (identifier: number, content: Uint8Array): Uint8Array => {
  const header = [identifier, ...encodeLength(content.length)];
  const out = new Uint8Array(header.length + content.length);
  out.set(header, 0);
  out.set(content, header.length);
  return out;
};

/**
 * Concatenates byte arrays.
 *
 * @internal
 */
export const concatBytes = (...parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

/**
 * Encodes unsigned big-endian magnitude bytes as a DER INTEGER (minimal, with a
 * `00` sign byte when the high bit is set).
 *
 * @internal
 */
export const encodeUnsignedInteger = (magnitude: Uint8Array): Uint8Array => {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const content = (trimmed[0] ?? 0) & 0x80 ? concatBytes(Uint8Array.of(0), trimmed) : trimmed.length ? trimmed : Uint8Array.of(0);
  return encodeTlv(0x02, content);
};

/**
 * Encodes a dotted OID as a DER OBJECT IDENTIFIER.
 *
 * @internal
 */
export const encodeOid = (oid: string): Uint8Array => {
  const parts = oid.split(".").map(Number);
  const values = [parts[0]! * 40 + parts[1]!, ...parts.slice(2)];
  const bytes: number[] = [];
  for (const value of values) {
    const chunk: number[] = [value & 0x7f];
    for (let n = Math.floor(value / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return encodeTlv(0x06, Uint8Array.from(bytes));
};

/**
 * Byte-wise equality.
 *
 * @internal
 */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * Views bytes as a WebCrypto `BufferSource` (TypeScript 5.9 distinguishes
 * `ArrayBuffer`-backed views from shared ones; ours never are shared).
 *
 * @internal
 */
export const asBufferSource = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => bytes as Uint8Array<ArrayBuffer>;
