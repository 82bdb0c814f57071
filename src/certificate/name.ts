import { type DerNode, TAG, decodeOid, isUniversal } from "../encoding/der";
import { NAME_ATTRIBUTES } from "../encoding/oids";

/**
 * One attribute of a distinguished name, in certificate order.
 *
 * @public
 */
export interface NameAttribute {
  readonly oid: string;
  /** `CN`, `O`, `OU`, `C`, `ST`, `L`, … when the OID is known. */
  readonly shortName?: string;
  readonly value: string;
}

/**
 * A directory string's text, or `undefined` when its bytes cannot be one: a BMPString of an odd
 * length, a UniversalString whose length is not a multiple of four or that holds a value past
 * U+10FFFF (String.fromCodePoint would throw a RangeError on it).
 */
const decodeString = (node: DerNode): string | undefined => {
  const { content, tagNumber } = node;
  if (tagNumber === TAG.BMP_STRING) {
    if (content.length % 2 !== 0) return undefined;
    let out = "";
    for (let i = 0; i < content.length; i += 2) out += String.fromCharCode((content[i]! << 8) | content[i + 1]!);
    return out;
  }
  if (tagNumber === TAG.UNIVERSAL_STRING) {
    if (content.length % 4 !== 0) return undefined;
    let out = "";
    for (let i = 0; i < content.length; i += 4) {
      const codePoint = ((content[i]! << 24) | (content[i + 1]! << 16) | (content[i + 2]! << 8) | content[i + 3]!) >>> 0;
      if (codePoint > 0x10ffff) return undefined;
      out += String.fromCodePoint(codePoint);
    }
    return out;
  }
  if (tagNumber === TAG.T61_STRING) return String.fromCharCode(...content);
  return new TextDecoder().decode(content);
};

/**
 * Reads a `Name` (SEQUENCE OF RelativeDistinguishedName) into a flat list of
 * attributes in certificate order. Returns `undefined` if the structure is wrong.
 *
 * @internal
 */
export const readName = (node: DerNode): NameAttribute[] | undefined => {
  if (!isUniversal(node, TAG.SEQUENCE)) return undefined;
  const attributes: NameAttribute[] = [];
  for (const rdn of node.children) {
    if (!isUniversal(rdn, TAG.SET)) return undefined;
    for (const pair of rdn.children) {
      const [type, value] = pair.children;
      if (!isUniversal(type, TAG.OID) || value === undefined) return undefined;
      const oid = decodeOid(type.content);
      const shortName = NAME_ATTRIBUTES[oid];
      const text = decodeString(value);
      if (text === undefined) return undefined;
      attributes.push(shortName === undefined ? { oid, value: text } : { oid, shortName, value: text });
    }
  }
  return attributes;
};

/**
 * Renders a name the way `openssl x509 -nameopt RFC2253` would, most specific
 * attribute first, e.g. `CN=DavianThule,O=Lab`.
 *
 * @public
 */
export const formatName = (attributes: readonly NameAttribute[]): string =>
  [...attributes]
    .reverse()
    .map(({ oid, shortName, value }) => `${shortName ?? oid}=${value.replace(/([,+"\\<>;])/g, "\\$1")}`)
    .join(",");
