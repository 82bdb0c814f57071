import { RolesAnywhereError } from "../errors";
import { TAG, concatBytes, decodeOid, encodeOid, encodeTlv, isContext, isUniversal, parseDer } from "../encoding/der";
import { CURVES, ML_DSA_OIDS, OID } from "../encoding/oids";
import { type MlDsaParameterSet, type MlDsaPrivateKey, readMlDsaPrivateKey } from "./mlDsaKey";
import { type PemBlock, decodePem, isPem } from "../encoding/pem";
import { wordedError } from "../errorWords";

/**
 * An unencrypted private key in PKCS#8 form, with what we learnt about it.
 *
 * @internal
 */
export interface Pkcs8Key {
  readonly pkcs8: Uint8Array;
  readonly type: "RSA" | "EC" | "ML-DSA";
  /** For EC keys. */
  readonly namedCurve?: "P-256" | "P-384" | "P-521";
  /**
   * For RSA keys: the RSAPrivateKey (PKCS#1) inside `pkcs8`, which `node:crypto` imports in about a
   * third of the time a PKCS#8 takes (OpenSSL 3 tries fewer decoders on it).
   */
  readonly pkcs1?: Uint8Array;
  /** For ML-DSA keys: the parameter set and the seed and/or expanded key. */
  readonly mlDsa?: MlDsaPrivateKey;
}

const KEY_LABELS = new Set([
  "PRIVATE KEY",
  "RSA PRIVATE KEY",
  "EC PRIVATE KEY",
  "ENCRYPTED PRIVATE KEY",
  "DSA PRIVATE KEY",
  "OPENSSH PRIVATE KEY",
]);

const invalid = (detail: string): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_INVALID_PRIVATE_KEY",
    `The private key could not be read: ${detail}. Provide a PEM ("-----BEGIN PRIVATE KEY-----", "RSA PRIVATE KEY" or "EC PRIVATE KEY") or DER bytes of a PKCS#8, PKCS#1 or SEC1 key.`,
  );

const unsupported = (detail: string, fix: string): RolesAnywhereError => new RolesAnywhereError("ERR_UNSUPPORTED_KEY", `${detail}. ${fix}`);

const encryptedNeedsPassphrase = (): RolesAnywhereError =>
  wordedError(
    "ERR_BAD_PASSPHRASE",
    (words) => `The private key is encrypted and must be decrypted with its passphrase first. Pass it with ${words.option("passphrase")}.`,
  );

const algorithmOf = (oid: string, params: ReturnType<typeof parseDer>): Pkcs8Key | RolesAnywhereError => {
  if (oid === OID.rsaEncryption) return { pkcs8: new Uint8Array(), type: "RSA" };
  if (oid === OID.ecPublicKey) {
    const curveOid = isUniversal(params, TAG.OID) ? decodeOid(params.content) : "";
    const namedCurve = CURVES[curveOid];
    if (!namedCurve) {
      return unsupported(`The EC private key uses the curve ${curveOid || "(explicit parameters)"}`, "Use a P-256, P-384 or P-521 key.");
    }
    return { pkcs8: new Uint8Array(), type: "EC", namedCurve };
  }
  const mlDsa = ML_DSA_OIDS[oid];
  if (mlDsa) return { pkcs8: new Uint8Array(), type: "ML-DSA", mlDsa: { parameterSet: mlDsa as MlDsaParameterSet } };
  const name =
    oid === OID.ed25519
      ? "an Ed25519 key"
      : oid === OID.ed448
        ? "an Ed448 key"
        : oid === OID.dsa
          ? "a DSA key"
          : oid === RSASSA_PSS
            ? "an RSASSA-PSS key (an RSA key restricted to PSS signatures; Roles Anywhere's RSA signatures are PKCS#1 v1.5)"
            : `a key of the algorithm OID ${oid}`;
  return unsupported(
    `The private key is ${name}, which Roles Anywhere signing here does not support`,
    "Use an RSA (2048 bits or more) or EC P-256/P-384/P-521 key and certificate.",
  );
};

/** id-RSASSA-PSS: an RSA key limited to PSS (`openssl genpkey -algorithm RSA-PSS`). */
const RSASSA_PSS = "1.2.840.113549.1.1.10";

const wrapPkcs8 = (algorithm: Uint8Array, privateKey: Uint8Array): Uint8Array =>
  encodeTlv(0x30, concatBytes(encodeTlv(0x02, Uint8Array.of(0)), encodeTlv(0x30, algorithm), encodeTlv(0x04, privateKey)));

