import { type DerNode, TAG, asBufferSource, bytesEqual, isUniversal } from "../../encoding/der";
import { algorithmIdentifier, smallInteger } from "../encrypted/asn1Values";
import { DIGEST_HASHES, MAX_PKCS12_KDF_ITERATIONS } from "../encrypted/encryptionOids";
import { malformedEncryption, unsupportedEncryption } from "../passphraseErrors";
import { KDF_ID, type KdfControl, bmpPassword, pkcs12Kdf } from "../encrypted/pkcs12Kdf";

const WHAT = "PKCS#12 file";
const HASH_BYTES = { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 } as const;

/**
 * Checks a PKCS#12 `MacData` (HMAC keyed by the PKCS#12 KDF, RFC 7292 appendix B)
 * over the authenticated-safe bytes. Returns the password form that verified,
 * or `false`. For an empty or absent passphrase both the absent form (no bytes) and
 * the empty BMPString are tried, as OpenSSL does.
 *
 * @internal
 */
export const verifyPkcs12Mac = async (
  macData: DerNode,
  content: Uint8Array,
  passphrase: string | undefined,
  subtle: SubtleCrypto,
  control: KdfControl = {},
): Promise<{ passphrase: string | undefined } | false> => {
  const [digestInfo, saltNode, iterationsNode] = macData.children;
  const digestAlgorithm = algorithmIdentifier(digestInfo?.children[0]);
  const expected = digestInfo?.children[1];
  if (!digestAlgorithm || !isUniversal(expected, TAG.OCTET_STRING) || !isUniversal(saltNode, TAG.OCTET_STRING)) {
    throw malformedEncryption(WHAT, "the MAC data is incomplete");
  }
  const hash = DIGEST_HASHES[digestAlgorithm.oid];
  if (!hash) {
    throw unsupportedEncryption(
      `The ${WHAT} is authenticated with the MAC algorithm OID ${digestAlgorithm.oid}, which is not supported (HMAC with SHA-1/256/384/512 is; re-export the file with "openssl pkcs12 -export -macalg sha256")`,
    );
  }
  const iterations = iterationsNode === undefined ? 1 : smallInteger(iterationsNode);
  if (iterations === undefined || iterations < 1) throw malformedEncryption(WHAT, "the MAC iteration count is not a positive integer");
  if (iterations > MAX_PKCS12_KDF_ITERATIONS) {
    throw unsupportedEncryption(`The ${WHAT}'s MAC asks for ${iterations} iterations, more than the ${MAX_PKCS12_KDF_ITERATIONS} allowed`);
  }
  const candidates = passphrase === undefined || passphrase === "" ? [passphrase, passphrase === undefined ? "" : undefined] : [passphrase];
  for (const candidate of candidates) {
    const password = bmpPassword(candidate);
    let keyBytes: Uint8Array;
    try {
      keyBytes = await pkcs12Kdf(hash, password, saltNode.content, iterations, KDF_ID.mac, HASH_BYTES[hash], subtle, control);
    } finally {
      password.fill(0);
    }
    const key = await subtle.importKey("raw", asBufferSource(keyBytes), { name: "HMAC", hash }, false, ["sign"]);
    keyBytes.fill(0);
    const mac = new Uint8Array(await subtle.sign("HMAC", key, asBufferSource(content)));
    if (bytesEqual(mac, expected.content)) return { passphrase: candidate };
  }
  return false;
};
