/**
 * Stand-in for `asn1js` inside the CLI bundles only (see tsup.config.ts), as providerErrorShim.ts
 * is for `@smithy/property-provider`. The library builds keep the real package.
 *
 * encoding/der.ts uses one function of asn1js, `fromBER`, and reads only the structure of its
 * result (tags, header lengths, the element's bytes, the children of constructed elements).
 * asn1js builds several objects per element and decodes every value; at a cold CLI start,
 * loading it and parsing one certificate took about 8 ms of a `credential-process` run. This
 * reader walks the same BER structure and returns the same shape.
 *
 * The contract, checked by test/cli/asn1jsShim.spec.ts against asn1js itself over generated
 * certificates, keys, CRLs and BER files and over many thousands of damaged and random inputs:
 * whenever der.ts's `parseDerWith` builds a tree with this reader, `parseDer` (asn1js 3.1 with
 * `parseEmbedded: false`) builds the same tree; this reader may refuse more. The contract is on the
 * pair with der.ts, not on `fromBER` alone: der.ts's own checks (time strings, length octets)
 * refuse some inputs asn1js throws on, and this reader leaves those to it, so loosening der.ts's
 * time patterns would need a look here.
 *
 * Mirrored refusals of asn1js: the limits of 100 levels, 10,000 elements and 16 MiB of content;
 * constructed forms of primitive types, and universal 0 constructed with content; universal tags
 * 15 and from 37 up; a first length octet 0xFF; primitive elements of indefinite length; BIT
 * STRING unused bits above 7, and in two segments of a constructed BIT STRING; constructed OCTET
 * and BIT STRINGs made of anything else; an OBJECT IDENTIFIER whose last octet continues; a
 * BMPString of odd or a UniversalString of not-multiple-of-four length; a GeneralizedTime with a
 * comma; a top-level UTCTime asn1js cannot read (its pattern: twelve digits then Z, anywhere).
 *
 * Stricter than asn1js, where it is lenient by accident: a child that runs past the end of its
 * parent; an indefinite length without its end-of-contents; end-of-contents with content or in
 * constructed form; SEQUENCE and SET in primitive form (asn1js reads their content as elements
 * anyway); indefinite lengths on the types asn1js reads as plain bytes; identifiers with more than
 * four octets after the first (tag numbers from 2^28, or padded); length fields of more than four
 * octets; and strings asn1js decodes with `String.fromCharCode.apply` longer than 16 KiB. asn1js
 * throws on those past a size that depends on the stack left (about 125,000 octets on Node 20 at a
 * shallow stack); 16 KiB under 100 levels of nesting stays clear of it with Node's default stack,
 * not with a much smaller `--stack-size`.
 *
 * Like asn1js, it works on a copy of its input, a plain `Uint8Array` even when given a `Buffer`.
 * @internal
 */

import { TAG } from "../encoding/tags";

/** What der.ts reads of an element (the names are asn1js's). */
interface ShimBlock {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean; blockLength: number };
  lenBlock: { blockLength: number };
  valueBeforeDecodeView: Uint8Array;
  valueBlock: { value?: ShimBlock[] };
  /** Set only on a result asn1js would mark as failed. */
  error?: string;
  /** A BIT STRING's unused bits as asn1js tracks them (constructed: its last segment's). */
  unusedBits: number;
}

// asn1js's default limits.
const MAX_DEPTH = 100;
const MAX_NODES = 10_000;
const MAX_CONTENT_LENGTH = 16 * 1024 * 1024;

/** asn1js numbers tag classes from 1 (universal), der.ts from 0. */
const UNIVERSAL = 1;
const { END_OF_CONTENTS, BIT_STRING, OCTET_STRING, OID, RELATIVE_OID, UTC_TIME, GENERALIZED_TIME, UNIVERSAL_STRING, BMP_STRING } = TAG;
/** Universal types asn1js refuses in constructed form. */
const PRIMITIVE_ONLY = new Set([1, 2, 5, 6, 9, 13, 14, 23, 24, 31, 32, 33, 34]);
/** SEQUENCE and SET: asn1js reads their content as elements even in primitive form. */
const ALWAYS_CONSTRUCTED = new Set([16, 17]);
/** Universal types whose constructed form asn1js reads as plain bytes (no children). */
const READ_AS_BYTES = new Set([10, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 29, 30]);
const COMMA = 0x2c;
/**
 * Types asn1js decodes with `String.fromCharCode.apply(null, octets)`, which throws past about
 * 125,000 octets on Node 20 (fewer the deeper the stack): refused above 16 KiB, which no name or
 * time in a certificate comes near.
 */
