import { fromBER } from "asn1js";
import { TAG } from "./tags";

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

/** Universal tag numbers (encoding/tags.ts), where the DER helpers have always offered them. @internal */
export { TAG };

/** Deeper nesting than any certificate, key or PKCS#12 file has is refused (bounded recursion). */
const MAX_DEPTH = 512;
/** Lengths of more than four bytes (4 GiB) cannot describe anything held in memory here. */
const MAX_LENGTH_BYTES = 4;

const UTC_TIME_TEXT = /^\d{10}(\d{2})?(Z|[+-]\d{4})$/;
const GENERALIZED_TIME_TEXT = /^\d{10}(\d{2}(\d{2}([.,]\d+)?)?)?(Z|[+-]\d{4})?$/;

/** A time value must at least be a time string: anything else is not a well-formed element. */
const validTime = (tagNumber: number, constructed: boolean, content: Uint8Array): boolean => {
  if (constructed) return false;
  let text = "";
  for (const byte of content) text += String.fromCharCode(byte);
  return (tagNumber === TAG.UTC_TIME ? UTC_TIME_TEXT : GENERALIZED_TIME_TEXT).test(text);
};

interface Asn1Like {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean; blockLength: number };
  lenBlock: { blockLength: number };
  valueBeforeDecodeView: Uint8Array;
  valueBlock: { value?: unknown };
}

/**
 * asn1js's block as a {@link DerNode}; `undefined` past {@link MAX_DEPTH}, for a length of more
 * than {@link MAX_LENGTH_BYTES} bytes, or for a time that is not a time string.
 */
const toNode = (block: Asn1Like, depth: number): DerNode | undefined => {
  if (depth > MAX_DEPTH || block.lenBlock.blockLength > 1 + MAX_LENGTH_BYTES) return undefined;
  const raw = block.valueBeforeDecodeView;
  const headerLength = block.idBlock.blockLength + block.lenBlock.blockLength;
  const tagClass = block.idBlock.tagClass - 1;
  const tagNumber = block.idBlock.tagNumber;
  const constructed = block.idBlock.isConstructed;
  const content = raw.subarray(headerLength);
  if (tagClass === 0 && (tagNumber === TAG.UTC_TIME || tagNumber === TAG.GENERALIZED_TIME) && !validTime(tagNumber, constructed, content))
    return undefined;
  const value = block.valueBlock.value;
  const children: DerNode[] = [];
  if (constructed && Array.isArray(value)) {
    for (const child of value as Asn1Like[]) {
      const node = toNode(child, depth + 1);
      if (node === undefined) return undefined;
      children.push(node);
    }
  }
  return { tagClass, tagNumber, constructed, raw, content, children };
};

/**
 * The one function of asn1js that {@link parseDer} uses: the CLI bundles swap asn1js for a
 * stand-in of the same shape (src/cli/asn1jsShim.ts), and the tests compare the two through
 * {@link parseDerWith}.
 *
 * @internal
 */
export type BerReader = (input: Uint8Array, options: { parseEmbedded: false }) => { offset: number; result: unknown };

/**
 * {@link parseDer} with the given reader.
 *
 * @internal
 */
export const parseDerWith = (read: BerReader, bytes: Uint8Array): DerNode | undefined => {
  if (bytes.length < 2) return undefined;
  try {
    // asn1js can throw (e.g. a RangeError from a DataView on a length that overruns its parent,
    // or from the stack on absurd nesting). Embedded parsing (asn1js reading the content of every
    // OCTET and BIT STRING as ASN.1, just in case) is off: nothing here uses its result.
    const { offset, result } = read(bytes, { parseEmbedded: false });
    if (offset !== bytes.length || (result as { error?: string }).error) return undefined;
    return toNode(result as Asn1Like, 0);
  } catch {
    return undefined;
  }
};

/**
 * Parses one complete DER element with asn1js. Returns `undefined` when the bytes are not a
 * single well-formed element (trailing bytes included), when a UTCTime or GeneralizedTime is not
 * a time string, or when nesting is deeper than any real structure, so callers can raise an error
 * that names what they were reading. Nodes are views of a copy of `bytes`.
 *
 * @internal
 */
export const parseDer = (bytes: Uint8Array): DerNode | undefined => parseDerWith(fromBER, bytes);

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

/** Byte-wise equality (encoding/bytes.ts), where the DER helpers have always offered it. @internal */
export { bytesEqual } from "./bytes";

/**
 * Views bytes as a WebCrypto `BufferSource` (TypeScript 5.9 distinguishes
 * `ArrayBuffer`-backed views from shared ones; ours never are shared).
 *
 * @internal
 */
export const asBufferSource = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => bytes as Uint8Array<ArrayBuffer>;