/**
 * Reads DER bytes of a PKCS#8, PKCS#1 (RSA) or SEC1 (EC) private key into PKCS#8.
 * `curveHint` supplies the curve of a SEC1 key that omits its parameters.
 *
 * @internal
 */
export const derToPkcs8 = (der: Uint8Array, curveHint?: string): Pkcs8Key => {
  const node = parseDer(der);
  if (!isUniversal(node, TAG.SEQUENCE)) throw invalid("the data is not DER");
  const [first, second, third] = node.children;
  // EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }
  if (isUniversal(first, TAG.SEQUENCE) && isUniversal(second, TAG.OCTET_STRING) && node.children.length === 2)
    throw encryptedNeedsPassphrase();
  if (!isUniversal(first, TAG.INTEGER)) throw invalid("the structure is not a private key");
  const version = first.content[0];
  // PKCS#12 PFX: SEQUENCE { INTEGER 3, ContentInfo, MacData }
  if (version === 3 && isUniversal(second, TAG.SEQUENCE)) {
    throw wordedError(
      "ERR_UNSUPPORTED_KEY",
      (words) =>
        `The private key data is a PKCS#12 (.p12/.pfx) file. Pass it as ${words.option("pkcs12")} with its passphrase, instead of a separate certificate and private key.`,
    );
  }
  if (isUniversal(second, TAG.SEQUENCE) && isUniversal(third, TAG.OCTET_STRING)) {
    const [oidNode, params] = second.children;
    if (!isUniversal(oidNode, TAG.OID)) throw invalid("the PKCS#8 algorithm is malformed");
    const algorithm = algorithmOf(decodeOid(oidNode.content), params);
    if (algorithm instanceof RolesAnywhereError) throw algorithm;
    if (algorithm.type === "ML-DSA")
      return { ...algorithm, pkcs8: node.raw, mlDsa: readMlDsaPrivateKey(algorithm.mlDsa!.parameterSet, third.content) };
    return { ...algorithm, pkcs8: node.raw, ...(algorithm.type === "RSA" ? { pkcs1: third.content } : {}) };
  }
  // RSAPrivateKey: version 0 with nine INTEGERs, or 1 (multi-prime RSA) with a tenth element listing the other primes.
  const rsaElements = version === 0 ? 9 : version === 1 ? 10 : Infinity;
  if (isUniversal(second, TAG.INTEGER) && node.children.length >= rsaElements) {
    const algorithm = concatBytes(encodeOid(OID.rsaEncryption), Uint8Array.of(0x05, 0x00));
    return { pkcs8: wrapPkcs8(algorithm, node.raw), pkcs1: node.raw, type: "RSA" };
  }
  if (version === 1 && isUniversal(second, TAG.OCTET_STRING)) {
    const paramsNode = node.children.find((child) => isContext(child, 0))?.children[0];
    const curveOid = isUniversal(paramsNode, TAG.OID)
      ? decodeOid(paramsNode.content)
      : Object.keys(CURVES).find((oid) => CURVES[oid] === curveHint);
    const namedCurve = curveOid === undefined ? undefined : CURVES[curveOid];
    if (!curveOid || !namedCurve) {
      throw unsupported(`The EC private key uses the curve ${curveOid ?? "(not stated)"}`, "Use a P-256, P-384 or P-521 key.");
    }
    return { pkcs8: wrapPkcs8(concatBytes(encodeOid(OID.ecPublicKey), encodeOid(curveOid)), node.raw), type: "EC", namedCurve };
  }
  throw invalid("the structure is not PKCS#8, PKCS#1 or SEC1");
};

/**
 * Finds the private-key block of a PEM text (a file with a certificate and key
 * together is fine). DSA and OpenSSH keys are refused here, with what to do instead.
 *
 * @internal
 */
export const findKeyBlock = (input: string): PemBlock => {
  if (!isPem(input)) throw invalid("the text is not PEM");
  let blocks;
  try {
    blocks = decodePem(input);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const block = blocks.find(({ label }) => KEY_LABELS.has(label));
  if (!block) {
    const labels = blocks.map(({ label }) => label).join(", ") || "none";
    throw invalid(`the PEM has no private key block (found: ${labels})`);
  }
  if (block.label === "DSA PRIVATE KEY") throw algorithmOf(OID.dsa, undefined) as RolesAnywhereError;
  if (block.label === "OPENSSH PRIVATE KEY") {
    throw unsupported(
      "The private key is in OpenSSH format",
      'Convert it to PKCS#8 with "ssh-keygen -p -m PKCS8 -f key" or use the key your CA issued the certificate for.',
    );
  }
  return block;
};
