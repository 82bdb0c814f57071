import { TAG, decodeInteger, decodeOid, isUniversal, parseDer, type DerNode } from "../../encoding/der";

/**
 * The parts of an X.509 CRL (RFC 5280 §5) the emulator uses.
 * @internal
 */
export interface ParsedCrl {
  /** DER of `tbsCertList`, the signed bytes. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithmOid: string;
  /** The signature AlgorithmIdentifier's parameters, when present (RSASSA-PSS needs them). */
  readonly signatureAlgorithmParams?: DerNode;
  readonly signatureValue: Uint8Array;
  /** Revoked serial numbers. */
  readonly revokedSerials: ReadonlySet<bigint>;
}

const isTime = (tag: number | undefined) => tag === TAG.UTC_TIME || tag === TAG.GENERALIZED_TIME;

/**
 * Parses a DER CRL, or returns `undefined` when it is not one.
 * @internal
 */
export function parseCrl(der: Uint8Array): ParsedCrl | undefined {
  const root = parseDer(der);
  const [tbs, algorithm, signature] = root?.children ?? [];
  if (!isUniversal(root, TAG.SEQUENCE) || !isUniversal(tbs, TAG.SEQUENCE) || !isUniversal(signature, TAG.BIT_STRING)) {
    return undefined;
  }
  const algorithmOid = algorithm?.children[0];
  if (!isUniversal(algorithmOid, TAG.OID)) return undefined;
  const fields = [...tbs.children];
  if (isUniversal(fields[0], TAG.INTEGER)) fields.shift(); // version (v2)
  const [, issuer, thisUpdate, ...rest] = fields; // signature AlgorithmIdentifier, issuer Name, thisUpdate
  if (!isUniversal(issuer, TAG.SEQUENCE) || !(thisUpdate && thisUpdate.tagClass === 0 && isTime(thisUpdate.tagNumber))) {
    return undefined;
  }
  if (rest[0] && rest[0].tagClass === 0 && isTime(rest[0].tagNumber)) rest.shift(); // nextUpdate
  const revokedSerials = new Set<bigint>();
  const list = rest[0];
  if (isUniversal(list, TAG.SEQUENCE)) {
    for (const entry of list.children) {
      const serial = entry.children[0];
      if (isUniversal(serial, TAG.INTEGER)) revokedSerials.add(decodeInteger(serial.content));
    }
  }
  const params = algorithm?.children[1];
  return {
    tbs: tbs.raw,
    signatureAlgorithmOid: decodeOid(algorithmOid.content),
    ...(params === undefined ? {} : { signatureAlgorithmParams: params }),
    signatureValue: signature.content.subarray(1),
    revokedSerials,
  };
}
