import { type DerNode, TAG, asBufferSource, isUniversal } from "../../encoding/der";
import { algorithmIdentifier, smallInteger } from "./asn1Values";
import { AES_CBC_KEY_BYTES, MAX_ITERATIONS, PBE_OID, PRF_HASHES } from "./encryptionOids";
import { loadNodeCrypto, nodeDecipher } from "../nodeCrypto";
import { malformedEncryption, unsupportedEncryption, wrongPassphrase } from "../passphraseErrors";

interface Cipher {
  readonly kind: "AES" | "3DES";
  readonly keyBytes: number;
  readonly iv: Uint8Array;
}

const readCipher = (node: DerNode | undefined, what: string): Cipher => {
  const algorithm = algorithmIdentifier(node);
  if (!algorithm) throw malformedEncryption(what, "the PBES2 encryption scheme is not an AlgorithmIdentifier");
  const iv = algorithm.params;
  const aesBytes = AES_CBC_KEY_BYTES[algorithm.oid];
  if (aesBytes !== undefined) {
    if (!isUniversal(iv, TAG.OCTET_STRING) || iv.content.length !== 16) throw malformedEncryption(what, "the AES-CBC IV is not 16 bytes");
    return { kind: "AES", keyBytes: aesBytes, iv: iv.content };
  }
  if (algorithm.oid === PBE_OID.desEde3Cbc) {
    if (!isUniversal(iv, TAG.OCTET_STRING) || iv.content.length !== 8) throw malformedEncryption(what, "the 3DES-CBC IV is not 8 bytes");
    return { kind: "3DES", keyBytes: 24, iv: iv.content };
  }
  throw unsupportedEncryption(
    `The ${what} is encrypted with the cipher OID ${algorithm.oid}, which is not supported (AES-128/192/256-CBC and DES-EDE3-CBC are)`,
  );
};

