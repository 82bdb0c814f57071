import { RolesAnywhereError } from "../../errors";
import { TAG, decodeOid, isUniversal, parseDer } from "../../encoding/der";
import { decodePem, encodePem } from "../../encoding/pem";
import { type TpmPublicKey, readTpmPublic } from "./tpmPublic";

/** PEM label of a TPM 2.0 key file (the TSS2 key format of openssl_tpm2_engine and tpm2-openssl). @internal */
export const TSS2_LABEL = "TSS2 PRIVATE KEY";

/**
 * A TPM 2.0 key file: a key wrapped by a parent key inside one TPM, usable only by that TPM.
 *
 * @internal
 */
export interface Tss2Key {
  /** True when the key has no password (userAuth is empty). */
  readonly emptyAuth: boolean;
  /** The parent's TPM handle (a persistent key, or a hierarchy whose standard primary key is recreated). */
  readonly parent: number;
  readonly publicKey: TpmPublicKey;
  /** The key block alone as PEM, for the TPM tooling. */
  readonly pem: string;
}

/** TPMKey type for a key the TPM loads under its parent (TCG TSS 2.0 key file format). */
const LOADABLE_KEY = "2.23.133.10.1.3";
const TPM_RH_OWNER = 0x40000001;
const TPM_RH_NULL = 0x40000007;
const TPM_RH_ENDORSEMENT = 0x4000000b;
const TPM_RH_PLATFORM = 0x4000000c;
const PERSISTENT = 0x81;

const invalid = (detail: string): RolesAnywhereError =>
  new RolesAnywhereError("ERR_INVALID_PRIVATE_KEY", `The TPM key file (${TSS2_LABEL}) could not be read: ${detail}.`);

/** A TPM2B (2-byte big-endian size, then that many bytes): returns the body, checking the size. */
const tpm2bBody = (bytes: Uint8Array, what: string): Uint8Array => {
  if (bytes.length < 2 || bytes.length - 2 !== ((bytes[0]! << 8) | bytes[1]!)) throw invalid(`the ${what} blob has a wrong length`);
  return bytes.subarray(2);
};

/**
 * Reads the `TSS2 PRIVATE KEY` block of a PEM text (other blocks, e.g. a certificate in the same
 * file, are ignored): `TPMKey ::= SEQUENCE { type OID, emptyAuth [0] BOOLEAN OPTIONAL, policy [1]
 * OPTIONAL, secret [2] OPTIONAL, authPolicy [3] OPTIONAL, parent INTEGER, pubkey OCTET STRING,
 * privkey OCTET STRING }`. Keys bound to policies, imported keys (`secret`) and sealed data are
 * refused, as aws_signing_helper does. Pure.
 *
 * @throws RolesAnywhereError `ERR_INVALID_PRIVATE_KEY` or `ERR_UNSUPPORTED_KEY`.
 * @internal
 */
export const readTss2Key = (pem: string): Tss2Key => {
  let der: Uint8Array | undefined;
  try {
    der = decodePem(pem).find((block) => block.label === TSS2_LABEL)?.der;
  } catch (error) {
    throw invalid((error as Error).message);
  }
  if (der === undefined) throw invalid(`there is no "${TSS2_LABEL}" block`);
  const root = parseDer(der);
  if (!isUniversal(root, TAG.SEQUENCE)) throw invalid("the data is not DER");
  const [typeNode, ...rest] = root.children;
  if (!isUniversal(typeNode, TAG.OID)) throw invalid("the key type is missing");
  const type = decodeOid(typeNode.content);
  if (type !== LOADABLE_KEY) {
    throw new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      `The TPM key file is of type ${type}, not a loadable key (${LOADABLE_KEY}). Create the key with "openssl genpkey -provider tpm2" or tpm2tss-genkey.`,
    );
  }
  let emptyAuth = false;
  const fields: typeof rest = [];
  for (const node of rest) {
    if (node.tagClass !== 2) {
      fields.push(node);
    } else if (node.tagNumber === 0) {
      const value = node.children[0];
      // Some tools write TRUE as 0x01 rather than DER's 0xFF: any non-zero byte is true.
      if (!isUniversal(value, TAG.BOOLEAN) || value.content.length !== 1) throw invalid("emptyAuth is not a BOOLEAN");
      emptyAuth = value.content[0] !== 0;
    } else if (node.tagNumber === 1 || node.tagNumber === 3) {
      throw new RolesAnywhereError(
        "ERR_UNSUPPORTED_KEY",
        "The TPM key is bound to a policy, which is not supported (nor by aws_signing_helper). Use a key protected by a password, or by none.",
      );
    } else if (node.tagNumber === 2) {
      throw invalid("it has a 'secret' field, which a loadable key must not have");
    }
  }
  const [parentNode, pubNode, privNode] = fields;
  if (!isUniversal(parentNode, TAG.INTEGER) || !isUniversal(pubNode, TAG.OCTET_STRING) || !isUniversal(privNode, TAG.OCTET_STRING)) {
    throw invalid("parent, public or private part is missing");
  }
  const parent = parentNode.content.reduce((value, byte) => value * 256 + byte, 0);
  if (parent >>> 24 !== PERSISTENT && ![TPM_RH_OWNER, TPM_RH_NULL, TPM_RH_ENDORSEMENT, TPM_RH_PLATFORM].includes(parent)) {
    throw invalid(`its parent 0x${parent.toString(16)} is neither a persistent key nor a hierarchy`);
  }
  tpm2bBody(privNode.content, "private");
  return { emptyAuth, parent, publicKey: readTpmPublic(tpm2bBody(pubNode.content, "public")), pem: encodePem(TSS2_LABEL, der) };
};
