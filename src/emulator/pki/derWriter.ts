/**
 * A small DER writer: just the ASN.1 types that certificates, CSRs and CRLs need. Every function
 * returns the complete TLV.
 * @module
 */
import { concatBytes, encodeOid, encodeTlv, encodeUnsignedInteger } from "../../encoding/der";

/** A TLV with the given identifier octet. @internal */
export const tlv = (tag: number, ...content: Uint8Array[]): Uint8Array => encodeTlv(tag, concatBytes(...content));

/** SEQUENCE. @internal */
export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, ...items);
/** SET (items in the order given; callers sort when DER requires it). @internal */
export const set = (...items: Uint8Array[]): Uint8Array => tlv(0x31, ...items);
/** NULL. @internal */
export const nul = (): Uint8Array => Uint8Array.of(0x05, 0x00);
/** BOOLEAN. @internal */
export const bool = (value: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, value ? 0xff : 0x00);
/** OCTET STRING. @internal */
export const octets = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);
/** BIT STRING with no unused bits. @internal */
export const bits = (bytes: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), bytes);
/** UTF8String. @internal */
export const utf8 = (text: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(text));
/** PrintableString. @internal */
export const printable = (text: string): Uint8Array => tlv(0x13, new TextEncoder().encode(text));
/** A context-specific constructed (explicit) tag `[n]`. @internal */
export const explicit = (n: number, ...content: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...content);
/** A context-specific primitive (implicit) tag `[n]` over raw content. @internal */
export const implicit = (n: number, content: Uint8Array): Uint8Array => tlv(0x80 | n, content);

/** INTEGER from a non-negative bigint (minimal two's-complement encoding). @internal */
export function int(value: bigint | number): Uint8Array {
  let n = BigInt(value);
  if (n < 0n) throw new RangeError("negative INTEGER");
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  return encodeUnsignedInteger(Uint8Array.from(bytes));
}

/** OBJECT IDENTIFIER from dotted text. @internal */
export const oid = (dotted: string): Uint8Array => encodeOid(dotted);

/** UTCTime for years 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5). @internal */
export function time(date: Date): Uint8Array {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, new TextEncoder().encode(digits.slice(2))) : tlv(0x18, new TextEncoder().encode(digits));
}
