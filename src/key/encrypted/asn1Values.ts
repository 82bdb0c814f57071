import { type DerNode, TAG, decodeInteger, decodeOid, isUniversal } from "../../encoding/der";

/**
 * Reads a small non-negative INTEGER, or `undefined` when the node is not one.
 *
 * @internal
 */
export const smallInteger = (node: DerNode | undefined): number | undefined => {
  if (!isUniversal(node, TAG.INTEGER) || node.content.length > 6) return undefined;
  const value = decodeInteger(node.content);
  return value < 0n ? undefined : Number(value);
};

/**
 * Reads an AlgorithmIdentifier: `SEQUENCE { OID, parameters? }`.
 *
 * @internal
 */
export const algorithmIdentifier = (node: DerNode | undefined): { oid: string; params: DerNode | undefined } | undefined => {
  if (!isUniversal(node, TAG.SEQUENCE)) return undefined;
  const [oid, params] = node.children;
  if (!isUniversal(oid, TAG.OID)) return undefined;
  return { oid: decodeOid(oid.content), params };
};