const DECODED_BY_APPLY = new Set([18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
const MAX_DECODED_BY_APPLY = 16 * 1024;

interface Walk {
  readonly bytes: Uint8Array;
  nodes: number;
}

/** asn1js's checks on a primitive value it decodes (a failed one fails the whole parse). */
const valueAccepted = (tagClass: number, tagNumber: number, content: Uint8Array): boolean => {
  if (tagClass !== UNIVERSAL) return true;
  if (DECODED_BY_APPLY.has(tagNumber) && content.length > MAX_DECODED_BY_APPLY) return false;
  switch (tagNumber) {
    case BIT_STRING:
      return content.length === 0 || content[0]! <= 7;
    case OID:
    case RELATIVE_OID:
      return content.length === 0 || (content[content.length - 1]! & 0x80) === 0;
    case GENERALIZED_TIME:
      return !content.includes(COMMA);
    case UNIVERSAL_STRING:
      return content.length % 4 === 0;
    case BMP_STRING:
      return content.length % 2 === 0;
    default:
      return true;
  }
};

const isUniversal = (block: ShimBlock, tagNumber: number): boolean =>
  block.idBlock.tagClass === UNIVERSAL && block.idBlock.tagNumber === tagNumber;

/** Reads the element at `start`, within `[start, end)`; `undefined` when asn1js would refuse it or it is malformed. */
const readElement = (walk: Walk, start: number, end: number, depth: number): ShimBlock | undefined => {
  const { bytes } = walk;
  if (start >= end || ++walk.nodes > MAX_NODES) return undefined;
  let at = start;
  const first = bytes[at++]!;
  const tagClass = (first >> 6) + 1;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (let count = 1; ; count++) {
      if (at >= end || count > 4) return undefined;
      const octet = bytes[at++]!;
      tagNumber = tagNumber * 128 + (octet & 0x7f);
      if ((octet & 0x80) === 0) break;
    }
  }
  const idLength = at - start;
  if (tagClass === UNIVERSAL) {
    if (tagNumber === 15 || tagNumber >= 37 || (constructed ? PRIMITIVE_ONLY : ALWAYS_CONSTRUCTED).has(tagNumber)) return undefined;
  }

  if (at >= end) return undefined;
  const lengthStart = at;
  const lengthOctet = bytes[at++]!;
  const indefinite = lengthOctet === 0x80;
  let length = 0;
  if (lengthOctet === 0xff) return undefined;
  if (lengthOctet < 0x80) length = lengthOctet;
  else if (!indefinite) {
    const count = lengthOctet & 0x7f;
    if (count > 4 || at + count > end) return undefined;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[at++]!;
  }
  const lengthLength = at - lengthStart;
  const available = end - at;
  if ((indefinite ? available : length) > MAX_CONTENT_LENGTH) return undefined;
  if (indefinite && (!constructed || (tagClass === UNIVERSAL && READ_AS_BYTES.has(tagNumber)))) return undefined;
  if (!indefinite && length > available) return undefined;
  const block = (blockEnd: number, children?: ShimBlock[], unusedBits = 0): ShimBlock => ({
    idBlock: { tagClass, tagNumber, isConstructed: constructed, blockLength: idLength },
    lenBlock: { blockLength: lengthLength },
    valueBeforeDecodeView: bytes.subarray(start, blockEnd),
    valueBlock: children ? { value: children } : {},
    unusedBits,
  });

  if (tagClass === UNIVERSAL && tagNumber === END_OF_CONTENTS) return !constructed && length === 0 ? block(at) : undefined;
  if (!constructed || (tagClass === UNIVERSAL && READ_AS_BYTES.has(tagNumber))) {
    const content = bytes.subarray(at, at + length);
    if (!valueAccepted(tagClass, tagNumber, content)) return undefined;
    return block(at + length, undefined, tagClass === UNIVERSAL && tagNumber === BIT_STRING && length > 0 ? content[0]! : 0);
  }

  const children: ShimBlock[] = [];
  const stop = indefinite ? end : at + length;
  let ended = !indefinite;
  while (at < stop) {
    if (depth + 1 > MAX_DEPTH) return undefined;
    const child = readElement(walk, at, stop, depth + 1);
    if (child === undefined) return undefined;
    at += child.valueBeforeDecodeView.length;
    if (indefinite && isUniversal(child, END_OF_CONTENTS)) {
      ended = true;
      break;
    }
    children.push(child);
  }
  if (!ended) return undefined;
  let unusedBits = 0;
  if (tagClass === UNIVERSAL && (tagNumber === OCTET_STRING || tagNumber === BIT_STRING)) {
    for (const child of children) {
      if (!isUniversal(child, tagNumber)) return undefined;
      if (tagNumber === BIT_STRING) {
        if (unusedBits > 0 && child.unusedBits > 0) return undefined;
        unusedBits = child.unusedBits;
      }
    }
  }
  return block(at, children, unusedBits);
};

const TWELVE_DIGITS_AND_Z = /(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z/i;

const failed = (error: string): { offset: number; result: Partial<ShimBlock> } => ({ offset: -1, result: { error } });

/**
 * Reads one BER element from the start of `input`, as asn1js's `fromBER(input, { parseEmbedded: false })`:
 * `offset` is where the element ends (-1 when it cannot be read), `result` the element.
 * @internal
 */
export function fromBER(input: Uint8Array, _options?: { parseEmbedded?: boolean }): { offset: number; result: unknown } {
  if (input.byteLength === 0) return failed("the input is empty");
  // `new Uint8Array(input)` copies (a Buffer's `slice` would not), as asn1js does.
  const walk: Walk = { bytes: new Uint8Array(input), nodes: 0 };
  const result = readElement(walk, 0, walk.bytes.length, 0);
  if (result === undefined) return failed("not a well-formed BER element");
  if (isUniversal(result, UTC_TIME)) {
    // asn1js marks a top-level UTCTime it cannot read on the result (nested ones it lets pass).
    let text = "";
    for (const octet of result.valueBeforeDecodeView.subarray(result.idBlock.blockLength + result.lenBlock.blockLength))
      text += String.fromCharCode(octet);
    if (!TWELVE_DIGITS_AND_Z.test(text)) result.error = "a UTCTime that is not YYMMDDhhmmssZ";
  }
  return { offset: result.valueBeforeDecodeView.length, result };
}
