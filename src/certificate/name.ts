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

const decodeString = (node: DerNode): string => {
  const { content, tagNumber } = node;
  if (tagNumber === TAG.BMP_STRING) {
    let out = "";
    for (let i = 0; i + 1 < content.length; i += 2) out += String.fromCharCode((content[i]! << 8) | content[i + 1]!);
    return out;
  }
  if (tagNumber === TAG.UNIVERSAL_STRING) {
    let out = "";
    for (let i = 0; i + 3 < content.length; i += 4) {
      out += String.fromCodePoint(((content[i]! << 24) | (content[i + 1]! << 16) | (content[i + 2]! << 8) | content[i + 3]!) >>> 0);
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