const pbkdf2 = async (
  params: DerNode | undefined,
  password: Uint8Array,
  keyBytes: number,
  what: string,
  subtle: SubtleCrypto,
): Promise<Uint8Array> => {
  if (!isUniversal(params, TAG.SEQUENCE)) throw malformedEncryption(what, "the PBKDF2 parameters are missing");
  const [salt, count, ...rest] = params.children;
  if (!isUniversal(salt, TAG.OCTET_STRING)) throw unsupportedEncryption(`The ${what}'s PBKDF2 salt is not an OCTET STRING`);
  const iterations = smallInteger(count);
  if (iterations === undefined || iterations < 1) throw malformedEncryption(what, "the PBKDF2 iteration count is not a positive integer");
  if (iterations > MAX_ITERATIONS)
    throw unsupportedEncryption(`The ${what} asks for ${iterations} PBKDF2 iterations, more than the ${MAX_ITERATIONS} allowed`);
  const keyLengthNode = rest.find((node) => isUniversal(node, TAG.INTEGER));
  const keyLength = keyLengthNode === undefined ? keyBytes : smallInteger(keyLengthNode);
  if (keyLength !== keyBytes) throw malformedEncryption(what, `the PBKDF2 key length ${String(keyLength)} does not fit the cipher`);
  const prf = algorithmIdentifier(rest.find((node) => isUniversal(node, TAG.SEQUENCE)));
  const hash = prf === undefined ? "SHA-1" : PRF_HASHES[prf.oid];
  if (!hash)
    throw unsupportedEncryption(`The ${what} uses the PBKDF2 PRF OID ${prf!.oid}, which is not supported (HMAC-SHA1/256/384/512 are)`);
  const base = await subtle.importKey("raw", asBufferSource(password), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(
    await subtle.deriveBits({ name: "PBKDF2", salt: asBufferSource(salt.content), iterations, hash }, base, keyBytes * 8),
  );
};

const scrypt = async (params: DerNode | undefined, password: Uint8Array, keyBytes: number, what: string): Promise<Uint8Array> => {
  if (!isUniversal(params, TAG.SEQUENCE)) throw malformedEncryption(what, "the scrypt parameters are missing");
  const [salt, costNode, blockNode, parallelNode, keyLengthNode] = params.children;
  const [N, r, p] = [smallInteger(costNode), smallInteger(blockNode), smallInteger(parallelNode)];
  if (!isUniversal(salt, TAG.OCTET_STRING) || !N || !r || !p) throw malformedEncryption(what, "the scrypt parameters are incomplete");
  if (keyLengthNode !== undefined && smallInteger(keyLengthNode) !== keyBytes)
    throw malformedEncryption(what, "the scrypt key length does not fit the cipher");
  const crypto = await loadNodeCrypto();
  if (!crypto?.scryptSync) throw unsupportedEncryption(`The ${what} is encrypted with scrypt, which needs node:crypto (Node, Deno or Bun)`);
  const maxmem = 128 * N * r * p + 64 * 1024 * 1024;
  if (maxmem > 2 ** 31)
    throw unsupportedEncryption(`The ${what}'s scrypt parameters (N=${N}, r=${r}, p=${p}) need more than 2 GiB of memory`);
  return new Promise((resolve, reject) => {
    crypto.scrypt(password, salt.content, keyBytes, { N, r, p, maxmem }, (error, key) => {
      if (error) reject(malformedEncryption(what, `scrypt failed (${error.message})`));
      else resolve(new Uint8Array(key));
    });
  });
};

/**
 * Decrypts CBC data with AES (WebCrypto) or 3DES (node:crypto). A padding failure
 * means a wrong key, reported as ERR_BAD_PASSPHRASE.
 *
 * @internal
 */
export const decryptCbc = async (
  kind: "AES" | "3DES",
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  what: string,
  subtle: SubtleCrypto,
): Promise<Uint8Array> => {
  if (kind === "AES") {
    const cryptoKey = await subtle.importKey("raw", asBufferSource(key), "AES-CBC", false, ["decrypt"]);
    try {
      return new Uint8Array(await subtle.decrypt({ name: "AES-CBC", iv: asBufferSource(iv) }, cryptoKey, asBufferSource(data)));
    } catch {
      throw wrongPassphrase(what);
    }
  }
  const crypto = await loadNodeCrypto();
  if (!crypto) throw unsupportedEncryption(`The ${what} is encrypted with 3DES, which needs node:crypto (Node, Deno or Bun)`);
  try {
    return nodeDecipher(crypto, "des-ede3-cbc", key, iv, data);
  } catch {
    throw wrongPassphrase(what);
  }
};

/**
 * Decrypts PBES2 (RFC 8018) data: PBKDF2 (HMAC-SHA1/256/384/512) or scrypt, then
 * AES-128/192/256-CBC or DES-EDE3-CBC. `password` is the passphrase's UTF-8 bytes.
 *
 * @internal
 */
export const decryptPbes2 = async (
  params: DerNode | undefined,
  data: Uint8Array,
  password: Uint8Array,
  what: string,
  subtle: SubtleCrypto,
): Promise<Uint8Array> => {
  if (!isUniversal(params, TAG.SEQUENCE) || params.children.length !== 2)
    throw malformedEncryption(what, "the PBES2 parameters are not a SEQUENCE of two algorithms");
  const kdf = algorithmIdentifier(params.children[0]);
  if (!kdf) throw malformedEncryption(what, "the PBES2 key derivation function is not an AlgorithmIdentifier");
  const cipher = readCipher(params.children[1], what);
  let key: Uint8Array;
  if (kdf.oid === PBE_OID.pbkdf2) key = await pbkdf2(kdf.params, password, cipher.keyBytes, what, subtle);
  else if (kdf.oid === PBE_OID.scrypt) key = await scrypt(kdf.params, password, cipher.keyBytes, what);
  else throw unsupportedEncryption(`The ${what} uses the key derivation OID ${kdf.oid}, which is not supported (PBKDF2 and scrypt are)`);
  try {
    return await decryptCbc(cipher.kind, key, cipher.iv, data, what, subtle);
  } finally {
    key.fill(0);
  }
};
