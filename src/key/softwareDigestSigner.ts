import { RolesAnywhereError } from "../errors";
import { ecdsaRawToDer } from "../encoding/ecdsaSignature";
import { asBufferSource } from "../encoding/der";
import type { DigestName, DigestSigner } from "./digestSigner";
import type { Pkcs8Key } from "./privateKey";

/**
 * A {@link DigestSigner} for an RSA or EC key held in memory (WebCrypto, non-extractable keys;
 * an RSA key is imported once per digest, since WebCrypto binds the hash at import).
 *
 * @internal
 */
export const createSoftwareDigestSigner = async (key: Pkcs8Key, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<DigestSigner> => {
  if (key.type === "ML-DSA") throw new RolesAnywhereError("ERR_UNSUPPORTED_KEY", "ML-DSA keys sign through their certificate's signer.");
  const algorithm = key.type === "RSA" ? { name: "RSASSA-PKCS1-v1_5" } : { name: "ECDSA", namedCurve: key.namedCurve! };
  const importFor = (hash: DigestName, extractable: boolean) =>
    subtle.importKey("pkcs8", asBufferSource(key.pkcs8), { ...algorithm, hash }, extractable, ["sign"]);
  let spki: Uint8Array;
  let keys: Record<DigestName, CryptoKey>;
  try {
    // WebCrypto derives no public key from a private one: take it from the JWK's public members.
    const jwk = await subtle.exportKey("jwk", await importFor("SHA-256", true));
    const publicJwk: JsonWebKey =
      key.type === "RSA" ? { kty: "RSA", n: jwk.n!, e: jwk.e! } : { kty: "EC", crv: jwk.crv!, x: jwk.x!, y: jwk.y! };
    const publicKey = await subtle.importKey("jwk", publicJwk, key.type === "RSA" ? { ...algorithm, hash: "SHA-256" } : algorithm, true, [
      "verify",
    ]);
    spki = new Uint8Array(await subtle.exportKey("spki", publicKey));
    const [sha256, sha384, sha512] = await Promise.all((["SHA-256", "SHA-384", "SHA-512"] as const).map((hash) => importFor(hash, false)));
    keys = { "SHA-256": sha256!, "SHA-384": sha384!, "SHA-512": sha512! };
  } catch (error) {
    if (error instanceof RolesAnywhereError) throw error;
    throw new RolesAnywhereError(
      "ERR_INVALID_PRIVATE_KEY",
      `The ${key.type} private key is malformed and could not be imported. Check that the file is complete.`,
    );
  }
  return {
    type: key.type,
    spki,
    sign: async (data, digest) =>
      key.type === "RSA"
        ? new Uint8Array(await subtle.sign(algorithm, keys[digest], asBufferSource(data)))
        : ecdsaRawToDer(new Uint8Array(await subtle.sign({ name: "ECDSA", hash: digest }, keys[digest], asBufferSource(data)))),
  };
};
